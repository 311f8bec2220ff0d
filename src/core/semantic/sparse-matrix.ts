// A sparse matrix in compressed-row form (one row per document, one column per vocabulary term) and the two
// products the randomized SVD needs. Dense operands are row-major blocks (see DenseBlock) with `width` columns.
import type { DenseBlock } from './dense-linalg.js';

export interface SparseRows {
  rows: number;
  cols: number;
  /** rows + 1 offsets into `columns` / `values`. */
  offsets: Uint32Array;
  /** Uint16 when there are at most 65,536 columns (a vocabulary of 40k): half the bytes per entry. */
  columns: Uint16Array | Uint32Array;
  values: Float32Array;
}

/** S · D, where D is cols × width: rows × width, written into `out` (it is cleared first). */
export function multiply<T extends DenseBlock>(s: SparseRows, d: DenseBlock, width: number, out: T): T {
  out.fill(0);
  for (let r = 0; r < s.rows; r += 1) {
    const o = r * width;
    for (let e = s.offsets[r] as number, end = s.offsets[r + 1] as number; e < end; e += 1) {
      const v = s.values[e] as number;
      const dBase = (s.columns[e] as number) * width;
      for (let j = 0; j < width; j += 1) out[o + j] = (out[o + j] as number) + v * (d[dBase + j] as number);
    }
  }
  return out;
}

/** Sᵀ · D, where D is rows × width: cols × width, written into `out` (it is cleared first). */
export function multiplyTransposed<T extends DenseBlock>(s: SparseRows, d: DenseBlock, width: number, out: T): T {
  out.fill(0);
  for (let r = 0; r < s.rows; r += 1) {
    const dBase = r * width;
    for (let e = s.offsets[r] as number, end = s.offsets[r + 1] as number; e < end; e += 1) {
      const v = s.values[e] as number;
      const o = (s.columns[e] as number) * width;
      for (let j = 0; j < width; j += 1) out[o + j] = (out[o + j] as number) + v * (d[dBase + j] as number);
    }
  }
  return out;
}
