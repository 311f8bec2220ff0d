// Whatever people type, search answers: results, or a short QueryError. Never an SQLite error or a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryError } from '../../../src/core/search/query-parser.js';
import { searchPapers } from '../../../src/app/search/search.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';
import { loadSearchCorpus } from '../../helpers/search-corpus.js';

let temp: TempStore;
beforeAll(async () => {
  temp = await createTempStore();
  await loadSearchCorpus(temp.store);
});
afterAll(async () => temp.cleanup());

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
];

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
      expect((error as Error).message).not.toMatch(/sqlite|fts5|syntax error/i);
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
    const count = temp.store.sqlite.prepare('SELECT count(*) AS n FROM papers').get() as { n: number };
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
