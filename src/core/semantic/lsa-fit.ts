// Learns an LSA model from paper texts: vocabulary (terms in at least two papers, the most widespread first, up
// to a cap), smoothed idf, the TF-IDF matrix with sublinear tf and unit rows, and its truncated SVD.
import { createLsaModel, type LsaModel } from './lsa-model.js';
import { paperTermCounts, type PaperText } from './paper-text.js';
import { randomizedSvd } from './randomized-svd.js';
import type { SparseRows } from './sparse-matrix.js';

export interface FitOptions {
  /** Concept dimensions at most; small corpora get fewer (see dimensionsFor). */
  dimensions: number;
  maxVocabulary: number;
  /** 1–2 (Halko et al.); each costs two sparse products and two orthonormalisations. */
  powerIterations?: number;
  random: () => number;
}

/**
 * A tiny corpus cannot support many concepts: with k near the number of papers or terms LSA reproduces plain
 * TF-IDF and learns no co-occurrence. ~2√papers and √terms both reach the cap (128) at ~4k papers / 16k terms.
 */
export function dimensionsFor(papers: number, vocabulary: number, cap: number): number {
  return Math.max(1, Math.min(cap, papers - 1, Math.floor(2 * Math.sqrt(papers)), Math.floor(Math.sqrt(vocabulary))));
}

/**
 * The papers a model learns from. Read twice (vocabulary, then the matrix), so it must yield the same papers in
 * the same order each time: an array, or a reader that fetches them again from the store.
 */
export type FitCorpus = Iterable<PaperText>;

export function fitLsa(papers: FitCorpus, options: FitOptions): LsaModel {
  // Two passes over the texts, each counting one paper's terms at a time: holding every paper's term counts at
  // once (a Map each) was most of a refit's memory at a 60k-paper sample, for a few seconds of tokenising saved.
  const df = new Map<string, number>();
  let n = 0;
  // Distinct terms summed over papers: the most entries the matrix can have, so its arrays are allocated once
  // at their final size instead of doubling (which held both copies) and being trimmed (a third).
  let entries = 0;
  for (const paper of papers) {
    const counts = paperTermCounts(paper);
    for (const term of counts.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    entries += counts.size;
    n += 1;
  }
  const vocabulary = [...df]
    .filter(([, count]) => count >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.maxVocabulary)
    .map(([term]) => term);
  const termIndex = new Map(vocabulary.map((term, i) => [term, i]));
  const idf = Float32Array.from(vocabulary, (term) => Math.log((n + 1) / ((df.get(term) ?? 0) + 1)) + 1);
  df.clear();

  const offsets = new Uint32Array(n + 1);
  const size = Math.max(1, entries);
  const columns = vocabulary.length <= 65_536 ? new Uint16Array(size) : new Uint32Array(size);
  const values = new Float32Array(columns.length);
  let used = 0;
  let row = 0;
  for (const paper of papers) {
    if (row === n) break;
    const start = used;
    let norm = 0;
    for (const [term, count] of paperTermCounts(paper)) {
      const t = termIndex.get(term);
      if (t === undefined || used === columns.length) continue;
      const w = (1 + Math.log(count)) * (idf[t] as number);
      columns[used] = t;
      values[used] = w;
      used += 1;
      norm += w * w;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let e = start; e < used; e += 1) values[e] = (values[e] as number) * scale;
    row += 1;
    offsets[row] = used;
  }
  // A corpus that yielded fewer papers the second time leaves empty rows.
  for (let r = row + 1; r <= n; r += 1) offsets[r] = used;
  const matrix: SparseRows = {
    rows: n,
    cols: vocabulary.length,
    offsets,
    // Views, not copies: the few entries past `used` (terms outside the vocabulary) are not worth a second copy.
    columns: columns.subarray(0, used),
    values: values.subarray(0, used),
  };
  const dimensions = dimensionsFor(n, vocabulary.length, options.dimensions);
  if (vocabulary.length < 2 || n < 2) {
    return createLsaModel({ vocabulary: [], idf: new Float32Array(0), dimensions, projection: new Float32Array(0), ivf: null });
  }
  const svd = randomizedSvd(matrix, {
    rank: dimensions,
    oversample: 16,
    powerIterations: options.powerIterations ?? 2,
    random: options.random,
  });
  return createLsaModel({ vocabulary, idf, dimensions: svd.rank, projection: svd.right, ivf: null });
}
