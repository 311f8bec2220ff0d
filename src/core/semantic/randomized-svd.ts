// Truncated SVD of a large sparse matrix by random projection (Halko, Martinsson & Tropp 2011, algorithms 4.4
// and 5.1): sample the range with a Gaussian block, sharpen it with power iterations, and solve the small problem
// exactly. LSA needs only the right singular vectors (term space → concept space) and the singular values.
import { gram, orthonormalizeColumns, symmetricEigen } from './dense-linalg.js';
import { multiply, multiplyTransposed, type SparseRows } from './sparse-matrix.js';

export interface TruncatedSvd {
  rank: number;
  /** Descending. */
  singularValues: Float64Array;
  /** cols × rank row-major: the right singular vectors as columns (float32: what a model keeps of them). */
  right: Float32Array;
}

export interface SvdOptions {
  rank: number;
  /** Extra sampled directions beyond `rank`: they absorb the tail so the kept ones come out accurate. */
  oversample?: number;
  powerIterations?: number;
  random: () => number;
}

function gaussian(random: () => number): number {
  // Box–Muller; 1 - u keeps the logarithm finite.
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export function randomizedSvd(a: SparseRows, options: SvdOptions): TruncatedSvd {
  const width = Math.max(1, Math.min(options.rank + (options.oversample ?? 16), a.rows, a.cols));
  // Two dense blocks for the whole computation, rows × width and cols × width, each product written over the
  // one it no longer needs: at a 60k-paper sample, fresh blocks per product held ~500 MB until collected. They are
  // float32 (half the memory): they are re-orthonormalised (in double sums) after every product, and the model
  // keeps float32 vectors anyway.
  const z = new Float32Array(a.cols * width);
  for (let i = 0; i < z.length; i += 1) z[i] = gaussian(options.random);
  const q = multiply(a, z, width, new Float32Array(a.rows * width));
  orthonormalizeColumns(q, a.rows, width);
  // Each iteration multiplies by AAᵀ, raising the singular values to the third power and so separating the
  // wanted directions from the flat tail of a term matrix; re-orthonormalising keeps them from collapsing.
  for (let i = 0; i < (options.powerIterations ?? 2); i += 1) {
    multiplyTransposed(a, q, width, z);
    orthonormalizeColumns(z, a.cols, width);
    multiply(a, z, width, q);
    orthonormalizeColumns(q, a.rows, width);
  }
  // B = QᵀA is width × cols; kept transposed (cols × width) so it comes from one sparse pass. BBᵀ = (Bᵀ)ᵀBᵀ.
  const bt = multiplyTransposed(a, q, width, z);
  const { values, vectors } = symmetricEigen(gram(bt, a.cols, width), width);
  const rank = Math.min(options.rank, width);
  const singularValues = new Float64Array(rank);
  for (let j = 0; j < rank; j += 1) singularValues[j] = Math.sqrt(Math.max(0, values[j] as number));
  // V = Bᵀ W Σ⁻¹: the right singular vectors of B, which are A's.
  const right = new Float32Array(a.cols * rank);
  for (let t = 0; t < a.cols; t += 1) {
    const row = t * width;
    for (let j = 0; j < rank; j += 1) {
      const sigma = singularValues[j] as number;
      if (sigma <= 1e-12) continue;
      let sum = 0;
      for (let p = 0; p < width; p += 1) sum += (bt[row + p] as number) * (vectors[p * width + j] as number);
      right[t * rank + j] = sum / sigma;
    }
  }
  return { rank, singularValues, right };
}
