// upsertPapers keeps the papers table, categories and the search index in step.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperInput } from '../../src/core/paper.js';
import { findPaper, upsertPapers } from '../../src/store/papers-repository.js';
import { countMatchesUpTo } from '../../src/store/search-index.js';
import type { Store } from '../../src/store/database.js';
import { createStoreOf, DIALECTS, type Dialect } from '../helpers/temp-store.js';

const T0 = '2026-01-05T00:00:00.000Z';
const T1 = '2026-01-06T00:00:00.000Z';
const arxiv: PaperInput = {
  source: 'arxiv',
  id: '2601.01234',
  title: 'Sparse Routing for Mixture of Experts',
  abstract: 'We route tokens with learned gating.',
  authors: ['Ada Lovelace'],
  categories: ['cs.LG', 'cs.CL'],
  publishedAt: '2026-01-04T00:00:00.000Z',
};

describe.each(DIALECTS)('upsertPapers on %s', (dialect: Dialect) => {
  let temp: { store: Store; cleanup(): Promise<void> };
  beforeEach(async () => {
    temp = await createStoreOf(dialect);
  });
  afterEach(async () => temp.cleanup());

  const matches = (expression: string) => countMatchesUpTo(temp.store, expression, 10);

  it('counts new, unchanged, updated and reindexed papers', async () => {
    expect(await upsertPapers(temp.store, [arxiv], T0)).toEqual({ new: 1, updated: 0, unchanged: 0, reindexed: 1 });
    expect(await upsertPapers(temp.store, [arxiv], T1)).toEqual({ new: 0, updated: 0, unchanged: 1, reindexed: 0 });
    const votes: PaperInput = { source: 'hf', id: arxiv.id, title: arxiv.title, upvotes: 9 };
    expect(await upsertPapers(temp.store, [votes], T1)).toEqual({ new: 0, updated: 1, unchanged: 0, reindexed: 0 });
    const revised = { ...arxiv, abstract: 'We route tokens densely.' };
    expect(await upsertPapers(temp.store, [revised], T1)).toEqual({ new: 0, updated: 1, unchanged: 0, reindexed: 1 });
  });

  it('rewrites the search entry when the text changes, so old words stop matching', async () => {
    await upsertPapers(temp.store, [arxiv], T0);
    expect(await matches('"gating"')).toBe(1);
    await upsertPapers(temp.store, [{ ...arxiv, abstract: 'We route tokens by hashing.' }], T1);
    expect(await matches('"gating"')).toBe(0);
    expect(await matches('"hashing"')).toBe(1);
    expect(await matches('"mixture of experts"')).toBe(1);
  });

  it('indexes the organization and keywords Hugging Face adds later', async () => {
    await upsertPapers(temp.store, [arxiv], T0);
    expect(await matches('{organization} : "deepmind"')).toBe(0);
    const hf: PaperInput = {
      source: 'hf',
      id: arxiv.id,
      title: 'An HF title',
      organization: { name: 'deepmind', fullname: 'Google DeepMind' },
      aiKeywords: ['load balancing'],
    };
    await upsertPapers(temp.store, [hf], T1);
    expect(await matches('{organization} : "deepmind"')).toBe(1);
    expect(await matches('{keywords} : "load balancing"')).toBe(1);
    // arXiv still owns the title.
    expect(await matches('{title} : "hf"')).toBe(0);
  });

  it('keeps categories searchable and in the category table when arXiv revises them', async () => {
    await upsertPapers(temp.store, [arxiv], T0);
    await upsertPapers(temp.store, [{ ...arxiv, categories: ['cs.CV'] }], T1);
    expect((await findPaper(temp.store, arxiv.id))?.categories).toEqual(['cs.CV']);
    expect(await matches('{categories} : "cscv"')).toBe(1);
    expect(await matches('{categories} : "cslg"')).toBe(0);
    const rows = await temp.store.db.selectFrom('paper_categories').select('category').orderBy('category').execute();
    expect(rows).toEqual([{ category: 'cs.cv' }]);
  });

  it('applies several inputs for one paper within a batch in order', async () => {
    const counts = await upsertPapers(
      temp.store,
      [arxiv, { source: 'hf', id: arxiv.id, title: 'x', upvotes: 3 }, { source: 'hf', id: arxiv.id, title: 'x', upvotes: 5 }],
      T0,
    );
    expect(counts).toMatchObject({ new: 1, updated: 2 });
    expect((await findPaper(temp.store, arxiv.id))?.upvotes).toBe(5);
  });

  it('gives old-style arXiv ids that would share a key distinct keys', async () => {
    const old = (id: string): PaperInput => ({ source: 'arxiv', id, title: `Old paper ${id}` });
    await upsertPapers(temp.store, [old('hep-th/9901001'), old('math/9901001'), old('cs/9901001')], T0);
    const keys = await temp.store.db.selectFrom('papers').select('doc_id').orderBy('doc_id').execute();
    expect(new Set(keys.map((k) => k.doc_id)).size).toBe(3);
    expect(await findPaper(temp.store, 'math/9901001')).not.toBeNull();
  });
});
