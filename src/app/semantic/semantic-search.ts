// The semantic layer's public API: papers near a text or near a paper by meaning (LSA concepts learned from the
// store), exact similarities of given papers, and the refresh every ingest runs. Each store object caches its
// model and in-memory index; both are dropped when a new model or new vectors are written, and the current model
// version is checked (one indexed row) on every call, so a refit by another process is picked up too. The same on
// SQLite and PostgreSQL: the store is reached through its semantic store (src/store/semantic-store.ts).
import type { Store } from '../../store/database.js';
import { foldPending } from './fold-in.js';
import { embedCounts, normalize, type LsaModel } from '../../core/semantic/lsa-model.js';
import { decodeModel } from '../../core/semantic/model-codec.js';
import { paperTermCounts, queryTermCounts } from '../../core/semantic/paper-text.js';
import type { RefitOptions, RefitResult } from './refit-model.js';
import { refitsInline, runRefit, type RefitOutcome } from './refit-runner.js';
import {
  addVectors,
  nearest,
  similarities,
  vectorMemory,
  vectorOf,
  type Neighbour,
  type SemanticIndex,
} from '../../core/semantic/semantic-index.js';
import { loadIndex } from './load-index.js';
import { paperCount } from '../../store/papers-repository.js';
import { paperText } from '../../store/semantic-rows.js';
import type { VectorWrite } from '../../store/semantic-store.js';
import { semanticStoreOf } from '../../store/semantic-store-of.js';

export type { Neighbour } from '../../core/semantic/semantic-index.js';

/** No model is learned from fewer papers: a handful of abstracts teaches no co-occurrence worth the noise. */
export const MIN_PAPERS_TO_FIT = 20;
/** A model is refitted once the store holds this many times the papers it was fitted on (new words, topics). */
export const REFIT_GROWTH = 1.5;
/**
 * IVF lists scanned per query (of up to 1024). Recall@10 against an exact scan at 1M papers (bench/semantic-bench.ts):
 * 8 lists 0.94, 16 lists 0.96, 24 lists 0.97; 12 halves the scan of 24 (a fused search's semantic part went from
 * about 2 ms to under 1 ms at the median) for a point or two of recall on the few papers only the semantic layer adds.
 */
export const PROBES = 12;
const FOLD_BATCH = 2000;

interface Loaded {
  version: number;
  model: LsaModel;
  index: SemanticIndex | null;
  /** The index being read from the store (on PostgreSQL, pages awaited one by one); one read for every caller. */
  indexLoading?: Promise<SemanticIndex>;
  /** Vectors folded while the index was being read: its snapshot may predate them, so they are added after. */
  foldedWhileLoading?: VectorWrite[];
  /**
   * A refit's worker is building the next index in this one's memory (see startRefit): for those few seconds
   * the semantic layer answers nothing and search ranks by its words alone.
   */
  handingOver?: boolean;
}

const loaded = new WeakMap<Store, Loaded>();
/**
 * Running refits by database (file path, or server URL): two Store objects on one database in one process must
 * not fit twice at once. Between processes sharing a PostgreSQL store, the refit lock sees to it (refitModel).
 */
const refits = new Map<string, Promise<RefitResult | null>>();
let refitOptions: RefitOptions = {};

/** Refit settings (sample cap, dimensions…) for the bench and tests; the defaults are REFIT_DEFAULTS. */
export function setRefitOptions(options: RefitOptions): void {
  refitOptions = options;
}

async function currentModel(store: Store): Promise<Loaded | null> {
  const semantic = semanticStoreOf(store);
  const row = await semantic.currentModel();
  if (row === undefined) {
    loaded.delete(store);
    return null;
  }
  const state = loaded.get(store);
  // While this process refits, it keeps the model it has: the worker hands over the new one with its index
  // (see startRefit), which loading here would duplicate, stalling commands for seconds at a million papers.
  if (state !== undefined && state.version !== row.version && refits.has(store.path)) return state;
  if (state !== undefined && state.version >= row.version) return state;
  const model = decodeModel(await semantic.modelBlob(row.version));
  // Another call may have loaded this model, or a refit installed a newer one, while the blob was read.
  const now = loaded.get(store);
  if (now !== undefined && now.version >= row.version) return now;
  const fresh: Loaded = { version: row.version, model, index: null };
  loaded.set(store, fresh);
  return fresh;
}

const handingOver = (state: Loaded): boolean => state.handingOver === true;

async function indexOf(store: Store, state: Loaded): Promise<SemanticIndex | null> {
  if (state.handingOver === true) return null;
  if (state.index !== null) return state.index;
  if (state.indexLoading === undefined) {
    state.foldedWhileLoading = [];
    state.indexLoading = loadIndex(semanticStoreOf(store), state.version, state.model.dimensions, state.model.ivf).then(
      (index) => {
        const late = state.foldedWhileLoading ?? [];
        state.foldedWhileLoading = undefined;
        state.indexLoading = undefined;
        state.index = late.length === 0 ? index : addVectors(index, late);
        return state.index;
      },
      (error: unknown) => {
        state.foldedWhileLoading = undefined;
        state.indexLoading = undefined;
        throw error;
      },
    );
  }
  const index = await state.indexLoading;
  // A refit may have taken the memory over while the index was read.
  return handingOver(state) ? null : index;
}

/** Drops the store's cached model and index; the next call reloads them. */
export function invalidateSemantic(store: Store): void {
  loaded.delete(store);
}

/** The loaded index of a store (loading it if needed), or null with no model: for the bench's memory figures. */
export async function semanticIndexOf(store: Store): Promise<SemanticIndex | null> {
  const state = await currentModel(store);
  return state === null ? null : indexOf(store, state);
}

/** Gives up the loaded index for a refit's worker to build the next one in its memory (see runRefit). */
function releaseIndex(store: Store): ArrayBuffer | null {
  const state = loaded.get(store);
  if (state === undefined) return null;
  state.handingOver = true;
  const index = state.index;
  state.index = null;
  return index === null ? null : vectorMemory(index);
}

function isZero(v: Float32Array): boolean {
  return v.every((x) => x === 0);
}

export async function semanticNeighboursOfText(store: Store, text: string, k: number): Promise<Neighbour[]> {
  const state = await currentModel(store);
  if (state === null) return [];
  const query = embedCounts(state.model, queryTermCounts(text));
  const index = await indexOf(store, state);
  if (index === null || isZero(query)) return [];
  return nearest(index, query, k, { probes: PROBES });
}

export async function semanticNeighboursOfPaper(store: Store, docId: number, k: number): Promise<Neighbour[]> {
  const state = await currentModel(store);
  if (state === null) return [];
  const index = await indexOf(store, state);
  if (index === null) return [];
  const own = vectorOf(index, docId);
  let query: Float32Array;
  if (own !== null) query = normalize(own);
  else {
    // Not folded in yet (written since the last refresh): embed its text now.
    const row = await semanticStoreOf(store).paperTextOf(docId);
    if (row === undefined) return [];
    query = embedCounts(state.model, paperTermCounts(paperText(row)));
  }
  if (isZero(query)) return [];
  return nearest(index, query, k, { probes: PROBES, exclude: docId });
}

export async function semanticSimilarities(store: Store, text: string, docIds: readonly number[]): Promise<Map<number, number>> {
  const state = await currentModel(store);
  if (state === null || docIds.length === 0) return new Map<number, number>();
  const query = embedCounts(state.model, queryTermCounts(text));
  const index = await indexOf(store, state);
  if (index === null) return new Map<number, number>();
  if (isZero(query)) return new Map(docIds.map((d) => [d, 0]));
  return similarities(index, query, docIds);
}

export interface RefreshOptions {
  /** Wait for a refit this refresh started (or one already running) to finish: tests and the CLI. */
  waitForRefit?: boolean;
  /** Called when a refit not waited for fails (it is otherwise retried by the next refresh). */
  onRefitError?: (error: Error) => void;
  /** Called when a refit this refresh started and did not wait for is in place (its new index answering). */
  onRefitDone?: (result: RefitResult) => void;
}

/**
 * Puts a refit's model and index in place of the old ones. Papers this process folded with the old model after
 * the worker published the new one go back on the pending list for the next fold.
 */
async function install(store: Store, outcome: RefitOutcome | null): Promise<void> {
  const semantic = semanticStoreOf(store);
  const row = await semantic.currentModel();
  if (outcome === null || outcome.index === null || row?.version !== outcome.result.version) {
    loaded.delete(store);
    return;
  }
  loaded.set(store, { version: row.version, model: decodeModel(await semantic.modelBlob(row.version)), index: outcome.index });
  await semantic.pendOlderVectors(row.version);
}

/** `basedOn`: the model version the refit was found due against; another process may have refitted since. */
function startRefit(store: Store, background: boolean, basedOn: number | null): Promise<RefitResult | null> {
  const running = runRefit(store, refitOptions, background, () => releaseIndex(store), basedOn).then(
    async (outcome) => {
      refits.delete(store.path);
      await install(store, outcome);
      return outcome?.result ?? null;
    },
    (error: unknown) => {
      refits.delete(store.path);
      loaded.delete(store);
      throw error;
    },
  );
  refits.set(store.path, running);
  return running;
}

async function foldCurrent(store: Store): Promise<number> {
  const state = await currentModel(store);
  if (state === null) return 0;
  // A loaded index takes the new vectors in as they are written: reloading a million vectors would stall commands.
  return foldPending(semanticStoreOf(store), state.model, state.version, FOLD_BATCH, (writes) => {
    if (state.index !== null) state.index = addVectors(state.index, writes);
    else state.foldedWhileLoading?.push(...writes);
  });
}

/**
 * Run after every ingest: folds new and edited papers in with the current model, and starts a refit in a worker
 * when there is no model yet (at MIN_PAPERS_TO_FIT papers) or the store has grown REFIT_GROWTH× since the fit.
 */
export async function refreshSemantic(store: Store, options: RefreshOptions = {}): Promise<{ folded: number; refitted: boolean }> {
  // An inline refit blocks this process as long whether it is awaited or not; awaited, it is in place on return.
  const wait = options.waitForRefit === true || refitsInline(store);
  let folded = await foldCurrent(store);
  const row = await semanticStoreOf(store).currentModel();
  const papers = await paperCount(store);
  const due = row === undefined ? papers >= MIN_PAPERS_TO_FIT : papers >= REFIT_GROWTH * row.docs_fitted;
  let running = refits.get(store.path);
  let refitted = false;
  if (running === undefined && due) {
    running = startRefit(store, !wait, row?.version ?? null);
    refitted = true;
  }
  if (running === undefined) return { folded, refitted };
  if (!wait) {
    running.then(
      (result) => {
        if (refitted && result !== null) options.onRefitDone?.(result);
      },
      (error: unknown) => options.onRefitError?.(error instanceof Error ? error : new Error(String(error))),
    );
    return { folded, refitted };
  }
  await running;
  // Papers written while the worker ran, or folded with the old model meanwhile.
  folded += await foldCurrent(store);
  return { folded, refitted: true };
}
