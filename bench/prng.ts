// Seeded randomness for the bench corpus. Everything derives from one seed so the same seed gives the same
// corpus (and the same query mix) on every machine and Node version: no Math.random anywhere in bench/.

import { seededRandom } from '../src/core/semantic/seeded-random.js';

export type Rng = () => number;

/** mulberry32: tiny, fast, and good enough for synthetic text (not for anything cryptographic); the semantic
 * layer's refit uses the same generator. */
export const mulberry32: (seed: number) => Rng = seededRandom;

/** An independent stream per purpose, so adding draws to one part does not shift every other part. */
export function streamFor(seed: number, label: string): Rng {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i += 1) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return mulberry32(h);
}

/** Uniform integer in [lo, hi]. */
export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/**
 * Walker/Vose alias table: O(1) draws from a fixed discrete distribution. The corpus draws a few hundred
 * million words at 1M papers, so a binary search over a cumulative table would dominate generation time.
 */
export class AliasSampler {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i += 1) total += weights[i] ?? 0;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i += 1) {
      scaled[i] = ((weights[i] ?? 0) * n) / total;
      ((scaled[i] ?? 0) < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s] ?? 0;
      this.alias[s] = l;
      scaled[l] = (scaled[l] ?? 0) + (scaled[s] ?? 0) - 1;
      ((scaled[l] ?? 0) < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.prob[i] = 1;
  }

  sample(rng: Rng): number {
    const i = Math.floor(rng() * this.prob.length);
    return rng() < (this.prob[i] ?? 1) ? i : (this.alias[i] ?? i);
  }
}

/** Zipf-Mandelbrot weights 1/(rank+q)^s: q flattens the head so the top word is common, not ubiquitous. */
export function zipfWeights(n: number, s: number, q: number): Float64Array {
  const w = new Float64Array(n);
  for (let r = 0; r < n; r += 1) w[r] = 1 / Math.pow(r + 1 + q, s);
  return w;
}
