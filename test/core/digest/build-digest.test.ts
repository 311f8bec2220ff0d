import { describe, expect, it } from 'vitest';
import { buildDigest, TOPIC_ITEMS_MAX, type DigestInput } from '../../../src/core/digest/digest.js';
import { digestItem } from '../../../src/core/digest/digest-item.js';
import type { DigestWindow } from '../../../src/core/digest/digest-window.js';
import { storedPaper } from '../../helpers/stored-paper.js';

const paper = storedPaper;

// Tuesday 13 January 2026, 09:00 UTC: Monday's Daily Papers day.
const tuesday: DigestWindow = {
  start: new Date('2026-01-12T09:00:00Z'),
  end: new Date('2026-01-13T09:00:00Z'),
  trendingDays: ['2026-01-12'],
  topicsFrom: '2026-01-09',
};
// Monday 12 January: the weekend roll-up.
const monday: DigestWindow = {
  start: new Date('2026-01-09T09:00:00Z'),
  end: new Date('2026-01-12T09:00:00Z'),
  trendingDays: ['2026-01-09', '2026-01-10', '2026-01-11'],
  topicsFrom: '2026-01-06',
};

function input(fields: Partial<DigestInput> = {}): DigestInput {
  return {
    date: '2026-01-13',
    window: tuesday,
    size: 10,
    minUpvotes: 0,
    trendingCandidates: [],
    topicMatches: [],
    alreadyDelivered: new Set(),
    ...fields,
  };
}

const ids = (items: readonly { id: string }[]) => items.map((i) => i.id);

describe('buildDigest: trending', () => {
  it('shows the top N by upvotes among the papers of the window’s days', () => {
    const a = paper({ id: 'a', upvotes: 50 });
    const b = paper({ id: 'b', upvotes: 80 });
    const c = paper({ id: 'c', upvotes: 5 });
    const d = paper({ id: 'd', upvotes: 30 });
    const { digest, paperIds } = buildDigest(input({ size: 3, trendingCandidates: [a, b, c, d] }));
    expect(ids(digest.trending)).toEqual(['b', 'a', 'd']);
    expect(digest.trending[0]).toEqual(digestItem(b));
    expect(paperIds).toEqual(['b', 'a', 'd']);
    expect(digest.empty).toBe(false);
  });

  it('leaves out papers listed on days outside the window, or never listed', () => {
    const inside = paper({ id: 'inside', upvotes: 1, dailyDate: '2026-01-12' });
    const dayBefore = paper({ id: 'before', upvotes: 500, dailyDate: '2026-01-11' });
    const dayAfter = paper({ id: 'after', upvotes: 500, dailyDate: '2026-01-13' });
    const unlisted = paper({ id: 'unlisted', upvotes: 500, dailyDate: null });
    const { digest } = buildDigest(input({ trendingCandidates: [dayBefore, inside, dayAfter, unlisted] }));
    expect(ids(digest.trending)).toEqual(['inside']);
  });

  it('Monday’s roll-up ranks Friday, Saturday and Sunday together', () => {
    const fri = paper({ id: 'fri', upvotes: 40, dailyDate: '2026-01-09' });
    const sat = paper({ id: 'sat', upvotes: 60, dailyDate: '2026-01-10' });
    const sun = paper({ id: 'sun', upvotes: 20, dailyDate: '2026-01-11' });
    const mon = paper({ id: 'mon', upvotes: 90, dailyDate: '2026-01-12' });
    const { digest } = buildDigest(input({ window: monday, date: '2026-01-12', trendingCandidates: [fri, sat, sun, mon] }));
    expect(ids(digest.trending)).toEqual(['sat', 'fri', 'sun']);
    expect(digest.window).toEqual({
      start: '2026-01-09T09:00:00.000Z',
      end: '2026-01-12T09:00:00.000Z',
      trendingDays: ['2026-01-09', '2026-01-10', '2026-01-11'],
    });
    expect(digest.date).toBe('2026-01-12');
  });

  it('breaks upvote ties by the newest publication, then by id', () => {
    const older = paper({ id: 'older', upvotes: 7, publishedAt: '2026-01-05T00:00:00.000Z' });
    const newer = paper({ id: 'newer', upvotes: 7, publishedAt: '2026-01-10T00:00:00.000Z' });
    const x = paper({ id: 'x', upvotes: 7, publishedAt: '2026-01-08T00:00:00.000Z' });
    const y = paper({ id: 'y', upvotes: 7, publishedAt: '2026-01-08T00:00:00.000Z' });
    const { digest } = buildDigest(input({ trendingCandidates: [older, x, newer, y] }));
    expect(ids(digest.trending)).toEqual(['newer', 'y', 'x', 'older']);
  });

  it('applies the minimum upvotes (inclusive) to trending papers', () => {
    const below = paper({ id: 'below', upvotes: 4 });
    const exactly = paper({ id: 'exactly', upvotes: 5 });
    const above = paper({ id: 'above', upvotes: 6 });
    const { digest } = buildDigest(input({ minUpvotes: 5, trendingCandidates: [below, exactly, above] }));
    expect(ids(digest.trending)).toEqual(['above', 'exactly']);
  });

  it('does not apply the minimum upvotes to topic matches', () => {
    const quiet = paper({ id: 'quiet', upvotes: 0 });
    const { digest, paperIds } = buildDigest(
      input({ minUpvotes: 100, trendingCandidates: [quiet], topicMatches: [{ topic: 'rlhf', papers: [quiet] }] }),
    );
    expect(digest.trending).toEqual([]);
    expect(digest.topics).toEqual([{ topic: 'rlhf', items: [digestItem(quiet, ['rlhf'])], more: 0 }]);
    expect(paperIds).toEqual(['quiet']);
  });

  it('size 0 leaves the trending section out, so a listed paper can still appear under its topic', () => {
    const hot = paper({ id: 'hot', upvotes: 300 });
    const { digest, paperIds } = buildDigest(
      input({ size: 0, trendingCandidates: [hot, paper({ upvotes: 200 })], topicMatches: [{ topic: 'agents', papers: [hot] }] }),
    );
    expect(digest.trending).toEqual([]);
    expect(ids(digest.topics[0]?.items ?? [])).toEqual(['hot']);
    expect(paperIds).toEqual(['hot']);
  });
});

describe('buildDigest: topics', () => {
  it('never shows a paper already delivered, in either section', () => {
    const sent = paper({ id: 'sent', upvotes: 999 });
    const fresh = paper({ id: 'fresh', upvotes: 1 });
    const { digest, paperIds } = buildDigest(
      input({
        trendingCandidates: [sent, fresh],
        topicMatches: [{ topic: 'rlhf', papers: [sent, fresh] }],
        alreadyDelivered: new Set(['sent']),
      }),
    );
    expect(ids(digest.trending)).toEqual(['fresh']);
    // Both of its papers matched; neither is new to it (one sent before, one trending above).
    expect(digest.topics).toEqual([{ topic: 'rlhf', items: [], more: 0 }]);
    expect(digest.context?.matched).toEqual({ rlhf: 2 });
    expect(paperIds).not.toContain('sent');

    const topicOnly = buildDigest(
      input({ size: 0, topicMatches: [{ topic: 'rlhf', papers: [sent] }], alreadyDelivered: new Set(['sent']) }),
    );
    expect(topicOnly.paperIds).toEqual([]);
    expect(topicOnly.digest.empty).toBe(true);
  });

  it('does not repeat a trending paper under a topic', () => {
    const hot = paper({ id: 'hot', upvotes: 300 });
    const other = paper({ id: 'other', upvotes: 2, dailyDate: null });
    const { digest, paperIds } = buildDigest(
      input({ trendingCandidates: [hot], topicMatches: [{ topic: 'agents', papers: [hot, other] }] }),
    );
    expect(ids(digest.trending)).toEqual(['hot']);
    expect(ids(digest.topics[0]?.items ?? [])).toEqual(['other']);
    expect(paperIds).toEqual(['hot', 'other']);
  });

  it('a paper beyond the trending size is not trending, so its topic shows it', () => {
    const first = paper({ id: 'first', upvotes: 300 });
    const second = paper({ id: 'second', upvotes: 200 });
    const { digest } = buildDigest(
      input({ size: 1, trendingCandidates: [first, second], topicMatches: [{ topic: 't', papers: [second] }] }),
    );
    expect(ids(digest.trending)).toEqual(['first']);
    expect(ids(digest.topics[0]?.items ?? [])).toEqual(['second']);
  });

  it('shows a paper matching two topics once, under the first topic', () => {
    const both = paper({ id: 'both', upvotes: 9 });
    const onlyB = paper({ id: 'onlyB', upvotes: 3 });
    const { digest, paperIds } = buildDigest(
      input({
        size: 0,
        topicMatches: [
          { topic: 'diffusion', papers: [both] },
          { topic: 'video', papers: [onlyB, both] },
        ],
      }),
    );
    expect(digest.topics.map((t) => [t.topic, ids(t.items), t.more])).toEqual([
      ['diffusion', ['both'], 0],
      ['video', ['onlyB'], 0],
    ]);
    expect(paperIds).toEqual(['both', 'onlyB']);
  });

  it('labels each item with every topic it matches, wherever it is shown', () => {
    const hot = paper({ id: 'hot', upvotes: 300 });
    const both = paper({ id: 'both', upvotes: 9, dailyDate: null });
    const plain = paper({ id: 'plain', upvotes: 100 });
    const { digest } = buildDigest(
      input({
        size: 2,
        trendingCandidates: [hot, plain],
        topicMatches: [
          { topic: 'agents', papers: [hot, both] },
          { topic: 'video', papers: [both, hot, both] },
        ],
      }),
    );
    // Trending items carry their topics too; a paper in no topic has none.
    expect(digest.trending.map((i) => [i.id, i.topics])).toEqual([
      ['hot', ['agents', 'video']],
      ['plain', []],
    ]);
    expect(digest.topics.map((t) => [t.topic, t.items.map((i) => [i.id, i.topics])])).toEqual([
      ['agents', [['both', ['agents', 'video']]]],
      ['video', []],
    ]);
  });

  it('keeps the topics in subscription order and each topic’s papers by upvotes', () => {
    const low = paper({ id: 'low', upvotes: 1 });
    const high = paper({ id: 'high', upvotes: 50 });
    const mid = paper({ id: 'mid', upvotes: 10 });
    const { digest } = buildDigest(
      input({
        size: 0,
        topicMatches: [
          { topic: 'zeta', papers: [low, high] },
          { topic: 'alpha', papers: [mid] },
        ],
      }),
    );
    expect(digest.topics.map((t) => t.topic)).toEqual(['zeta', 'alpha']);
    expect(ids(digest.topics[0]?.items ?? [])).toEqual(['high', 'low']);
  });

  it(`caps a topic at ${TOPIC_ITEMS_MAX} papers and counts the rest in more`, () => {
    const matches = Array.from({ length: TOPIC_ITEMS_MAX + 3 }, (_, i) => paper({ id: `m${i}`, upvotes: i }));
    const { digest, paperIds } = buildDigest(input({ size: 0, topicMatches: [{ topic: 'llm', papers: matches }] }));
    const section = digest.topics[0];
    expect(section?.items).toHaveLength(TOPIC_ITEMS_MAX);
    // The most upvoted are shown: m7, m6, m5, m4, m3.
    expect(ids(section?.items ?? [])).toEqual(['m7', 'm6', 'm5', 'm4', 'm3']);
    expect(section?.more).toBe(3);
    expect(paperIds).toEqual(['m7', 'm6', 'm5', 'm4', 'm3']);
  });

  it('counts in more only papers that could have been shown (not delivered, not trending, not repeated)', () => {
    const matches = Array.from({ length: TOPIC_ITEMS_MAX + 4 }, (_, i) => paper({ id: `p${i}`, upvotes: 100 - i }));
    const [p0, p1] = matches;
    const { digest } = buildDigest(
      input({
        size: 1,
        trendingCandidates: p0 === undefined ? [] : [p0],
        // p1 is listed twice, and was delivered yesterday.
        topicMatches: [{ topic: 'llm', papers: p1 === undefined ? matches : [...matches, p1] }],
        alreadyDelivered: new Set(['p1']),
      }),
    );
    expect(ids(digest.trending)).toEqual(['p0']);
    const section = digest.topics[0];
    // 9 matches, minus p0 (trending) and p1 (delivered): 7 left, 5 shown, 2 more.
    expect(ids(section?.items ?? [])).toEqual(['p2', 'p3', 'p4', 'p5', 'p6']);
    expect(section?.more).toBe(2);
  });

  it('a paper over one topic’s cap can still be shown under a later topic', () => {
    const matches = Array.from({ length: TOPIC_ITEMS_MAX + 1 }, (_, i) => paper({ id: `q${i}`, upvotes: 100 - i }));
    const last = matches.at(-1);
    const { digest, paperIds } = buildDigest(
      input({
        size: 0,
        topicMatches: [
          { topic: 'first', papers: matches },
          { topic: 'second', papers: last === undefined ? [] : [last] },
        ],
      }),
    );
    expect(digest.topics[0]?.more).toBe(1);
    expect(ids(digest.topics[1]?.items ?? [])).toEqual(['q5']);
    expect(new Set(paperIds).size).toBe(paperIds.length);
    expect(paperIds).toHaveLength(TOPIC_ITEMS_MAX + 1);
  });
});

describe('buildDigest: the whole digest', () => {
  it('paperIds lists exactly the papers shown, trending first, each once', () => {
    const t1 = paper({ id: 't1', upvotes: 90 });
    const t2 = paper({ id: 't2', upvotes: 80 });
    const notShown = paper({ id: 'not-shown', upvotes: 70 });
    const k1 = paper({ id: 'k1', upvotes: 3, dailyDate: null });
    const k2 = paper({ id: 'k2', upvotes: 2, dailyDate: null });
    const { digest, paperIds } = buildDigest(
      input({
        size: 2,
        trendingCandidates: [notShown, t2, t1],
        topicMatches: [
          { topic: 'a', papers: [t1, k1] },
          { topic: 'b', papers: [k1, k2] },
        ],
      }),
    );
    const shown = [...ids(digest.trending), ...digest.topics.flatMap((t) => ids(t.items))];
    expect(paperIds).toEqual(shown);
    expect(paperIds).toEqual(['t1', 't2', 'k1', 'k2']);
    expect(paperIds).not.toContain('not-shown');
  });

  it('is empty when there is nothing to show', () => {
    const { digest, paperIds } = buildDigest(input());
    expect(digest).toEqual({
      date: '2026-01-13',
      window: { start: '2026-01-12T09:00:00.000Z', end: '2026-01-13T09:00:00.000Z', trendingDays: ['2026-01-12'] },
      trending: [],
      topics: [],
      empty: true,
      // What an empty digest says why from: a channel's, ten trending papers asked for, no floor.
      context: { audience: 'channel', size: 10, minUpvotes: 0, topicsFrom: '2026-01-09', matched: {} },
    });
    expect(paperIds).toEqual([]);
  });

  it('a holiday (the window has days but Daily Papers listed nothing) gives an empty digest', () => {
    // Papers from other days are around, and the topic found nothing new.
    const { digest, paperIds } = buildDigest(
      input({
        trendingCandidates: [paper({ dailyDate: '2026-01-09', upvotes: 100 }), paper({ dailyDate: '2026-01-13', upvotes: 100 })],
        topicMatches: [{ topic: 'rlhf', papers: [] }],
      }),
    );
    expect(digest.trending).toEqual([]);
    expect(digest.topics.every((t) => t.items.length === 0 && t.more === 0)).toBe(true);
    expect(digest.empty).toBe(true);
    expect(paperIds).toEqual([]);
  });

  it('is not empty when only a topic has a paper', () => {
    const { digest } = buildDigest(input({ topicMatches: [{ topic: 'rlhf', papers: [paper({ dailyDate: null })] }] }));
    expect(digest.trending).toEqual([]);
    expect(digest.empty).toBe(false);
  });

  it('does not change its inputs', () => {
    const candidates = [paper({ id: 'c1', upvotes: 1 }), paper({ id: 'c2', upvotes: 2 })];
    const delivered = new Set(['zzz']);
    buildDigest(input({ trendingCandidates: candidates, topicMatches: [{ topic: 't', papers: candidates }], alreadyDelivered: delivered }));
    expect(ids(candidates)).toEqual(['c1', 'c2']);
    expect([...delivered]).toEqual(['zzz']);
  });
});

describe('digest items (cases the digest-item tests do not cover)', () => {
  it('collapse line breaks in a summary, keep the thumbnail, and show no stars when they are unknown', () => {
    const item = digestItem(
      paper({
        id: '2601.00001',
        aiSummary: 'A summary\nover   two\tlines.',
        thumbnail: 'https://cdn.example/thumb.png',
        githubRepo: 'https://github.com/a/b',
        githubStars: null,
      }),
    );
    expect(item.summary).toBe('A summary over two lines.');
    expect(item.thumbnail).toBe('https://cdn.example/thumb.png');
    expect(item.links.code).toBe('https://github.com/a/b');
    expect(item.githubStars).toBeNull();
  });

  it('fall back to the abstract’s first sentence, and name unknown authors', () => {
    const item = digestItem(paper({ aiSummary: null, abstract: 'First point. Second point.', authors: [] }));
    expect(item.summary).toBe('First point.');
    expect(item.authors).toBe('Unknown authors');
  });
});
