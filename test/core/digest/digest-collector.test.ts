// The digest collector against a real store: which papers each topic picks up in a window (the same as a search
// would, restricted to the window's papers), what was already delivered, and the temp index's lifetime.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestCollector, type DigestCollector } from '../../../src/app/digest/digest-collector.js';
import { digestWindow, type DigestWindow } from '../../../src/core/digest/digest-window.js';
import { previewDigest } from '../../../src/app/digest/preview-digest.js';
import type { PaperInput } from '../../../src/core/paper.js';
import { searchPapers } from '../../../src/app/search/search.js';
import { subscribe } from '../../../src/app/subscriptions.js';
import type { Target, TargetAddress } from '../../../src/core/targets/target.js';
import type { Store } from '../../../src/store/database.js';
import { claimDigest } from '../../../src/store/deliveries-repository.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { refreshSearchVocabulary } from '../../../src/store/search-index.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repository.js';
import { sqlRows, sqlRun } from '../../../src/store/sql-runner.js';
import { ensureTarget, findTarget } from '../../../src/store/targets-repository.js';
import { createStoreOf, DIALECTS, type Dialect } from '../../helpers/temp-store.js';

// Digest on Wednesday 2 December 2026, 09:00 UTC (the default schedule): the window starts at Tuesday's run,
// Tuesday's Daily Papers list is trending, and topics look back to Saturday 28 November.
const SCHEDULED = new Date('2026-12-02T09:00:00Z');
const DATE = '2026-12-02';

interface Fixture {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  publishedAt: string;
  dailyDate?: string;
  upvotes?: number;
  categories?: string[];
  organization?: { name: string; fullname: string | null };
}

const PAPERS: Fixture[] = [
  {
    id: '2611.10001',
    title: 'Diffusing Priors for Video Generation',
    abstract: 'We study video generation with learned priors that keep long clips coherent.',
    authors: ['Ada Lovelace', 'Grace Hopper'],
    publishedAt: '2026-11-30T00:00:00.000Z',
    dailyDate: '2026-12-01',
    upvotes: 20,
    categories: ['cs.CV'],
    organization: { name: 'deepmind', fullname: 'Google DeepMind' },
  },
  {
    id: '2611.10002',
    title: 'Optimization of Reward Models for RLHF',
    abstract: 'Reinforcement learning from human feedback depends on reward models; we improve their training.',
    authors: ['Alan Turing'],
    publishedAt: '2026-11-29T00:00:00.000Z',
    dailyDate: '2026-12-01',
    upvotes: 12,
    categories: ['cs.LG', 'cs.CL'],
    organization: { name: 'openai', fullname: 'OpenAI' },
  },
  {
    // Both words, never next to each other: not the phrase "video generation".
    id: '2611.10003',
    title: 'Generation of Long Video with Transformers',
    abstract: 'A transformer for the generation of long, coherent video clips.',
    authors: ['Grace Hopper'],
    publishedAt: '2026-11-28T12:00:00.000Z',
    categories: ['cs.CV'],
  },
  {
    id: '2611.10004',
    title: 'Diffusion Policies for Robot Vision',
    abstract: 'Diffusion policies trained on robotic vision data.',
    authors: ['Claude Shannon'],
    publishedAt: '2026-11-30T06:00:00.000Z',
    dailyDate: '2026-12-01',
    upvotes: 5,
    categories: ['cs.RO'],
  },
  {
    // Long before the window.
    id: '2611.10005',
    title: 'Diffusion Models Revisited Last Month',
    abstract: 'An older diffusion paper by Ada Lovelace.',
    authors: ['Ada Lovelace'],
    publishedAt: '2026-11-01T00:00:00.000Z',
    dailyDate: '2026-11-02',
    upvotes: 50,
    categories: ['cs.CV'],
  },
  {
    // After the window's end.
    id: '2611.10006',
    title: 'Diffusion After the Digest',
    abstract: 'Published and listed after the digest was sent.',
    authors: ['Ada Lovelace'],
    publishedAt: '2026-12-02T10:00:00.000Z',
    dailyDate: '2026-12-02',
    upvotes: 40,
    categories: ['cs.CV'],
  },
  {
    // British spelling, inside the window.
    id: '2611.10007',
    title: 'Optimisation of Sparse Attention Kernels',
    abstract: 'We optimise sparse attention kernels for long contexts.',
    authors: ['Harriet Pemberton'],
    publishedAt: '2026-11-30T00:00:00.000Z',
    categories: ['cs.LG'],
  },
  {
    // Published long ago, but listed on Daily Papers inside the window: a topic candidate by its listing.
    id: '2611.10008',
    title: 'Diffusion Transformers at Scale',
    abstract: 'Scaling diffusion transformers.',
    authors: ['Alan Turing'],
    publishedAt: '2026-10-01T00:00:00.000Z',
    dailyDate: '2026-11-30',
    upvotes: 8,
    categories: ['cs.LG'],
  },
];

const IN_WINDOW = new Set(['2611.10001', '2611.10002', '2611.10003', '2611.10004', '2611.10007', '2611.10008']);

/** A paper as both sources tell it: arXiv (text, categories), Hugging Face (listing, upvotes, organization). */
function inputsOf(paper: Fixture): PaperInput[] {
  const arxiv: PaperInput = {
    source: 'arxiv',
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    authors: paper.authors,
    publishedAt: paper.publishedAt,
    categories: paper.categories ?? [],
  };
  if (paper.dailyDate === undefined) return [arxiv];
  const hf: PaperInput = {
    source: 'hf',
    id: paper.id,
    title: paper.title,
    dailyDate: paper.dailyDate,
    upvotes: paper.upvotes ?? 0,
    ...(paper.organization === undefined ? {} : { organization: paper.organization }),
  };
  return [arxiv, hf];
}

function address(name: string): TargetAddress {
  return { platform: 'console', workspace: 'local', kind: 'channel', address: name };
}

describe.each(DIALECTS)('on %s', (dialect: Dialect) => {
  let temp: { store: Store; cleanup(): Promise<void> };
  let store: Store;
  beforeEach(async () => {
    temp = await createStoreOf(dialect);
    store = temp.store;
    await upsertPapers(store, PAPERS.flatMap(inputsOf), '2026-12-02T00:00:00.000Z');
    await refreshSearchVocabulary(store);
  });
  afterEach(async () => temp.cleanup());

  /** A target following these topics, with no trending section unless a size is given. */
  async function targetWith(name: string, topics: readonly string[], size = 0): Promise<Target> {
    const target = await ensureTarget(store, address(name), new Date('2026-11-25T00:00:00Z'), null);
    for (const topic of topics) {
      const result = await subscribe(store, { address: address(name), topic, by: null, now: new Date('2026-11-25T00:00:00Z') });
      expect(result.outcome, `${topic}: ${result.message}`).toBe('added');
    }
    return { ...target, settings: { ...target.settings, size } };
  }

  function windowFor(target: Target): DigestWindow {
    return digestWindow(target.settings, SCHEDULED, null);
  }

  /** Ids each topic shows in the target's digest (a paper appears under the first topic it matches). */
  async function topicIds(target: Target, collector = digestCollector(store)): Promise<Record<string, string[]>> {
    const subscriptions = await listSubscriptions(store, target.id);
    const built = await collector.collect({ target, date: DATE, window: windowFor(target), subscriptions });
    return Object.fromEntries(built.digest.topics.map((t) => [t.topic, t.items.map((i) => i.id).sort()]));
  }

  /** Ids each topic matches on its own: one digest per subscription, so no topic hides another's papers. */
  async function matchesOfEach(target: Target, collector: DigestCollector): Promise<Record<string, string[]>> {
    const matched: Record<string, string[]> = {};
    for (const subscription of await listSubscriptions(store, target.id)) {
      const built = await collector.collect({ target, date: DATE, window: windowFor(target), subscriptions: [subscription] });
      for (const section of built.digest.topics) matched[section.topic] = section.items.map((i) => i.id).sort();
    }
    return matched;
  }

  /**
   * The topic indexes alive. On SQLite each is an FTS5 table in the connection's temp schema; on PostgreSQL a
   * window's topics are matched in paper_search among the window's doc ids, so no table is made, and the lifetime
   * assertions below expect none there (see `tables`), which also checks that nothing is left behind.
   */
  async function topicTables(): Promise<string[]> {
    const rows = await sqlRows<{ name: string }>(
      store,
      dialect === 'sqlite'
        ? "SELECT name FROM sqlite_temp_master WHERE type = 'table' AND name LIKE 'topic_candidates%' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        : "SELECT relname AS name FROM pg_class WHERE relname LIKE 'topic\\_candidates%'",
    );
    return rows.map((r) => r.name);
  }

  /** How many topic index tables `sqliteCount` indexes make: as many on SQLite, none on PostgreSQL. */
  const tables = (sqliteCount: number): number => (dialect === 'sqlite' ? sqliteCount : 0);

  describe('the digest window', () => {
    it('is the default schedule period before the run, with its topic look-back', async () => {
      const target = await targetWith('window', []);
      expect(windowFor(target)).toEqual({
        start: new Date('2026-12-01T09:00:00Z'),
        end: SCHEDULED,
        trendingDays: ['2026-12-01'],
        topicsFrom: '2026-11-28',
      });
    });
  });

  describe('topic matching', () => {
    // Each topic, and what it matches among the window's papers.
    const CASES: [topic: string, ids: string[]][] = [
      ['diffusion', ['2611.10001', '2611.10004', '2611.10008']],
      ['video generation', ['2611.10001', '2611.10003']],
      ['"video generation"', ['2611.10001']],
      ['diffusion -vision', ['2611.10001', '2611.10008']],
      ['video -"video generation"', ['2611.10003']],
      ['author:lovelace', ['2611.10001']],
      ['author:"grace hopper"', ['2611.10001', '2611.10003']],
      ['org:deepmind', ['2611.10001']],
      ['org:"google deepmind" video', ['2611.10001']],
      ['cat:cs.CV', ['2611.10001', '2611.10003']],
      ['cat:cs.lg', ['2611.10002', '2611.10007', '2611.10008']],
      ['diffusion -cat:cs.CV', ['2611.10004', '2611.10008']],
      ['diffusion since:2026-11-01', ['2611.10001', '2611.10004']],
      ['video since:2026-11-29', ['2611.10001']],
      ['optimisation', ['2611.10002', '2611.10007']],
      ['optimization', ['2611.10002', '2611.10007']],
      ['rlhf', ['2611.10002']],
      ['diffus*', ['2611.10001', '2611.10004', '2611.10008']],
      ['Reinforcement Learning', ['2611.10002']],
      ['lattice chromodynamics', []],
    ];

    it('matches each topic as written: words, phrases, exclusions, author:, org:, cat:, since:, stems, spellings', async () => {
      const target = await targetWith(
        'topics',
        CASES.map(([topic]) => topic),
      );
      const collector = digestCollector(store);
      try {
        const matched = await matchesOfEach(target, collector);
        expect(matched).toEqual(Object.fromEntries(CASES.map(([topic, ids]) => [topic, [...ids].sort()])));
      } finally {
        collector.close();
      }
    });

    it('means the same as a search, among the papers of the window', async () => {
      for (const [topic, ids] of CASES) {
        const response = await searchPapers(store, topic, { limit: 50, now: SCHEDULED });
        // A search may relax a query or correct a typo; a topic never does. These queries need neither (relaxing
        // "lattice chromodynamics" to either word still finds nothing).
        if (ids.length > 0) expect(response.relaxed, topic).toBe(false);
        expect(response.corrections, topic).toEqual([]);
        // A search goes on to papers with most of the words; a topic keeps to those with all of them.
        const found = response.hits
          .filter((h) => h.complete === true)
          .map((h) => h.paper.id)
          .filter((id) => IN_WINDOW.has(id));
        expect(found.sort(), topic).toEqual([...ids].sort());
      }
    });

    it('matches "diffusing" for "diffusion" by the stem, and the old and late papers are outside the window', async () => {
      const target = await targetWith('stems', ['diffusion', 'lovelace']);
      const collector = digestCollector(store);
      const matched = await matchesOfEach(target, collector);
      collector.close();
      expect(matched.diffusion).toContain('2611.10001');
      // 2611.10005 (a month old) and 2611.10006 (after the digest) match the words but not the window.
      expect(matched.diffusion).not.toContain('2611.10005');
      expect(matched.diffusion).not.toContain('2611.10006');
      expect(matched.lovelace).toEqual(['2611.10001']);
    });

    it('shows a paper matching two topics once, under the first', async () => {
      const target = await targetWith('overlap', ['video', 'diffusion']);
      const matched = await topicIds(target);
      expect(matched.video).toEqual(['2611.10001', '2611.10003']);
      expect(matched.diffusion).toEqual(['2611.10004', '2611.10008']);
    });

    it('leaves trending papers out of the topics, and keeps the trending section to the window days', async () => {
      const target = await targetWith('trending', ['diffusion'], 10);
      const collector = digestCollector(store);
      try {
        const built = await collector.collect({
          target,
          date: DATE,
          window: windowFor(target),
          subscriptions: await listSubscriptions(store, target.id),
        });
        expect(built.digest.trending.map((i) => i.id)).toEqual(['2611.10001', '2611.10002', '2611.10004']);
        expect(built.digest.topics).toEqual([{ topic: 'diffusion', items: [expect.objectContaining({ id: '2611.10008' })], more: 0 }]);
        expect(built.paperIds.sort()).toEqual(['2611.10001', '2611.10002', '2611.10004', '2611.10008']);
      } finally {
        collector.close();
      }
    });
  });

  describe('already delivered papers', () => {
    it('are left out for the target they were sent to, and only for it', async () => {
      const first = await targetWith('first', ['diffusion', 'optimization']);
      const second = await targetWith('second', ['diffusion', 'optimization']);
      const stored = await findTarget(store, address('first'));
      if (stored === null) throw new Error('target missing');
      const window = windowFor(first);
      const claim = await claimDigest(store, {
        targetId: first.id,
        expectedRunAt: stored.nextRunAt,
        nextRunAt: new Date(stored.nextRunAt.getTime() + 86_400_000),
        nextWindowStart: stored.nextRunAt,
        digestDate: '2026-11-30',
        windowStart: window.start,
        windowEnd: window.end,
        status: 'pending',
        content: { trending: [], topics: [{ topic: 'diffusion', ids: ['2611.10001', '2611.10008'], more: 0 }] },
        paperIds: ['2611.10001', '2611.10008'],
        error: null,
        owner: 'test',
        leaseMs: 60_000,
        now: new Date('2026-11-30T09:00:00Z'),
      });
      expect(claim).toMatchObject({ claimed: true });
      // Recorded straight in the ledger too, as an older digest would have left it.
      await sqlRun(store, 'INSERT INTO delivered_papers (target_id, doc_id, delivery_id) SELECT ?, doc_id, 0 FROM papers WHERE id = ?', [
        first.id,
        '2611.10007',
      ]);

      const collector = digestCollector(store);
      try {
        expect(await topicIds(first, collector)).toEqual({ diffusion: ['2611.10004'], optimization: ['2611.10002'] });
        // The second target shares the window (and its index) and has been sent nothing.
        expect(await topicIds(second, collector)).toEqual({
          diffusion: ['2611.10001', '2611.10004', '2611.10008'],
          optimization: ['2611.10002', '2611.10007'],
        });
        expect(await topicTables()).toHaveLength(tables(1));
      } finally {
        collector.close();
      }
    });

    it('read ahead for a prepared batch, are the same, and a target collected again reads them afresh', async () => {
      const first = await targetWith('first', ['diffusion', 'optimization']);
      const second = await targetWith('second', ['diffusion', 'optimization']);
      const sent = async (target: Target, id: string) =>
        sqlRun(store, 'INSERT INTO delivered_papers (target_id, doc_id, delivery_id) SELECT ?, doc_id, 0 FROM papers WHERE id = ?', [
          target.id,
          id,
        ]);
      await sent(first, '2611.10007');
      const collector = digestCollector(store);
      try {
        // A topic that is no query (saved before a parser change) fails nothing here.
        await collector.prepare([windowFor(first), windowFor(second)], {
          topics: ['diffusion', 'optimization', 'diffusion', '-alone'],
          targets: [first, second].map((target) => ({ target, window: windowFor(target) })),
        });
        expect(await topicIds(first, collector)).toEqual({
          diffusion: ['2611.10001', '2611.10004', '2611.10008'],
          optimization: ['2611.10002'],
        });
        expect(await topicIds(second, collector)).toEqual({
          diffusion: ['2611.10001', '2611.10004', '2611.10008'],
          optimization: ['2611.10002', '2611.10007'],
        });
        // Sent meanwhile (a catch-up digest went out): the next collect of the target reads its record again.
        await sent(first, '2611.10001');
        expect(await topicIds(first, collector)).toEqual({ diffusion: ['2611.10004', '2611.10008'], optimization: ['2611.10002'] });
      } finally {
        collector.close();
      }
    });
  });

  describe('the topic index', () => {
    it('is built once per window, reused across targets, and dropped on close', async () => {
      const a = await targetWith('a', ['video generation', 'cat:cs.LG']);
      const b = await targetWith('b', ['cat:cs.LG', 'author:hopper']);
      const c = await targetWith('c', ['rlhf']);
      const collector = digestCollector(store);
      expect(await topicTables()).toEqual([]);
      const results = await Promise.all([topicIds(a, collector), topicIds(b, collector), topicIds(c, collector)]);
      expect(results).toEqual([
        { 'video generation': ['2611.10001', '2611.10003'], 'cat:cs.LG': ['2611.10002', '2611.10007', '2611.10008'] },
        { 'cat:cs.LG': ['2611.10002', '2611.10007', '2611.10008'], 'author:hopper': ['2611.10001', '2611.10003'] },
        { rlhf: ['2611.10002'] },
      ]);
      expect(await topicTables()).toHaveLength(tables(1));

      // Another window (a week later) gets its own index, with its own papers.
      const later = digestWindow(a.settings, new Date('2026-12-09T09:00:00Z'), null);
      const built = await collector.collect({
        target: c,
        date: '2026-12-09',
        window: later,
        subscriptions: await listSubscriptions(store, c.id),
      });
      expect(built.digest.topics).toEqual([{ topic: 'rlhf', items: [], more: 0 }]);
      expect(built.digest.context?.matched).toEqual({ rlhf: 0 });
      expect(await topicTables()).toHaveLength(tables(2));

      collector.close();
      expect(await topicTables()).toEqual([]);
      // Closing twice is harmless, and a closed collector can still build a new index (and drop it again).
      collector.close();
      expect(await topicIds(c, collector)).toEqual({ rlhf: ['2611.10002'] });
      collector.close();
      expect(await topicTables()).toEqual([]);
    });

    it('is not built when no target follows a topic', async () => {
      const target = await targetWith('none', [], 10);
      const collector = digestCollector(store);
      const built = await collector.collect({ target, date: DATE, window: windowFor(target), subscriptions: [] });
      expect(built.digest.trending).toHaveLength(3);
      expect(await topicTables()).toEqual([]);
      collector.close();
    });
  });

  describe('previewDigest', () => {
    it('shows the window when it has Daily Papers', async () => {
      const target = await targetWith('preview', ['diffusion'], 10);
      const stored = (await findTarget(store, address('preview'))) ?? target;
      const preview = await previewDigest(store, stored, new Date('2026-12-02T08:00:00Z'));
      expect(preview.fallbackDay).toBeNull();
      expect(preview.digest.window.trendingDays).toEqual(['2026-12-01']);
      expect(preview.digest.trending.map((i) => i.id)).toEqual(['2611.10001', '2611.10002', '2611.10004']);
      expect(preview.digest.topics[0]?.items.map((i) => i.id)).toEqual(['2611.10008']);
      expect(await topicTables()).toEqual([]);
    });

    it('falls back to the latest Daily Papers day when the window has none, and says which', async () => {
      const target = await targetWith('fallback', ['diffusion']);
      const stored = (await findTarget(store, address('fallback'))) ?? target;
      // A week after the last listing: Thursday 10 December, just after the 09:00 run, the window has no day.
      const preview = await previewDigest(store, stored, new Date('2026-12-10T12:00:00Z'));
      expect(preview.fallbackDay).toBe('2026-12-02');
      expect(preview.digest.date).toBe('2026-12-10');
      expect(preview.digest.trending.map((i) => i.id)).toEqual(['2611.10006']);
      expect(preview.digest.empty).toBe(false);
      expect(await topicTables()).toEqual([]);
    });

    it('does not fall back for a topics-only digest, nor when the store has no Daily Papers day', async () => {
      const target = await targetWith('topics-only', ['diffusion']);
      const stored = (await findTarget(store, address('topics-only'))) ?? target;
      const topicsOnly = await previewDigest(
        store,
        { ...stored, settings: { ...stored.settings, size: 0 } },
        new Date('2026-12-10T12:00:00Z'),
      );
      expect(topicsOnly.fallbackDay).toBeNull();

      const empty = await createStoreOf(dialect);
      try {
        const lone = await ensureTarget(empty.store, address('lone'), new Date('2026-12-01T00:00:00Z'), null);
        const preview = await previewDigest(empty.store, lone, new Date('2026-12-10T12:00:00Z'));
        expect(preview.fallbackDay).toBeNull();
        expect(preview.digest.empty).toBe(true);
      } finally {
        await empty.cleanup();
      }
    });
  });

  describe('windows ending together', () => {
    it('share topic indexes, whichever is collected first, and each keeps to its own papers', async () => {
      const target = await targetWith('shared', ['video', 'diffusion']);
      const wide = windowFor(target);
      // Same end, topics from Monday 30 November: "Generation of Long Video" (published Saturday 28th) is out.
      const narrow: DigestWindow = { ...wide, topicsFrom: '2026-11-30' };
      const subscriptions = await listSubscriptions(store, target.id);
      const idsFor = async (collector: DigestCollector, window: DigestWindow) => {
        const built = await collector.collect({ target, date: DATE, window, subscriptions });
        return Object.fromEntries(built.digest.topics.map((t) => [t.topic, t.items.map((i) => i.id).sort()]));
      };
      const alone = async (window: DigestWindow) => {
        const collector = digestCollector(store);
        try {
          return await idsFor(collector, window);
        } finally {
          collector.close();
        }
      };
      const expectedWide = await alone(wide);
      const expectedNarrow = await alone(narrow);
      expect(expectedWide.video).toEqual(['2611.10001', '2611.10003']);
      expect(expectedNarrow.video).toEqual(['2611.10001']);

      // The narrow window first, then the wide one (its earlier days become a second segment), then both again.
      const shared = digestCollector(store);
      try {
        expect(await idsFor(shared, narrow)).toEqual(expectedNarrow);
        expect(await idsFor(shared, wide)).toEqual(expectedWide);
        expect(await idsFor(shared, narrow)).toEqual(expectedNarrow);
        expect(await topicTables()).toHaveLength(tables(2));
      } finally {
        shared.close();
      }
      expect(await topicTables()).toEqual([]);

      // Prepared for both at once: one index holds them.
      const prepared = digestCollector(store);
      try {
        await prepared.prepare([narrow, wide]);
        expect(await topicTables()).toHaveLength(tables(1));
        expect(await idsFor(prepared, narrow)).toEqual(expectedNarrow);
        expect(await idsFor(prepared, wide)).toEqual(expectedWide);
        expect(await topicTables()).toHaveLength(tables(1));
      } finally {
        prepared.close();
      }
    });
  });
});
