// A full refit: learn a model from (a sample of) the store's papers, fold every paper in with it, then publish
// it. Runs in the refit worker on its own connection (SQLite or PostgreSQL), or inline for a ':memory:' store.
import { vectorWrites } from './fold-in.js';
import { trainIvf } from '../../core/semantic/ivf.js';
import { fitLsa } from '../../core/semantic/lsa-fit.js';
import { embedCounts } from '../../core/semantic/lsa-model.js';
import { encodeModel } from '../../core/semantic/model-codec.js';
import { paperTermCounts } from '../../core/semantic/paper-text.js';
import type { SemanticStore } from '../../store/semantic-store.js';
import { seededRandom } from '../../core/semantic/seeded-random.js';

export interface RefitOptions {
  /** Papers the SVD learns from at most, sampled evenly over doc ids; the rest are only folded in. */
  sampleCap?: number;
  dimensions?: number;
  maxVocabulary?: number;
  /** Papers written per transaction. */
  batch?: number;
  /** Below this many papers the index scans every vector, which is faster than probing lists. */
  ivfMinPapers?: number;
  seed?: number;
}

export interface RefitResult {
  version: number;
  dimensions: number;
  vocabulary: number;
  papers: number;
  sampled: number;
  lists: number;
  seconds: { read: number; fit: number; ivf: number; fold: number };
}

export const REFIT_DEFAULTS = {
  sampleCap: 60_000,
  dimensions: 128,
  maxVocabulary: 40_000,
  batch: 4000,
  ivfMinPapers: 20_000,
  seed: 1,
} satisfies Required<RefitOptions>;

/** ~√n lists (each scan then reads ~√n vectors per probe), at most 1024. */
export const listsFor = (papers: number): number => Math.min(1024, Math.round(Math.sqrt(papers)));

const PAGE = 5000;

/**
 * Refits unless another refit holds the store's refit lock, or (with `basedOn`, the model version current when
 * the refit was found due) a newer model was published since: another process refitted first. Null then.
 */
export async function refitModel(
  semantic: SemanticStore,
  options: RefitOptions = {},
  basedOn?: number | null,
): Promise<RefitResult | null> {
  const outcome = await semantic.exclusively(async () => {
    if (basedOn !== undefined && ((await semantic.currentModel())?.version ?? null) !== basedOn) return null;
    return fit(semantic, options);
  });
  return outcome ?? null;
}

async function fit(semantic: SemanticStore, options: RefitOptions): Promise<RefitResult | null> {
  const o = { ...REFIT_DEFAULTS, ...options };
  const t0 = performance.now();
  const papers = await semantic.countPapers();
  if (papers < 2) return null;
  const random = seededRandom(o.seed);
  // Every paper whose rank crosses a multiple of papers/sampleCap: an even spread over time (doc ids are dates).
  // Only their doc ids are kept; the texts are read again for each pass over them (see sampleCorpus).
  const sampleIds: number[] = [];
  let rank = 0;
  for (let after = -1; ;) {
    const ids = await semantic.docIdPage(after, PAGE);
    if (ids.length === 0) break;
    for (const id of ids) {
      if (Math.floor(((rank + 1) * o.sampleCap) / papers) > Math.floor((rank * o.sampleCap) / papers)) sampleIds.push(id);
      rank += 1;
    }
    after = ids[ids.length - 1] ?? after;
  }
  const sample = await semantic.sampleCorpus(Float64Array.from(sampleIds));
  sampleIds.length = 0;
  const t1 = performance.now();
  const model = fitLsa(sample, { dimensions: o.dimensions, maxVocabulary: o.maxVocabulary, random });
  const t2 = performance.now();
  const k = model.dimensions;
  let lists = 0;
  if (papers >= o.ivfMinPapers) {
    lists = listsFor(papers);
    // ~24 sampled papers per list is enough for centroids; more only slows k-means, which is lists × points.
    const count = Math.min(sample.size, lists * 24);
    const points = new Float32Array(count * k);
    let taken = 0;
    let position = 0;
    for (const paper of sample) {
      if (taken < count && position === Math.floor((taken * sample.size) / count)) {
        points.set(embedCounts(model, paperTermCounts(paper)), taken * k);
        taken += 1;
      }
      position += 1;
    }
    model.ivf = trainIvf(points, taken, k, lists, random);
  }
  const t3 = performance.now();
  const version = await semantic.nextModelVersion();
  for (let after = -1; ;) {
    const rows = await semantic.textPage(after, o.batch);
    if (rows.length === 0) break;
    await semantic.writeVectors(version, vectorWrites(model, rows));
    after = rows[rows.length - 1]?.doc_id ?? after;
  }
  await semantic.publishModel(version, k, papers, encodeModel(model));
  const t4 = performance.now();
  const s = (ms: number): number => Math.round(ms) / 1000;
  return {
    version,
    dimensions: k,
    vocabulary: model.vocabulary.length,
    papers,
    sampled: sample.size,
    lists,
    seconds: { read: s(t1 - t0), fit: s(t2 - t1), ivf: s(t3 - t2), fold: s(t4 - t3) },
  };
}
