// The in-memory vector index of one store: every current vector as int8 in one Int8Array, grouped by IVF list so
// a probed list is one contiguous run, with the doc ids alongside (Float64Array: doc ids are ~2·10¹⁰, beyond
// int32). Doc ids are also kept sorted with their positions, for exact scoring of given papers by binary search.
import { INT8_SCALE } from './int8-vectors.js';
import { listsToProbe, type IvfCentroids } from './ivf.js';

export interface Neighbour {
  docId: number;
  similarity: number;
}

/**
 * Vectors folded in since the index was loaded (new and edited papers), kept apart so that an ingest never
 * rebuilds or reloads the whole index: they are scanned in full by every query (a day's papers are a few
 * hundred), and merged into the IVF layout, in memory, once there are MAX_RECENT of them.
 */
export interface RecentVectors {
  docIds: number[];
  lists: number[];
  vectors: Int8Array;
  /** Position in `docIds` by doc id. */
  byDocId: Map<number, number>;
  /** Positions in the main arrays whose paper has a newer vector here (or none any more). */
  superseded: Set<number>;
}

export const MAX_RECENT = 20_000;

export interface SemanticIndex {
  dimensions: number;
  /** Vectors in the main (IVF-ordered) arrays. */
  count: number;
  vectors: Int8Array;
  docIds: Float64Array;
  /** lists + 1 offsets into the vectors; null when every vector is scanned. */
  listOffsets: Uint32Array | null;
  ivf: IvfCentroids | null;
  sortedDocIds: Float64Array;
  sortedPositions: Uint32Array;
  recent: RecentVectors;
}

function emptyRecent(dimensions: number): RecentVectors {
  return { docIds: [], lists: [], vectors: new Int8Array(64 * dimensions), byDocId: new Map(), superseded: new Set() };
}

/**
 * Room for this many more vectors is left behind every index's vectors: the papers folded in after it was loaded
 * (at most MAX_RECENT before a merge), so that at the next refit the old index's memory can take the new one
 * (see `spare` in loadIndex) for a few megabytes.
 */
const SPARE_VECTORS = MAX_RECENT;

/** Vectors of `dimensions` for `count` papers and SPARE_VECTORS more, in `spare` when it is large enough. */
function vectorSpace(count: number, dimensions: number, spare: ArrayBuffer | null): Int8Array {
  if (spare !== null && spare.byteLength >= count * dimensions) return new Int8Array(spare, 0, count * dimensions);
  return new Int8Array(new ArrayBuffer((count + SPARE_VECTORS) * dimensions), 0, count * dimensions);
}

/** One stored vector: its paper's doc id, its IVF list and its int8 bytes. */
export type VectorRow = [docId: number, list: number, vector: Uint8Array];

/**
 * The index of one model version's vectors, from `expected` stored rows read in one snapshot (src/store reads
 * them). `spare`: the vectors' memory of an index no longer used, written over when it is large enough (a refit's
 * new index then costs no second copy of a million vectors). Rows beyond `expected` or of the wrong size are left out.
 */
export function buildIndex(
  expected: number,
  rows: Iterable<VectorRow>,
  dimensions: number,
  ivf: IvfCentroids | null,
  spare: ArrayBuffer | null = null,
): SemanticIndex {
  const builder = indexBuilder(expected, dimensions, ivf, spare);
  for (const row of rows) builder.add(row);
  return builder.finish();
}

/** Takes the rows of buildIndex one at a time, for a store that hands them over in pages it awaits. */
export interface IndexBuilder {
  add(row: VectorRow): void;
  finish(): SemanticIndex;
}

export function indexBuilder(
  expected: number,
  dimensions: number,
  ivf: IvfCentroids | null,
  spare: ArrayBuffer | null = null,
): IndexBuilder {
  const lists = ivf?.lists ?? 0;
  const raw = vectorSpace(expected, dimensions, spare);
  const rawIds = new Float64Array(expected);
  const rawLists = new Uint16Array(expected);
  let count = 0;
  return {
    add([docId, list, blob]: VectorRow): void {
      if (count >= expected || blob.length !== dimensions) return;
      raw.set(new Int8Array(blob.buffer, blob.byteOffset, dimensions), count * dimensions);
      rawIds[count] = docId;
      rawLists[count] = lists > 0 ? Math.min(list, lists - 1) : 0;
      count += 1;
    },
    finish: () => arrangeIndex(raw, rawIds, rawLists, count, expected, dimensions, ivf),
  };
}

function arrangeIndex(
  raw: Int8Array,
  rawIds: Float64Array,
  rawLists: Uint16Array,
  count: number,
  expected: number,
  dimensions: number,
  ivf: IvfCentroids | null,
): SemanticIndex {
  const lists = ivf?.lists ?? 0;
  let vectors = raw;
  let docIds = rawIds;
  let listOffsets: Uint32Array | null = null;
  if (lists > 0) {
    // Counting sort by list: vectors of a list end up contiguous.
    listOffsets = new Uint32Array(lists + 1);
    for (let i = 0; i < count; i += 1) {
      const slot = (rawLists[i] as number) + 1;
      listOffsets[slot] = (listOffsets[slot] as number) + 1;
    }
    for (let l = 0; l < lists; l += 1) listOffsets[l + 1] = (listOffsets[l + 1] as number) + (listOffsets[l] as number);
    const cursor = listOffsets.slice(0, lists);
    const target = new Uint32Array(count);
    for (let i = 0; i < count; i += 1) {
      const l = rawLists[i] as number;
      target[i] = cursor[l] as number;
      cursor[l] = (target[i] as number) + 1;
    }
    // Permuted in place by following cycles: a second copy of a million vectors would double the peak memory.
    permuteInPlace(raw, rawIds, target, count, dimensions);
    if (count < expected) {
      vectors = raw.subarray(0, count * dimensions);
      docIds = rawIds.slice(0, count);
    }
  } else if (count < expected) {
    vectors = raw.subarray(0, count * dimensions);
    docIds = rawIds.slice(0, count);
  }
  return withSortedIds({ dimensions, count, vectors, docIds, listOffsets, ivf, recent: emptyRecent(dimensions) });
}

/**
 * The buffers of an index to transfer (not copy) from the refit worker to the main thread. The recent vectors
 * of an index just loaded are empty and are copied with the rest.
 */
export function indexTransferList(index: SemanticIndex): ArrayBuffer[] {
  const arrays = [index.vectors, index.docIds, index.listOffsets, index.sortedDocIds, index.sortedPositions];
  return [...new Set(arrays.flatMap((a) => (a === null || !(a.buffer instanceof ArrayBuffer) ? [] : [a.buffer])))];
}

/** The memory of an index's vectors, to hand to the next loadIndex once the index is no longer used. */
export function vectorMemory(index: SemanticIndex): ArrayBuffer | null {
  return index.vectors.buffer instanceof ArrayBuffer ? index.vectors.buffer : null;
}

function withSortedIds(index: Omit<SemanticIndex, 'sortedDocIds' | 'sortedPositions'>): SemanticIndex {
  const { count, docIds } = index;
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i += 1) order[i] = i;
  order.sort((a, b) => (docIds[a] as number) - (docIds[b] as number));
  const sortedDocIds = new Float64Array(count);
  for (let i = 0; i < count; i += 1) sortedDocIds[i] = docIds[order[i] as number] as number;
  return { ...index, sortedDocIds, sortedPositions: order };
}

/**
 * Adds freshly folded vectors (int8, with their IVF list) to a loaded index, superseding a paper's older vector.
 * Returns the index to use from now on: the same object, or past MAX_RECENT a merged one.
 */
export function addVectors(index: SemanticIndex, writes: readonly { docId: number; list: number; vector: Uint8Array }[]): SemanticIndex {
  const k = index.dimensions;
  const recent = index.recent;
  for (const write of writes) {
    if (write.vector.length !== k) continue;
    const main = mainPositionOf(index, write.docId);
    if (main >= 0) recent.superseded.add(main);
    let at = recent.byDocId.get(write.docId);
    if (at === undefined) {
      at = recent.docIds.length;
      recent.docIds.push(write.docId);
      recent.lists.push(write.list);
      recent.byDocId.set(write.docId, at);
      if ((at + 1) * k > recent.vectors.length) {
        const grown = new Int8Array(recent.vectors.length * 2);
        grown.set(recent.vectors);
        recent.vectors = grown;
      }
    } else recent.lists[at] = write.list;
    recent.vectors.set(new Int8Array(write.vector.buffer, write.vector.byteOffset, k), at * k);
  }
  return recent.docIds.length >= MAX_RECENT ? mergeRecent(index) : index;
}

/** The main arrays with the recent vectors in their IVF lists and superseded ones dropped: one pass, in memory. */
export function mergeRecent(index: SemanticIndex): SemanticIndex {
  const { dimensions: k, recent } = index;
  const lists = index.listOffsets === null ? 1 : index.listOffsets.length - 1;
  const listOf = (l: number) => (index.listOffsets === null ? 0 : Math.min(l, lists - 1));
  const recentByList: number[][] = Array.from({ length: lists }, () => []);
  recent.docIds.forEach((_, i) => recentByList[listOf(recent.lists[i] ?? 0)]?.push(i));
  const count = index.count - recent.superseded.size + recent.docIds.length;
  const vectors = vectorSpace(count, k, null);
  const docIds = new Float64Array(count);
  const listOffsets = index.listOffsets === null ? null : new Uint32Array(lists + 1);
  let at = 0;
  for (let l = 0; l < lists; l += 1) {
    const from = index.listOffsets?.[l] ?? 0;
    const to = index.listOffsets?.[l + 1] ?? index.count;
    for (let p = from; p < to; p += 1) {
      if (recent.superseded.has(p)) continue;
      vectors.set(index.vectors.subarray(p * k, p * k + k), at * k);
      docIds[at] = index.docIds[p] as number;
      at += 1;
    }
    for (const i of recentByList[l] ?? []) {
      vectors.set(recent.vectors.subarray(i * k, i * k + k), at * k);
      docIds[at] = recent.docIds[i] as number;
      at += 1;
    }
    if (listOffsets !== null) listOffsets[l + 1] = at;
  }
  return withSortedIds({ dimensions: k, count: at, vectors, docIds, listOffsets, ivf: index.ivf, recent: emptyRecent(k) });
}

/** Moves record i to target[i]; `target` is consumed (marked as done). */
function permuteInPlace(vectors: Int8Array, ids: Float64Array, target: Uint32Array, count: number, k: number): void {
  const DONE = 0xffffffff;
  const carried = new Int8Array(k);
  const swap = new Int8Array(k);
  for (let start = 0; start < count; start += 1) {
    if (target[start] === DONE) continue;
    carried.set(vectors.subarray(start * k, start * k + k));
    let carriedId = ids[start] as number;
    let at = start;
    for (;;) {
      const to = target[at] as number;
      target[at] = DONE;
      if (to === start) {
        vectors.set(carried, start * k);
        ids[start] = carriedId;
        break;
      }
      swap.set(vectors.subarray(to * k, to * k + k));
      const swapId = ids[to] as number;
      vectors.set(carried, to * k);
      ids[to] = carriedId;
      carried.set(swap);
      carriedId = swapId;
      at = to;
    }
  }
}

/** Position of a paper's vector in the main arrays, or -1. */
function mainPositionOf(index: SemanticIndex, docId: number): number {
  let lo = 0;
  let hi = index.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = index.sortedDocIds[mid] as number;
    if (v === docId) return index.sortedPositions[mid] as number;
    if (v < docId) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Where a paper's current vector is: its array and offset, or null when it has none. */
function locate(index: SemanticIndex, docId: number): { vectors: Int8Array; base: number } | null {
  const recent = index.recent.byDocId.get(docId);
  if (recent !== undefined) return { vectors: index.recent.vectors, base: recent * index.dimensions };
  const main = mainPositionOf(index, docId);
  if (main < 0 || index.recent.superseded.has(main)) return null;
  return { vectors: index.vectors, base: main * index.dimensions };
}

/** A paper's vector (dequantized), or null when it has none yet. */
export function vectorOf(index: SemanticIndex, docId: number): Float32Array | null {
  const at = locate(index, docId);
  if (at === null) return null;
  const k = index.dimensions;
  const out = new Float32Array(k);
  for (let j = 0; j < k; j += 1) out[j] = (at.vectors[at.base + j] as number) / INT8_SCALE;
  return out;
}

/** Papers with a current vector. */
export function vectorCount(index: SemanticIndex): number {
  return index.count - index.recent.superseded.size + index.recent.docIds.length;
}

function dot(v: Int8Array, base: number, query: Float32Array, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < k; j += 4) {
    s0 += (query[j] as number) * (v[base + j] as number);
    s1 += (query[j + 1] as number) * (v[base + j + 1] as number);
    s2 += (query[j + 2] as number) * (v[base + j + 2] as number);
    s3 += (query[j + 3] as number) * (v[base + j + 3] as number);
  }
  for (; j < k; j += 1) s0 += (query[j] as number) * (v[base + j] as number);
  return (s0 + s1 + s2 + s3) / INT8_SCALE;
}

function score(index: SemanticIndex, query: Float32Array, position: number): number {
  return dot(index.vectors, position * index.dimensions, query, index.dimensions);
}

/** A bounded min-heap of the best `k` (position, score) pairs. */
class TopK {
  readonly positions: Int32Array;
  readonly scores: Float64Array;
  size = 0;
  constructor(readonly k: number) {
    this.positions = new Int32Array(k);
    this.scores = new Float64Array(k);
  }
  offer(position: number, s: number): void {
    if (this.size < this.k) {
      let i = this.size;
      this.size += 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((this.scores[parent] as number) <= s) break;
        this.scores[i] = this.scores[parent] as number;
        this.positions[i] = this.positions[parent] as number;
        i = parent;
      }
      this.scores[i] = s;
      this.positions[i] = position;
      return;
    }
    if (s <= (this.scores[0] as number)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && (this.scores[r] as number) < (this.scores[l] as number) ? r : l;
      if ((this.scores[c] as number) >= s) break;
      this.scores[i] = this.scores[c] as number;
      this.positions[i] = this.positions[c] as number;
      i = c;
    }
    this.scores[i] = s;
    this.positions[i] = position;
  }
}

export interface SearchOptions {
  /** IVF lists scanned; more is slower and closer to exact. */
  probes: number;
  exclude?: number;
}

/** The `k` vectors most similar to a unit query vector, best first. */
export function nearest(index: SemanticIndex, query: Float32Array, k: number, options: SearchOptions): Neighbour[] {
  const { recent } = index;
  if (k <= 0 || vectorCount(index) === 0) return [];
  const top = new TopK(k);
  const scan = (from: number, to: number): void => {
    for (let p = from; p < to; p += 1) {
      if (index.docIds[p] === options.exclude || (recent.superseded.size > 0 && recent.superseded.has(p))) continue;
      top.offer(p, score(index, query, p));
    }
  };
  if (index.listOffsets === null || index.ivf === null) scan(0, index.count);
  else {
    for (const l of listsToProbe(index.ivf, query, options.probes))
      scan(index.listOffsets[l] as number, index.listOffsets[l + 1] as number);
  }
  // Recent vectors are few: all of them are scanned (positions after the main arrays').
  recent.docIds.forEach((docId, i) => {
    if (docId !== options.exclude) top.offer(index.count + i, dot(recent.vectors, i * index.dimensions, query, index.dimensions));
  });
  const docIdAt = (p: number) => (p < index.count ? (index.docIds[p] as number) : (recent.docIds[p - index.count] as number));
  const out: Neighbour[] = [];
  for (let i = 0; i < top.size; i += 1) out.push({ docId: docIdAt(top.positions[i] as number), similarity: top.scores[i] as number });
  return out.sort((a, b) => b.similarity - a.similarity || a.docId - b.docId);
}

/** Exact similarity of the query to each given paper that has a vector. */
export function similarities(index: SemanticIndex, query: Float32Array, docIds: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const docId of docIds) {
    const at = locate(index, docId);
    if (at !== null) out.set(docId, dot(at.vectors, at.base, query, index.dimensions));
  }
  return out;
}

/** Bytes the index holds in typed arrays. */
export function indexBytes(index: SemanticIndex): number {
  return (
    index.vectors.byteLength +
    index.docIds.byteLength +
    (index.listOffsets?.byteLength ?? 0) +
    index.sortedDocIds.byteLength +
    index.sortedPositions.byteLength +
    index.recent.vectors.byteLength
  );
}
