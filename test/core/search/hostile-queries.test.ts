// Whatever people type, search answers: results, or a short QueryError. Never a database error or a crash, on
// SQLite (FTS5 MATCH syntax) or on PostgreSQL (tsquery syntax, text that refuses NUL bytes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryError } from '../../../src/core/search/query-parser.js';
import { searchPapers } from '../../../src/app/search/search.js';
import { subscribe, unsubscribe } from '../../../src/app/subscriptions.js';
import type { TargetAddress } from '../../../src/core/targets/target.js';
import type { Store } from '../../../src/store/database.js';
import { createStoreOf, DIALECTS, type Dialect } from '../../helpers/temp-store.js';
import { loadSearchCorpus } from '../../helpers/search-corpus.js';

const HOSTILE: string[] = [
  'zeroth-order',
  'C++',
  'AND OR NOT',
  'AND',
  'NOT model',
  'model NOT',
  'NEAR(',
  'NEAR(a b, 3)',
  'NEAR/2',
  'title:',
  'title:transformer',
  '{title}: x',
  'title : x',
  '^x',
  '^',
  '"unbalanced',
  'unbalanced"',
  '"',
  '""',
  '"""',
  '" "',
  '🤖 model',
  'model 🤖🤖',
  '*',
  '**',
  'x*y',
  '*x',
  'a*',
  '(',
  ')',
  '(model',
  'model)',
  '-',
  '--',
  '- -x model',
  '-"large language" optimization',
  'a:b:c',
  'http://example.com/x?y=1',
  "'; DROP TABLE papers; --",
  'model\u0000null',
  'tab\tand\nnewline',
  'ﬁne-tuning',
  'Ünïcödé ÄÖÜ',
  '中文 模型',
  'مدل زبانی',
  'x'.repeat(400),
  Array.from({ length: 60 }, (_, i) => `w${i}`).join(' '),
  'author:',
  'org:""',
  'author:"',
  'cat:cs.CV model',
  '+model',
  'model:',
  ':model',
  '\\"model\\"',
  '%_%',
  '[a-z]',
  'rowid = 1',
  // tsquery's own syntax: operators, weights, prefixes, distances.
  'a & b',
  'a | b',
  '!model',
  '!!',
  '&',
  '|',
  '<->',
  'model <-> training',
  'model <2> training',
  'model:*',
  ':*',
  'model:A',
  'model:AB*',
  '(a | b) & !c',
  "'model'",
  "''",
  "'",
  "model's",
  "o'reilly's 'quoted' words",
  '\\',
  '\\\\model',
  'model\\',
  "\\'",
  // NUL bytes, which PostgreSQL's text refuses, alone and in every kind of term.
  '\u0000',
  '\u0000\u0000model',
  'model\u0000',
  '"model\u0000training"',
  'mod\u0000*',
  'author:ada\u0000',
  'cat:cs\u0000.LG',
  'since:2026-01-01\u0000',
  'org:"deep\u0000mind"',
  // Other control characters and odd unicode: combining marks, zero-width characters, a lone surrogate.
  '\u0001\u001f\u007f model',
  'mode\u0301l',
  'zero\u200bwidth joiner\u200d',
  '\ud800 model',
  '👩‍🔬 science',
  '\ufeffmodel',
  'Ⅻ ℃ ㎏',
  'İstanbul ß ﬀ',
  // Big inputs just under the length limit, with many words, operators or quotes.
  'model '.repeat(80).trim(),
  '"a" '.repeat(100).trim(),
  '-x '.repeat(100) + 'model',
  'a* '.repeat(100).trim(),
  '('.repeat(200),
  "'".repeat(400),
];

describe.each(DIALECTS)('on %s', (dialect: Dialect) => {
  let temp: { store: Store; cleanup(): Promise<void> };
  beforeAll(async () => {
    temp = await createStoreOf(dialect);
    await loadSearchCorpus(temp.store);
  });
  afterAll(async () => temp.cleanup());

  describe('hostile topics never break subscribing', () => {
    // A topic is a saved search, stored as typed: it is followed, or refused with a short reason, and never fails
    // in the database (PostgreSQL refuses NUL bytes in text). One channel per topic, so no cap is reached.
    const NOW = new Date('2026-12-01T00:00:00Z');
    const channel = (i: number): TargetAddress => ({ platform: 'console', workspace: 'local', kind: 'channel', address: `hostile-${i}` });

    it.each(HOSTILE.map((q, i) => [JSON.stringify(q).slice(0, 60), q, i] as const))('%s', async (_label, topic, i) => {
      const added = await subscribe(temp.store, { address: channel(i), topic, by: null, now: NOW });
      expect(['added', 'invalid']).toContain(added.outcome);
      expect(added.message.length).toBeLessThan(500);
      expect(added.message).not.toMatch(/sqlite|fts5|syntax error|postgres|tsquery|invalid byte sequence|0x00/i);
      const removed = await unsubscribe(temp.store, { address: channel(i), topic });
      expect(removed.removed).toBe(added.outcome === 'added');
    });

    it('refuses a topic with a NUL byte or another control character, and unfollowing one finds nothing to remove', async () => {
      const address = channel(-1);
      expect(await subscribe(temp.store, { address, topic: 'robots', by: null, now: NOW })).toMatchObject({ outcome: 'added' });
      for (const topic of ['diffusion\u0000models', 'model\u0000', '\u0000', 'bell\u0007 curve']) {
        const added = await subscribe(temp.store, { address, topic, by: null, now: NOW });
        expect(added, JSON.stringify(topic)).toEqual({
          added: false,
          outcome: 'invalid',
          message: 'A topic cannot contain control characters.',
        });
        expect((await unsubscribe(temp.store, { address, topic })).removed).toBe(false);
      }
      expect((await unsubscribe(temp.store, { address, topic: 'robots' })).removed).toBe(true);
    });
  });

  describe('hostile queries never break search', () => {
    it.each(HOSTILE.map((q) => [JSON.stringify(q).slice(0, 60), q]))('%s', async (_label, query) => {
      try {
        const response = await searchPapers(temp.store, query, { limit: 5 });
        expect(Array.isArray(response.hits)).toBe(true);
        for (const hit of response.hits) expect(typeof hit.paper.title).toBe('string');
      } catch (error) {
        // Only a QueryError, phrased for people, is acceptable.
        expect(error).toBeInstanceOf(QueryError);
        expect((error as Error).message.length).toBeLessThan(200);
        expect((error as Error).message).not.toMatch(/sqlite|fts5|syntax error|postgres|tsquery|invalid byte sequence|0x00/i);
      }
    });

    it('zeroth-order and C++ find what they say', async () => {
      const zeroth = await searchPapers(temp.store, 'zeroth-order', { limit: 10 });
      // The two papers that say it come first; related papers may follow them.
      expect(
        zeroth.hits
          .slice(0, 2)
          .map((h) => h.paper.id)
          .sort(),
      ).toEqual(['2503.90048', '2505.90014']);
      expect(
        zeroth.hits
          .filter((h) => h.complete === true)
          .map((h) => h.paper.id)
          .sort(),
      ).toEqual(['2503.90048', '2505.90014']);
      const sql = await searchPapers(temp.store, "'; DROP TABLE papers; --", { limit: 10 });
      expect(sql.hits).toBeDefined();
      const count = await temp.store.db
        .selectFrom('papers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(count.n).toBeGreaterThan(30);
    });

    it.each([
      ['', /at least one word/],
      ['   ', /at least one word/],
      ['🤖', /at least one word/],
      ['-model', /besides the excluded words/],
      ['since:yesterday', /YYYY-MM-DD/],
      ['since:2026-02-30', /YYYY-MM-DD/],
      ['cat:"cs LG"', /arXiv category/],
      ['10 KB of x', /too long/],
    ])('%j is refused with a clear reason', async (label, reason) => {
      const query = label === '10 KB of x' ? 'x'.repeat(10_000) : label;
      await expect(searchPapers(temp.store, query)).rejects.toThrow(reason);
    });

    it.each([0, -1, 51, 2.5, Number.NaN])('limit %s is refused', async (limit) => {
      await expect(searchPapers(temp.store, 'model', { limit })).rejects.toThrow(/limit must be a whole number/);
    });
  });
});
