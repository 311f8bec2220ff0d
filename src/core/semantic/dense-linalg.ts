// Small dense linear algebra on Float64Array, row-major: what the randomized SVD needs once the sparse products
// have shrunk the problem to a tall thin block or a small square.

/** A dense row-major block: float64 for small exact work, float32 for the tall blocks of a large refit. */
export type DenseBlock = Float64Array | Float32Array;

/**
 * Orthonormalises the columns of a rows × cols row-major matrix in place: classical Gram–Schmidt applied twice
 * per column ("twice is enough", Giraud et al. 2005: as orthogonal as modified Gram–Schmidt). Each pass walks the
 * rows in order and reads only a row's first columns, so no copy of the block is made: at a 60k-paper refit a
 * column-wise copy was as large as the block itself.
 */
export function orthonormalizeColumns(a: DenseBlock, rows: number, cols: number): void {
  const dots = new Float64Array(cols);
  for (let j = 0; j < cols; j += 1) {
    let before = 0;
    for (let i = 0; i < rows; i += 1) before += (a[i * cols + j] as number) ** 2;
    let norm = before;
    for (let pass = 0; pass < 2 && j > 0; pass += 1) {
      dots.fill(0, 0, j);
      for (let i = 0; i < rows; i += 1) {
        const row = i * cols;
        const v = a[row + j] as number;
        if (v === 0) continue;
        for (let p = 0; p < j; p += 1) dots[p] = (dots[p] as number) + (a[row + p] as number) * v;
      }
      norm = 0;
      for (let i = 0; i < rows; i += 1) {
        const row = i * cols;
        let v = a[row + j] as number;
        for (let p = 0; p < j; p += 1) v -= (dots[p] as number) * (a[row + p] as number);
        a[row + j] = v;
        norm += v * v;
      }
      // A second pass only when the first cancelled most of the column (Kahan–Parlett).
      if (norm > 0.5 * before) break;
      before = norm;
    }
    norm = Math.sqrt(norm);
    // A column in the span of the earlier ones carries no new direction: zero it rather than amplify noise.
    const scale = norm > 1e-12 ? 1 / norm : 0;
    for (let i = 0; i < rows; i += 1) a[i * cols + j] = (a[i * cols + j] as number) * scale;
  }
}

/** AᵀA of a rows × cols row-major matrix: cols × cols, symmetric. */
export function gram(a: DenseBlock, rows: number, cols: number): Float64Array {
  const g = new Float64Array(cols * cols);
  for (let i = 0; i < rows; i += 1) {
    const base = i * cols;
    for (let p = 0; p < cols; p += 1) {
      const v = a[base + p] as number;
      if (v === 0) continue;
      const gp = p * cols;
      for (let q = p; q < cols; q += 1) g[gp + q] = (g[gp + q] as number) + v * (a[base + q] as number);
    }
  }
  for (let p = 0; p < cols; p += 1) for (let q = 0; q < p; q += 1) g[p * cols + q] = g[q * cols + p] as number;
  return g;
}

export interface SymmetricEigen {
  /** Descending. */
  values: Float64Array;
  /** n × n row-major; column j is the eigenvector of values[j]. */
  vectors: Float64Array;
}

/** Eigen-decomposition of a symmetric n × n matrix by cyclic Jacobi rotations: exact enough, and n is ~150. */
export function symmetricEigen(input: Float64Array, n: number): SymmetricEigen {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep += 1) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p += 1) {
      diag += (a[p * n + p] as number) ** 2;
      for (let q = p + 1; q < n; q += 1) off += (a[p * n + q] as number) ** 2;
    }
    if (off <= 1e-22 * diag || off === 0) break;
    for (let p = 0; p < n - 1; p += 1) {
      for (let q = p + 1; q < n; q += 1) {
        const apq = a[p * n + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p] as number;
        const aqq = a[q * n + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k += 1) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k += 1) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k += 1) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => (a[y * n + y] as number) - (a[x * n + x] as number));
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = a[from * n + from] as number;
    for (let k = 0; k < n; k += 1) vectors[k * n + to] = v[k * n + from] as number;
  });
  return { values, vectors };
}
