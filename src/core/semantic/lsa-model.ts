// A fitted LSA model: vocabulary, idf weights and the term → concept projection (the top right singular vectors
// of the TF-IDF matrix), plus the IVF centroids the index partitions its vectors by. It embeds any text by
// "folding in": the text's TF-IDF row times the projection, which for a fitted document is exactly its row of UΣ.
import type { Embedder } from './embedder.js';
import { queryTermCounts } from './paper-text.js';
import type { IvfCentroids } from './ivf.js';

export interface LsaModel {
  vocabulary: string[];
  termIndex: Map<string, number>;
  idf: Float32Array;
  dimensions: number;
  /** vocabulary.length × dimensions, row-major. */
  projection: Float32Array;
  ivf: IvfCentroids | null;
}

export function createLsaModel(fields: Omit<LsaModel, 'termIndex'>): LsaModel {
  return { ...fields, termIndex: new Map(fields.vocabulary.map((term, i) => [term, i])) };
}

/** The L2-normalised concept vector of weighted term counts (all zeros when no term is in the vocabulary). */
export function embedCounts(model: LsaModel, counts: ReadonlyMap<string, number>, out = new Float32Array(model.dimensions)): Float32Array {
  out.fill(0);
  const k = model.dimensions;
  const terms: number[] = [];
  const weights: number[] = [];
  let norm = 0;
  for (const [term, count] of counts) {
    const t = model.termIndex.get(term);
    if (t === undefined) continue;
    // Sublinear tf: the tenth use of a word adds far less than the first.
    const w = (1 + Math.log(count)) * (model.idf[t] as number);
    terms.push(t);
    weights.push(w);
    norm += w * w;
  }
  if (norm === 0) return out;
  for (let i = 0; i < terms.length; i += 1) {
    const base = (terms[i] as number) * k;
    const w = weights[i] as number;
    for (let j = 0; j < k; j += 1) out[j] = (out[j] as number) + w * (model.projection[base + j] as number);
  }
  return normalize(out);
}

export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let j = 0; j < v.length; j += 1) sum += (v[j] as number) ** 2;
  if (sum === 0) return v;
  const scale = 1 / Math.sqrt(sum);
  for (let j = 0; j < v.length; j += 1) v[j] = (v[j] as number) * scale;
  return v;
}

export function lsaEmbedder(model: LsaModel, version: number): Embedder {
  return {
    modelVersion: `lsa-${version}`,
    dimensions: model.dimensions,
    embed: (texts) => texts.map((text) => embedCounts(model, queryTermCounts(text))),
  };
}
