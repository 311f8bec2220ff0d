// A small realistic corpus: the synthetic Daily Papers sample the search-behaviour tests were written against
// (test/fixtures/hf-daily-papers-made-up.json: 27 papers, made-up ids and authors; not the bundled sample), the
// arXiv sample, and a few papers written with British spellings, so both directions of spelling tolerance can be
// checked.
import { readFileSync } from 'node:fs';
import { importFiles } from '../../src/app/import-files.js';
import type { PaperInput } from '../../src/core/paper.js';
import type { Store } from '../../src/store/database.js';
import { upsertPapers } from '../../src/store/papers-repository.js';
import { refreshSearchVocabulary } from '../../src/store/search-index.js';

export const MADE_UP_HF_SAMPLE = new URL('../fixtures/hf-daily-papers-made-up.json', import.meta.url).pathname;
export const ARXIV_SAMPLE = new URL('../fixtures/arxiv-sample.xml', import.meta.url).pathname;

export const BRITISH_PAPERS: PaperInput[] = [
  {
    source: 'hf',
    id: '2611.00101',
    title: 'Adaptive Optimisers for Sparse Mixture-of-Experts Training',
    abstract:
      'We study adaptive optimisers for sparse mixture-of-experts models and show that per-expert learning-rate normalisation stabilises training at scale. Our behaviour analysis explains load imbalance.',
    authors: ['Harriet Pemberton', 'Oliver Ashworth'],
    publishedAt: '2026-11-02T00:00:00.000Z',
    dailyDate: '2026-11-03',
    upvotes: 31,
    organization: { name: 'oxford', fullname: 'University of Oxford' },
  },
  {
    source: 'hf',
    id: '2611.00102',
    title: 'Language Modelling of Protein Sequences with Structure-Aware Tokenisation',
    abstract:
      'We present a protein language modelling approach whose tokeniser is aware of secondary structure. Colour-coded attention maps reveal which residues the model attends to.',
    authors: ['Imogen Clarke'],
    publishedAt: '2026-10-20T00:00:00.000Z',
    dailyDate: '2026-10-21',
    upvotes: 4,
  },
];

export async function loadSearchCorpus(store: Store): Promise<void> {
  readFileSync(MADE_UP_HF_SAMPLE); // fail early with a clear error if the sample moved
  const reports = await importFiles(store, [MADE_UP_HF_SAMPLE, ARXIV_SAMPLE], new Date('2026-11-29T00:00:00Z'));
  const failed = reports.filter((r) => r.error !== null);
  if (failed.length > 0) throw new Error(`corpus import failed: ${JSON.stringify(failed)}`);
  await upsertPapers(store, BRITISH_PAPERS, '2026-11-29T00:00:00.000Z');
  await refreshSearchVocabulary(store);
}
