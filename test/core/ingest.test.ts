import { afterEach, describe, expect, it } from 'vitest';
import type { SourceName } from '../../src/core/paper.js';
import { runIngest } from '../../src/app/ingest.js';
import { claimIngestRun } from '../../src/store/ingest-runs-repository.js';
import { openStore } from '../../src/store/database.js';
import { findPaper } from '../../src/store/papers-repository.js';
import { sqlRow } from '../../src/store/sql-runner.js';
import type { ArxivEntry } from '../doubles/arxiv-double.js';
import { hfItem, hfItems, patchPaper } from '../doubles/hf-double.js';
import { INGEST_T0, startIngestHarness, type IngestHarness } from '../helpers/ingest-harness.js';
import { DIALECTS, type Dialect } from '../helpers/temp-store.js';

const WINDOW = { from: '2026-01-05', to: '2026-01-07' };
const T0 = INGEST_T0;
const MINUTE = 60_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE);

describe.each(DIALECTS)('on %s', (dialect: Dialect) => {
  /** A fresh store, both upstream doubles, and an IngestContext wired to them by hand. */
  const setup = (arxivEntries: ArxivEntry[] = []): Promise<IngestHarness> => startIngestHarness(cleanups, arxivEntries, dialect);

  describe('runIngest from Hugging Face', () => {
    it('stores the good days when one day keeps answering 500, and fails the run naming that day', async () => {
      const h = await setup();
      h.hf.setDay('2026-01-05', hfItems(2, '2026-01-05', 20_000));
      h.hf.setDay('2026-01-06', hfItems(4, '2026-01-06', 30_000));
      h.hf.setDay('2026-01-07', hfItems(3, '2026-01-07', 40_000));
      h.hf.script({ kind: 'status', status: 500, date: '2026-01-06', times: Infinity });

      const report = await runIngest(h.ctx, 'hf', WINDOW);

      expect(report.status).toBe('failed');
      expect(report.error).toMatch(/^2026-01-06: .*failed after 2 attempts: HTTP 500/);
      expect(report.error).not.toMatch(/2026-01-0[57]/);
      expect(report.counts).toEqual({ fetched: 5, new: 5, updated: 0, unchanged: 0, skipped: 0 });
      expect(h.hf.requests.map((r) => r.params.date)).toEqual(['2026-01-07', '2026-01-06', '2026-01-06', '2026-01-05']);
      expect(h.retrySleeps).toEqual([750]);
      expect(await h.paperCount()).toBe(5);
      expect((await findPaper(h.ctx.store, '2601.40002'))?.dailyDate).toBe('2026-01-07');
      expect(await findPaper(h.ctx.store, '2601.30000')).toBeNull();

      const [run] = await h.runs();
      expect(run).toMatchObject({
        id: report.runId,
        source: 'hf',
        windowStart: '2026-01-05',
        windowEnd: '2026-01-07',
        status: 'failed',
        startedAt: T0.toISOString(),
        finishedAt: T0.toISOString(),
        error: report.error,
        fetched: 5,
        new: 5,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        skippedSamples: [],
      });
    });

    it('skips the remaining days, and says so, when Hugging Face does not answer at all', async () => {
      const h = await setup();
      h.ctx.http.timeoutMs = 200;
      h.hf.script({ kind: 'hang', times: Infinity });

      const report = await runIngest(h.ctx, 'hf', WINDOW);

      expect(report.status).toBe('failed');
      // Two attempts at the newest day, then nothing more: the other days would hang the same way.
      expect(h.hf.requests.map((r) => r.params.date)).toEqual(['2026-01-07', '2026-01-07']);
      expect(report.error).toMatch(/^2026-01-07: .*timed out after 200 ms; 2026-01-06, 2026-01-05: skipped, Hugging Face did not answer$/);
    });

    it('stops at once when the caller aborts, keeping what was fetched and freeing the source', async () => {
      const h = await setup();
      h.hf.setDay('2026-01-07', hfItems(3, '2026-01-07'));
      h.hf.script({ kind: 'hang', date: '2026-01-06', times: Infinity });
      const stopping = new AbortController();
      h.ctx.http.signal = stopping.signal;
      h.ctx.http.timeoutMs = 60_000;

      const running = runIngest(h.ctx, 'hf', WINDOW);
      await h.hf.waitForRequests(2);
      stopping.abort();
      const report = await running;

      expect(report.status).toBe('failed');
      expect(report.error).toBe('2026-01-06: stopped before the request finished');
      expect(report.counts.new).toBe(3);
      expect(h.hf.requests.map((r) => r.params.date)).toEqual(['2026-01-07', '2026-01-06']);
      const [run] = await h.runs();
      expect(run).toMatchObject({ status: 'failed', new: 3 });
      // The source is free for the next run straight away.
      h.ctx.http.signal = new AbortController().signal;
      h.hf.script();
      expect(
        (await runIngest({ ...h.ctx, http: { ...h.ctx.http, timeoutMs: 200 } }, 'hf', { from: '2026-01-07', to: '2026-01-07' })).status,
      ).toBe('succeeded');
    });

    it('renews its lease after every batch, so a long run keeps its claim', async () => {
      const h = await setup();
      h.hf.setDay('2026-01-07', hfItems(1, '2026-01-07'));
      h.setNow(at(T0, 4));
      const report = await runIngest(h.ctx, 'hf', { from: '2026-01-07', to: '2026-01-07' });
      const { lease } = await h.ctx.store.db
        .selectFrom('ingest_runs')
        .select('lease_expires_at as lease')
        .where('id', '=', report.runId ?? -1)
        .executeTakeFirstOrThrow();
      expect(lease).toBe(at(T0, 9).toISOString());
    });

    it('records skipped items in the run, and the run still succeeds', async () => {
      const h = await setup();
      const items = hfItems(4, '2026-01-07');
      items[1] = patchPaper(items[1]!, { upvotes: -5 });
      items[3] = { ...items[3]!, paper: undefined } as unknown as (typeof items)[number];
      h.hf.setDay('2026-01-07', items);

      const report = await runIngest(h.ctx, 'hf', { from: '2026-01-07', to: '2026-01-07' });

      expect(report.status).toBe('succeeded');
      expect(report.counts).toEqual({ fetched: 4, new: 2, updated: 0, unchanged: 0, skipped: 2 });
      const [run] = await h.runs();
      expect(run?.status).toBe('succeeded');
      expect(run?.error).toBeNull();
      expect(run?.skipped).toBe(2);
      expect(run?.skippedSamples).toEqual([
        { ref: '2601.10001', reason: 'paper.upvotes: Too small: expected number to be >=0' },
        { ref: 'item 3', reason: 'paper: Invalid input: expected object, received undefined' },
      ]);
      expect(await h.paperCount()).toBe(2);
    });

    it('stores papers whose text carries NUL bytes, which PostgreSQL refuses in text, without them', async () => {
      // Upstream text is bad input, not a reason to fail the day: NUL bytes are dropped (as every control character
      // is), and a URL holding one is no URL. Before, one NUL in an organization or a URL failed the whole day's
      // batch on PostgreSQL ('invalid byte sequence for encoding "UTF8": 0x00') on every run.
      const h = await setup();
      h.hf.setDay('2026-01-07', [
        hfItem({
          id: '2601.20001',
          day: '2026-01-07',
          title: 'Sparse\u0000 Routing',
          summary: 'We route\u0000 tokens.',
          authors: ['Ada\u0000 Lovelace'],
          organization: { name: 'deep\u0000mind', fullname: 'Google\u0000 DeepMind' },
          aiKeywords: ['load\u0000 balancing'],
          aiSummary: 'Routing\u0000.',
        }),
        hfItem({
          id: '2601.20002',
          day: '2026-01-07',
          githubRepo: 'https://github.com/example/a\u0000b',
          projectPage: 'https://example.org/\u0000',
        }),
        hfItem({ id: '2601.20003', day: '2026-01-07', organization: { name: '\u0000', fullname: '\u0000' } }),
      ]);

      const report = await runIngest(h.ctx, 'hf', { from: '2026-01-07', to: '2026-01-07' });

      expect(report.status).toBe('succeeded');
      expect(report.counts).toEqual({ fetched: 3, new: 3, updated: 0, unchanged: 0, skipped: 0 });
      expect(await findPaper(h.ctx.store, '2601.20001')).toMatchObject({
        title: 'Sparse Routing',
        abstract: 'We route tokens.',
        authors: ['Ada Lovelace'],
        organization: 'deepmind',
        organizationName: 'Google DeepMind',
        aiKeywords: ['load balancing'],
        aiSummary: 'Routing.',
      });
      expect(await findPaper(h.ctx.store, '2601.20002')).toMatchObject({ githubRepo: null, projectPage: null });
      expect(await findPaper(h.ctx.store, '2601.20003')).toMatchObject({ organization: null });
    });

    it('keeps at most ten skipped samples but counts every skipped item', async () => {
      const h = await setup();
      const broken = hfItems(14, '2026-01-07').map((item) => patchPaper(item, { title: '' }));
      h.hf.setDay('2026-01-07', [...broken, ...hfItems(1, '2026-01-07', 50_000)]);
      const report = await runIngest(h.ctx, 'hf', { from: '2026-01-07', to: '2026-01-07' });
      expect(report.counts).toMatchObject({ fetched: 15, new: 1, skipped: 14 });
      const [run] = await h.runs();
      expect(run?.skipped).toBe(14);
      expect(run?.skippedSamples).toHaveLength(10);
      expect(run?.skippedSamples[0]).toEqual({ ref: '2601.10000', reason: 'paper.title is empty' });
    });

    it('counts everything as unchanged the second time round', async () => {
      const h = await setup();
      h.hf.setDay('2026-01-06', hfItems(3, '2026-01-06', 30_000));
      h.hf.setDay('2026-01-07', hfItems(4, '2026-01-07', 40_000));
      const first = await runIngest(h.ctx, 'hf', WINDOW);
      h.setNow(at(T0, 60));
      const second = await runIngest(h.ctx, 'hf', WINDOW);

      expect(first.counts).toEqual({ fetched: 7, new: 7, updated: 0, unchanged: 0, skipped: 0 });
      expect(second.status).toBe('succeeded');
      expect(second.counts).toEqual({ fetched: 7, new: 0, updated: 0, unchanged: 7, skipped: 0 });
      expect(second.runId).not.toBe(first.runId);
      expect((await h.runs()).map((r) => [r.status, r.new, r.unchanged])).toEqual([
        ['succeeded', 7, 0],
        ['succeeded', 0, 7],
      ]);
      expect(await h.paperCount()).toBe(7);
    });

    it('updates papers whose upvotes changed upstream', async () => {
      const h = await setup();
      const items = hfItems(3, '2026-01-07');
      h.hf.setDay('2026-01-07', items);
      const day = { from: '2026-01-07', to: '2026-01-07' };
      await runIngest(h.ctx, 'hf', day);

      h.hf.setDay('2026-01-07', [items[0]!, patchPaper(items[1]!, { upvotes: 57 }), items[2]!]);
      const later = at(T0, 120);
      h.setNow(later);
      const report = await runIngest(h.ctx, 'hf', day);

      expect(report.counts).toEqual({ fetched: 3, new: 0, updated: 1, unchanged: 2, skipped: 0 });
      const paper = await findPaper(h.ctx.store, '2601.10001');
      expect(paper?.upvotes).toBe(57);
      expect(paper?.firstSeenAt).toBe(T0.toISOString());
      expect(paper?.updatedAt).toBe(later.toISOString());
      expect((await findPaper(h.ctx.store, '2601.10002'))?.updatedAt).toBe(T0.toISOString());
      expect((await h.runs()).at(-1)?.updated).toBe(1);
    });
  });

  describe('runIngest from both sources', () => {
    const arxivEntry: ArxivEntry = {
      id: '2601.01234v2',
      title: 'Sparse Mixture-of-Experts Scaling Laws for Long-Context Language Models',
      summary: 'We derive scaling laws for sparse mixture-of-experts models trained on long contexts.',
      authors: ['Ada Lovelace', { name: 'Alan Turing', affiliation: 'University of Manchester' }],
      published: '2026-01-06T17:00:00Z',
      primaryCategory: 'cs.LG',
      categories: ['cs.LG', 'cs.CL'],
    };
    const hfVersion = hfItem({
      id: '2601.01234',
      title: 'MoE scaling laws (as retitled on HF)',
      summary: 'A shorter HF summary.',
      authors: ['A. Lovelace'],
      day: '2026-01-07',
      upvotes: 42,
      numComments: 5,
      githubRepo: 'https://github.com/example/moe-scaling',
      organization: 'deepmind',
    });

    it.each<[SourceName, SourceName]>([
      ['arxiv', 'hf'],
      ['hf', 'arxiv'],
    ])('merges the same paper into one row (%s first, then %s)', async (first, second) => {
      const h = await setup([arxivEntry]);
      h.hf.setDay('2026-01-07', [hfVersion]);

      const reports = [await runIngest(h.ctx, first, WINDOW), await runIngest(h.ctx, second, WINDOW)];

      expect(reports.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
      expect(reports.map((r) => r.counts.new)).toEqual([1, 0]);
      expect(reports.map((r) => r.counts.updated)).toEqual([0, 1]);
      expect(h.arxiv.requests).toHaveLength(1);
      expect(await h.paperCount()).toBe(1);
      const paper = await findPaper(h.ctx.store, '2601.01234');
      expect(paper).toMatchObject({
        sources: ['arxiv', 'hf'],
        title: arxivEntry.title,
        abstract: arxivEntry.summary,
        authors: ['Ada Lovelace', 'Alan Turing'],
        categories: ['cs.LG', 'cs.CL'],
        publishedAt: '2026-01-06T17:00:00.000Z',
        upvotes: 42,
        numComments: 5,
        dailyDate: '2026-01-07',
        githubRepo: 'https://github.com/example/moe-scaling',
        organization: 'deepmind',
        organizationName: 'Deepmind',
      });
    });

    it('fails an arXiv run that gets the Error entry, naming the window', async () => {
      const h = await setup([arxivEntry]);
      h.arxiv.script({ kind: 'error-entry', message: 'incorrect id format' });
      const report = await runIngest(h.ctx, 'arxiv', WINDOW);
      expect(report.status).toBe('failed');
      expect(report.error).toBe('2026-01-05..2026-01-07: arXiv API error: incorrect id format');
      expect(await h.paperCount()).toBe(0);
      expect((await h.runs())[0]?.status).toBe('failed');
    });
  });

  describe('runIngest leases', () => {
    const claim = (h: IngestHarness, source: SourceName, startedAt: Date) =>
      claimIngestRun(h.ctx.store, { source, windowStart: WINDOW.from, windowEnd: WINDOW.to, now: startedAt, leaseMs: 30 * MINUTE });

    it('reports busy and makes no request while another run holds a live lease', async () => {
      const h = await setup();
      h.hf.setDay('2026-01-07', hfItems(2, '2026-01-07'));
      const otherRun = await claim(h, 'hf', at(T0, -10));

      const report = await runIngest(h.ctx, 'hf', WINDOW);

      expect(report).toMatchObject({ status: 'busy', runId: null, error: null });
      expect(report.counts).toEqual({ fetched: 0, new: 0, updated: 0, unchanged: 0, skipped: 0 });
      expect(h.hf.requests).toEqual([]);
      expect((await h.runs()).map((r) => [r.id, r.status])).toEqual([[otherRun, 'running']]);
    });

    it('lets only one of two concurrent runs of a source in one process do the work', async () => {
      const h = await setup();
      h.hf.setDay('2026-01-07', hfItems(2, '2026-01-07'));
      const day = { from: '2026-01-07', to: '2026-01-07' };
      // The second starts once the first holds the source and is fetching: started together, the first could
      // finish before the second claims (it did once on PostgreSQL), and then both rightly succeed.
      const first = runIngest(h.ctx, 'hf', day);
      await h.hf.waitForRequests(1);
      const second = await runIngest(h.ctx, 'hf', day);
      expect([second.status, (await first).status]).toEqual(['busy', 'succeeded']);
      expect(h.hf.requests).toHaveLength(1);
      expect((await h.runs()).map((r) => r.status)).toEqual(['succeeded']);
    });

    it('answers busy, not "database is locked", when another connection claims the source at the same moment', async () => {
      const h = await setup();
      h.hf.setDay('2026-01-07', hfItems(2, '2026-01-07'));
      // A second connection to the same store stands in for a second process (the CLI next to the bot).
      const other = openStore(h.dbPath);
      cleanups.push(() => other.close());
      await sqlRow(other, 'SELECT 1 AS one');
      const day = { from: '2026-01-07', to: '2026-01-07' };
      // Both claim together; the winner's fetch is held until the loser has answered, so the winner cannot finish
      // (and free the source) before the loser claims: that happened on PostgreSQL, and then both succeed.
      const release = h.hf.holdAnswers();
      const runs = [runIngest(h.ctx, 'hf', day), runIngest({ ...h.ctx, store: other }, 'hf', day)];
      await h.hf.waitForRequests(1);
      const loser = await Promise.race(runs);
      expect(loser.status).toBe('busy');
      release();
      const reports = await Promise.all(runs);
      expect(reports.map((r) => r.status).sort()).toEqual(['busy', 'succeeded']);
      expect(h.hf.requests).toHaveLength(1);
      expect((await h.runs()).map((r) => r.status)).toEqual(['succeeded']);
    });

    it('does not let a lease on one source block the other', async () => {
      const h = await setup();
      await claim(h, 'arxiv', at(T0, -10));
      h.hf.setDay('2026-01-07', hfItems(2, '2026-01-07'));
      const report = await runIngest(h.ctx, 'hf', WINDOW);
      expect(report.status).toBe('succeeded');
      expect(report.counts.new).toBe(2);
    });

    it('takes over an expired lease and marks the abandoned run failed', async () => {
      const h = await setup();
      h.hf.setDay('2026-01-07', hfItems(2, '2026-01-07'));
      const abandoned = await claim(h, 'hf', at(T0, -45));

      const report = await runIngest(h.ctx, 'hf', WINDOW);

      expect(report.status).toBe('succeeded');
      expect(report.counts.new).toBe(2);
      const runs = await h.runs();
      expect(runs).toHaveLength(2);
      expect(runs[0]).toMatchObject({
        id: abandoned,
        status: 'failed',
        finishedAt: T0.toISOString(),
        error: 'abandoned: lease expired before the run finished',
      });
      expect(runs[1]).toMatchObject({ id: report.runId, status: 'succeeded', error: null });
    });
  });
});
