// Inverted-file partition of the vector space: spherical k-means centroids learned on a sample of document
// vectors. A query scores the centroids and scans only the vectors of the few nearest lists, so a query at a
// million papers reads a few percent of them. Centroids are grouped once more (coarse groups) so that assigning
// a million vectors to a thousand lists at refit costs ~100 dot products per vector instead of a thousand.

export interface IvfCentroids {
  lists: number;
  /** lists × dimensions, row-major, L2-normalised. */
  centroids: Float32Array;
  /** groups × dimensions: centroids of the centroids. */
  coarse: Float32Array;
  /** For each coarse group, the lists in it. */
  groupLists: Uint16Array[];
}

function dot(a: Float32Array, aBase: number, b: Float32Array, bBase: number, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let j = 0;
  for (; j + 1 < k; j += 2) {
    s0 += (a[aBase + j] as number) * (b[bBase + j] as number);
    s1 += (a[aBase + j + 1] as number) * (b[bBase + j + 1] as number);
  }
  if (j < k) s0 += (a[aBase + j] as number) * (b[bBase + j] as number);
  return s0 + s1;
}

/** Indices of the `count` highest scores, best first. */
export function topIndices(scores: Float32Array | Float64Array, count: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((x, y) => (scores[y] as number) - (scores[x] as number));
  return order.slice(0, count);
}

/** Spherical k-means (cosine): centroids are mean directions, renormalised each round. */
export function sphericalKMeans(
  points: Float32Array,
  count: number,
  k: number,
  clusters: number,
  iterations: number,
  random: () => number,
): Float32Array {
  const centroids = new Float32Array(clusters * k);
  // Initial centroids: distinct random points (k-means++ would cost another pass per centroid).
  const chosen = new Set<number>();
  for (let c = 0; c < clusters; c += 1) {
    let p = Math.floor(random() * count);
    for (let tries = 0; chosen.has(p) && tries < 10; tries += 1) p = Math.floor(random() * count);
    chosen.add(p);
    centroids.set(points.subarray(p * k, p * k + k), c * k);
  }
  const assignment = new Int32Array(count);
  const sums = new Float64Array(clusters * k);
  const sizes = new Int32Array(clusters);
  for (let it = 0; it < iterations; it += 1) {
    for (let p = 0; p < count; p += 1) {
      let best = 0;
      let bestScore = -Infinity;
      for (let c = 0; c < clusters; c += 1) {
        const s = dot(points, p * k, centroids, c * k, k);
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      assignment[p] = best;
    }
    sums.fill(0);
    sizes.fill(0);
    for (let p = 0; p < count; p += 1) {
      const c = assignment[p] as number;
      sizes[c] = (sizes[c] as number) + 1;
      for (let j = 0; j < k; j += 1) sums[c * k + j] = (sums[c * k + j] as number) + (points[p * k + j] as number);
    }
    for (let c = 0; c < clusters; c += 1) {
      // An empty cluster restarts at a random point instead of staying dead.
      if (sizes[c] === 0) {
        const p = Math.floor(random() * count);
        centroids.set(points.subarray(p * k, p * k + k), c * k);
        continue;
      }
      let norm = 0;
      for (let j = 0; j < k; j += 1) norm += (sums[c * k + j] as number) ** 2;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let j = 0; j < k; j += 1) centroids[c * k + j] = (sums[c * k + j] as number) * scale;
    }
  }
  return centroids;
}

export function trainIvf(points: Float32Array, count: number, k: number, lists: number, random: () => number): IvfCentroids {
  const centroids = sphericalKMeans(points, count, k, lists, 8, random);
  const groups = Math.max(1, Math.round(Math.sqrt(lists)));
  const coarse = sphericalKMeans(centroids, lists, k, groups, 10, random);
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let c = 0; c < lists; c += 1) {
    let best = 0;
    let bestScore = -Infinity;
    for (let g = 0; g < groups; g += 1) {
      const s = dot(centroids, c * k, coarse, g * k, k);
      if (s > bestScore) {
        bestScore = s;
        best = g;
      }
    }
    members[best]?.push(c);
  }
  return { lists, centroids, coarse, groupLists: members.map((m) => Uint16Array.from(m)) };
}

const GROUPS_SEARCHED = 4;

/** The list a vector belongs to: the nearest centroid among those of its few nearest coarse groups. */
export function assignList(ivf: IvfCentroids, vector: Float32Array): number {
  const k = vector.length;
  const groupScores = new Float32Array(ivf.groupLists.length);
  for (let g = 0; g < groupScores.length; g += 1) groupScores[g] = dot(vector, 0, ivf.coarse, g * k, k);
  let best = 0;
  let bestScore = -Infinity;
  for (const g of topIndices(groupScores, GROUPS_SEARCHED)) {
    for (const c of ivf.groupLists[g] ?? []) {
      const s = dot(vector, 0, ivf.centroids, c * k, k);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
  }
  return best;
}

/** Lists worth scanning for a query, nearest centroid first. */
export function listsToProbe(ivf: IvfCentroids, query: Float32Array, probes: number): number[] {
  const k = query.length;
  const scores = new Float32Array(ivf.lists);
  for (let c = 0; c < ivf.lists; c += 1) scores[c] = dot(query, 0, ivf.centroids, c * k, k);
  return topIndices(scores, probes);
}
