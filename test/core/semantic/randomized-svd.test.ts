// The randomized SVD recovers a known low-rank matrix: its singular values and the span of its right vectors.
import { describe, expect, it } from 'vitest';
import { orthonormalizeColumns, symmetricEigen } from '../../../src/core/semantic/dense-linalg.js';
import { randomizedSvd } from '../../../src/core/semantic/randomized-svd.js';
import { seededRandom } from '../../../src/core/semantic/seeded-random.js';
import type { SparseRows } from '../../../src/core/semantic/sparse-matrix.js';

function randomOrthonormal(rows: number, cols: number, random: () => number): Float64Array {
  const a = Float64Array.from({ length: rows * cols }, () => random() - 0.5);
  orthonormalizeColumns(a, rows, cols);
  return a;
}

/** U · diag(s) · Vᵀ as a compressed-row matrix (dense, but through the same products the fit uses). */
function lowRank(u: Float64Array, s: readonly number[], v: Float64Array, rows: number, cols: number): SparseRows {
  const r = s.length;
  const offsets = new Uint32Array(rows + 1);
  const columns: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < cols; j += 1) {
      let sum = 0;
      for (let p = 0; p < r; p += 1) sum += (u[i * r + p] as number) * (s[p] as number) * (v[j * r + p] as number);
      columns.push(j);
      values.push(sum);
    }
    offsets[i + 1] = columns.length;
  }
  return { rows, cols, offsets, columns: Uint32Array.from(columns), values: Float32Array.from(values) };
}

describe('randomizedSvd', () => {
  it('recovers the singular values and right singular vectors of a rank-5 matrix', () => {
    const random = seededRandom(7);
    const rows = 300;
    const cols = 120;
    const s = [50, 30, 20, 10, 5];
    const u = randomOrthonormal(rows, s.length, random);
    const v = randomOrthonormal(cols, s.length, random);
    const svd = randomizedSvd(lowRank(u, s, v, rows, cols), { rank: 5, oversample: 5, powerIterations: 1, random });

    expect(svd.rank).toBe(5);
    // float32 storage of the matrix limits agreement to ~1e-6 relative.
    s.forEach((value, i) => expect(svd.singularValues[i]).toBeCloseTo(value, 3));
    // Each recovered right vector is ± the true one: |⟨v_true, v_est⟩| = 1.
    for (let p = 0; p < s.length; p += 1) {
      let dot = 0;
      for (let j = 0; j < cols; j += 1) dot += (v[j * 5 + p] as number) * (svd.right[j * 5 + p] as number);
      expect(Math.abs(dot)).toBeCloseTo(1, 4);
    }
  });

  it('finds the top singular values of a noisy matrix in order', () => {
    const random = seededRandom(11);
    const rows = 200;
    const cols = 80;
    const s = [40, 25, 12];
    const base = lowRank(randomOrthonormal(rows, 3, random), s, randomOrthonormal(cols, 3, random), rows, cols);
    for (let e = 0; e < base.values.length; e += 1) base.values[e] = (base.values[e] as number) + (random() - 0.5) * 0.01;
    const svd = randomizedSvd(base, { rank: 3, random });
    s.forEach((value, i) => expect(Math.abs((svd.singularValues[i] as number) - value)).toBeLessThan(0.1));
  });
});

describe('symmetricEigen', () => {
  it('diagonalises a symmetric matrix, eigenvalues descending', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3);
    expect([...values].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([5, 3, 1]);
    // First eigenvector is ±e3.
    expect(Math.abs(vectors[2 * 3 + 0] as number)).toBeCloseTo(1, 9);
  });
});
