// The semantic layer's public API: papers near a text or near a paper by meaning (LSA concepts learned from the
// store), exact similarities of given papers, and the refresh every ingest runs. Each store object caches its
// model and in-memory index; both are dropped when a new model or new vectors are written, and the current model
// version is checked (one indexed row) on every call, so a refit by another process is picked up too.
import { type Store, sqliteOf } from '../../store/database.js';
import { foldPending } from './fold-in.js';
import { embedCounts, normalize, type LsaModel } from '../../core/semantic/lsa-model.js';
import { decodeModel } from '../../core/semantic/model-codec.js';
import { paperTermCounts, queryTermCounts } from '../../core/semantic/paper-text.js';
import type { RefitOptions, RefitResult } from './refit-model.js';
import { runRefit, type RefitOutcome } from './refit-runner.js';
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
import { inTransaction } from '../../store/sql-runner.js';
import { currentModelRow, modelBlob, paperText, pendOlderVectors, type TextRow } from '../../store/semantic-rows.js';

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
  /**
   * A refit's worker is building the next index in this one's memory (see startRefit): for those few seconds
   * the semantic layer answers nothing and search ranks by its words alone.
   */
  handingOver?: boolean;
}

const loaded = new WeakMap<Store, Loaded>();
/** Running refits by database file: two Store objects on one file must not fit twice at once. */
const refits = new Map<string, Promise<RefitResult | null>>();
let refitOptions: RefitOptions = {};

/** Refit settings (sample cap, dimensions…) for the bench and tests; the defaults are REFIT_DEFAULTS. */
export function setRefitOptions(options: RefitOptions): void {
  refitOptions = options;
}

function currentModel(store: Store): Loaded | null {
  // The semantic layer keeps its vectors in SQLite only so far: on PostgreSQL, search is lexical.
  if (store.dialect === 'postgres') return null;
  const row = currentModelRow(sqliteOf(store));
  if (row === undefined) {
    loaded.delete(store);
    return null;
  }
  let state = loaded.get(store);
  // While this process refits, it keeps the model it has: the worker hands over the new one with its index
  // (see startRefit), which loading here would duplicate, stalling commands for seconds at a million papers.
  if (state !== undefined && state.version !== row.version && refits.has(store.path)) return state;
  if (state === undefined || state.version !== row.version) {
    state = { version: row.version, model: decodeModel(modelBlob(sqliteOf(store), row.version)), index: null };
    loaded.set(store, state);
  }
  return state;
}

function indexOf(store: Store, state: Loaded): SemanticIndex | null {
  if (state.handingOver === true) return null;
  state.index ??= loadIndex(sqliteOf(store), state.version, state.model.dimensions, state.model.ivf);
  return state.index;
}

/** Drops the store's cached model and index; the next call reloads them. */
export function invalidateSemantic(store: Store): void {
  loaded.delete(store);
}

/** The loaded index of a store (loading it if needed), or null with no model: for the bench's memory figures. */
export function semanticIndexOf(store: Store): SemanticIndex | null {
  const state = currentModel(store);
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

export function semanticNeighboursOfText(store: Store, text: string, k: number): Promise<Neighbour[]> {
  const state = currentModel(store);
  if (state === null) return Promise.resolve([]);
  const query = embedCounts(state.model, queryTermCounts(text));
  const index = indexOf(store, state);
  if (index === null || isZero(query)) return Promise.resolve([]);
  return Promise.resolve(nearest(index, query, k, { probes: PROBES }));
}

export function semanticNeighboursOfPaper(store: Store, docId: number, k: number): Promise<Neighbour[]> {
  const state = currentModel(store);
  if (state === null) return Promise.resolve([]);
  const index = indexOf(store, state);
  if (index === null) return Promise.resolve([]);
  const own = vectorOf(index, docId);
  let query: Float32Array;
  if (own !== null) query = normalize(own);
  else {
    // Not folded in yet (written since the last refresh): embed its text now.
    const row = sqliteOf(store)
      .prepare('SELECT doc_id, title, abstract, ai_keywords, ai_summary FROM papers WHERE doc_id = ?')
      .get(docId) as TextRow | undefined;
    if (row === undefined) return Promise.resolve([]);
    query = embedCounts(state.model, paperTermCounts(paperText(row)));
  }
  if (isZero(query)) return Promise.resolve([]);
  return Promise.resolve(nearest(index, query, k, { probes: PROBES, exclude: docId }));
}

export function semanticSimilarities(store: Store, text: string, docIds: readonly number[]): Promise<Map<number, number>> {
  const state = currentModel(store);
  if (state === null || docIds.length === 0) return Promise.resolve(new Map<number, number>());
  const query = embedCounts(state.model, queryTermCounts(text));
  const index = indexOf(store, state);
  if (index === null) return Promise.resolve(new Map<number, number>());
  if (isZero(query)) return Promise.resolve(new Map(docIds.map((d) => [d, 0])));
  return Promise.resolve(similarities(index, query, docIds));
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
  const row = currentModelRow(sqliteOf(store));
  if (outcome === null || outcome.index === null || row?.version !== outcome.result.version) {
    loaded.delete(store);
    return;
  }
  loaded.set(store, { version: row.version, model: decodeModel(modelBlob(sqliteOf(store), row.version)), index: outcome.index });
  await inTransaction(store, () => Promise.resolve(pendOlderVectors(sqliteOf(store), row.version)));
}

function startRefit(store: Store, background: boolean): Promise<RefitResult | null> {
  const running = runRefit(store, refitOptions, background, () => releaseIndex(store)).then(
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
  const state = currentModel(store);
  if (state === null) return 0;
  // A loaded index takes the new vectors in as they are written: reloading a million vectors would stall commands.
  return foldPending(store, state.model, state.version, FOLD_BATCH, (writes) => {
    if (state.index !== null) state.index = addVectors(state.index, writes);
  });
}

/**
 * Run after every ingest: folds new and edited papers in with the current model, and starts a refit in a worker
 * when there is no model yet (at MIN_PAPERS_TO_FIT papers) or the store has grown REFIT_GROWTH× since the fit.
 */
export async function refreshSemantic(store: Store, options: RefreshOptions = {}): Promise<{ folded: number; refitted: boolean }> {
  if (store.dialect === 'postgres') return { folded: 0, refitted: false };
  let folded = await foldCurrent(store);
  const row = currentModelRow(sqliteOf(store));
  const papers = await paperCount(store);
  const due = row === undefined ? papers >= MIN_PAPERS_TO_FIT : papers >= REFIT_GROWTH * row.docs_fitted;
  let running = refits.get(store.path);
  let refitted = false;
  if (running === undefined && due) {
    running = startRefit(store, options.waitForRefit !== true);
    refitted = true;
  }
  if (running === undefined) return { folded, refitted };
  if (!options.waitForRefit) {
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
