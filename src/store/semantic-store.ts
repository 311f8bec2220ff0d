// The semantic tables as the semantic layer uses them on either database: one async interface, implemented over
// SQLite's raw connection (sqlite-semantic-store.ts, wrapping the synchronous statements the refit worker has
// always used, so its speed is unchanged) and over PostgreSQL (postgres-semantic-store.ts).
import type { PaperText } from '../core/semantic/paper-text.js';
import type { IndexBuilder, SemanticIndex } from '../core/semantic/semantic-index.js';
import type { ModelRow, TextRow, VectorWrite } from './semantic-rows.js';

export type { ModelRow, TextRow, VectorWrite } from './semantic-rows.js';

/** A refit's sample, passed over several times by the fit (it is synchronous, so it is read before). */
export type SampleCorpus = Iterable<PaperText> & { size: number };

export interface SemanticStore {
  /** The newest published model, or undefined before the first fit. */
  currentModel(): Promise<ModelRow | undefined>;
  modelBlob(version: number): Promise<Buffer>;
  nextModelVersion(): Promise<number>;
  countPapers(): Promise<number>;
  paperTextOf(docId: number): Promise<TextRow | undefined>;
  /** Doc ids in order after `afterDocId` (keyset pages). */
  docIdPage(afterDocId: number, limit: number): Promise<number[]>;
  /** Papers in doc id order after `afterDocId`. */
  textPage(afterDocId: number, limit: number): Promise<TextRow[]>;
  sampleCorpus(docIds: Float64Array): Promise<SampleCorpus>;
  /**
   * Folds up to `limit` pending papers: reads them, has `embed` turn them into vectors, writes those and clears
   * them from the pending list. Returns what was written (none when nothing is pending).
   */
  foldPendingBatch(version: number, limit: number, embed: (rows: readonly TextRow[]) => VectorWrite[]): Promise<VectorWrite[]>;
  /** Vectors of one model version; a vector never replaces one of a newer model. */
  writeVectors(version: number, vectors: readonly VectorWrite[]): Promise<void>;
  /** Makes a fitted model, whose vectors are all written, the current one (see semantic-rows.ts publishModel). */
  publishModel(version: number, dimensions: number, docsFitted: number, model: Buffer): Promise<void>;
  /** Puts papers whose vector is of a model older than `version` back on the pending list. */
  pendOlderVectors(version: number): Promise<void>;
  /** One model version's vectors, counted and read in one snapshot, handed to the builder `start` makes. */
  buildFromVectors(version: number, start: (expected: number) => IndexBuilder): Promise<SemanticIndex>;
  /**
   * Runs `work` unless another refit of this store holds the refit lock; then answers null at once. Several bot
   * processes share one PostgreSQL store, and two refits at once would publish two models.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T | null>;
}
