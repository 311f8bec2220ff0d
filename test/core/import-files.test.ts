import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/app/import-files.js';
import { findPaper } from '../../src/store/papers-repository.js';
import { BUNDLED_SAMPLE } from '../helpers/bundled-sample.js';
import { ARXIV_SAMPLE } from '../helpers/search-corpus.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

let temp: TempStore;
beforeEach(async () => {
  temp = await createTempStore();
});
afterEach(async () => temp.cleanup());

function dump(): unknown[] {
  return [
    temp.store.sqlite.prepare('SELECT * FROM papers ORDER BY doc_id').all(),
    temp.store.sqlite.prepare('SELECT * FROM paper_categories ORDER BY category, doc_id').all(),
    temp.store.sqlite.prepare('SELECT * FROM search_vocab ORDER BY term').all(),
  ];
}

describe('papers import', () => {
  it('loads the Daily Papers sample and the arXiv sample', async () => {
    const reports = await importFiles(temp.store, [BUNDLED_SAMPLE, ARXIV_SAMPLE], new Date('2026-11-29T00:00:00Z'));
    expect(reports.map((r) => [r.format, r.counts.new, r.counts.skipped, r.error])).toEqual([
      ['hf-json', 53, 0, null],
      ['arxiv-atom', 6, 0, null],
    ]);
    const polca = await findPaper(temp.store, '2603.14769');
    expect(polca).toMatchObject({ organization: 'deepmind', dailyDate: '2026-03-15', upvotes: 2, sources: ['hf'] });
    const eightBit = await findPaper(temp.store, '2110.02861');
    expect(eightBit).toMatchObject({ title: '8-bit Optimizers via Block-wise Quantization', dailyDate: '2021-10-06' });
    expect(eightBit?.authors).toEqual(['Tim Dettmers', 'Mike Lewis', 'Sam Shleifer', 'Luke Zettlemoyer']);
    const arxiv = await findPaper(temp.store, '2601.01234');
    expect(arxiv?.sources).toEqual(['arxiv']);
    expect(arxiv?.categories.length).toBeGreaterThan(0);
  });

  it('importing the same files twice changes nothing, not even timestamps', async () => {
    await importFiles(temp.store, [BUNDLED_SAMPLE, ARXIV_SAMPLE], new Date('2026-11-29T00:00:00Z'));
    const before = dump();
    const again = await importFiles(temp.store, [BUNDLED_SAMPLE, ARXIV_SAMPLE], new Date('2026-11-30T00:00:00Z'));
    expect(again.map((r) => [r.counts.new, r.counts.updated, r.counts.unchanged])).toEqual([
      [0, 0, 53],
      [0, 0, 6],
    ]);
    expect(dump()).toEqual(before);
  });

  it('merges a paper seen by both sources into one row', async () => {
    const hfCopy = join(temp.dir, 'hf.json');
    writeFileSync(
      hfCopy,
      JSON.stringify([
        {
          paper: {
            id: '2601.01234v2',
            title: 'An HF title',
            summary: 'HF abstract',
            authors: [{ name: 'Someone' }],
            publishedAt: '2026-01-05T00:00:00.000Z',
            submittedOnDailyAt: '2026-01-06T09:00:00.000Z',
            upvotes: 57,
            ai_summary: 'Pruning RLHF data by scaling laws.',
          },
          numComments: 4,
        },
      ]),
    );
    await importFiles(temp.store, [ARXIV_SAMPLE, hfCopy], new Date());
    const paper = await findPaper(temp.store, '2601.01234');
    expect(paper?.sources).toEqual(['arxiv', 'hf']);
    expect(paper?.upvotes).toBe(57);
    expect(paper?.numComments).toBe(4);
    expect(paper?.title).toMatch(/^Scaling Laws for Data Pruning/);
    expect(paper?.aiSummary).toBe('Pruning RLHF data by scaling laws.');
    expect(temp.store.sqlite.prepare("SELECT count(*) AS n FROM papers WHERE id LIKE '2601.01234%'").get()).toEqual({ n: 1 });
  });

  it('reports unreadable and unrecognised files and still imports the others', async () => {
    const junk = join(temp.dir, 'junk.txt');
    writeFileSync(junk, 'hello');
    const truncated = join(temp.dir, 'truncated.json');
    writeFileSync(truncated, '[{"paper": {"id": "2601.00001"');
    const object = join(temp.dir, 'object.json');
    writeFileSync(object, '{"error": "Invalid date"}');
    const reports = await importFiles(temp.store, [join(temp.dir, 'missing.json'), junk, truncated, object, BUNDLED_SAMPLE], new Date());
    expect(reports.map((r) => r.error === null)).toEqual([false, false, false, false, true]);
    expect(reports[0]?.error).toMatch(/no such file/);
    expect(reports[1]?.error).toMatch(/neither a Hugging Face daily_papers JSON array nor an arXiv Atom XML feed/);
    expect(reports[2]?.error).toMatch(/not valid JSON/);
    expect(reports[3]?.error).toMatch(/expected a JSON array/);
    expect(reports[4]?.counts.new).toBe(53);
  });

  it('skips and counts malformed items without losing the good ones', async () => {
    const mixed = join(temp.dir, 'mixed.json');
    writeFileSync(
      mixed,
      JSON.stringify([
        { paper: { id: '2601.00001', title: 'Good one', upvotes: 1, authors: [] } },
        { paper: { id: 'not-an-id', title: 'Bad id' } },
        { paper: { id: '2601.00002', title: '   ' } },
        { nopaper: true },
        { paper: { id: '2601.00003', title: 'Bad upvotes', upvotes: 'many' } },
        { paper: { id: '2601.00004', title: 'Good two' } },
      ]),
    );
    const [report] = await importFiles(temp.store, [mixed], new Date());
    expect(report?.counts).toMatchObject({ new: 2, skipped: 4 });
    expect(report?.skipped.map((s) => s.ref)).toEqual(['not-an-id', '2601.00002', 'item 3', '2601.00003']);
  });
});
