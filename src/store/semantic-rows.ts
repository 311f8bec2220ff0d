// The semantic tables through a raw better-sqlite3 connection: the refit worker (which has a connection of its own
// and no kysely) calls these statements directly, the main thread through sqlite-semantic-store.ts.
import type SQLite from 'better-sqlite3';
import type { PaperText } from '../core/semantic/paper-text.js';
import type { VectorRow } from '../core/semantic/semantic-index.js';

export interface ModelRow {
  version: number;
  dimensions: number;
  docs_fitted: number;
}

export interface TextRow {
  doc_id: number;
  title: string;
  abstract: string;
  ai_keywords: string;
  ai_summary: string | null;
}

export interface VectorWrite {
  docId: number;
  list: number;
  vector: Buffer;
}

export const paperText = (row: TextRow): PaperText => ({
  title: row.title,
  abstract: row.abstract,
  keywords: row.ai_keywords,
  summary: row.ai_summary,
});

export function currentModelRow(sqlite: SQLite.Database): ModelRow | undefined {
  return sqlite.prepare('SELECT version, dimensions, docs_fitted FROM semantic_models ORDER BY version DESC LIMIT 1').get() as
    ModelRow | undefined;
}

export function modelBlob(sqlite: SQLite.Database, version: number): Buffer {
  const row = sqlite.prepare('SELECT model FROM semantic_models WHERE version = ?').get(version) as { model: Buffer } | undefined;
  if (row === undefined) throw new Error(`No semantic model ${version}`);
  return row.model;
}

/** Papers in doc id order after `afterDocId`: keyset pages, so writes can run between pages. */
export function textPage(sqlite: SQLite.Database, afterDocId: number, limit: number): TextRow[] {
  return sqlite
    .prepare('SELECT doc_id, title, abstract, ai_keywords, ai_summary FROM papers WHERE doc_id > ? ORDER BY doc_id LIMIT ?')
    .all(afterDocId, limit) as TextRow[];
}

/** Doc ids in order after `afterDocId`, without their texts. */
export function docIdPage(sqlite: SQLite.Database, afterDocId: number, limit: number): number[] {
  return sqlite.prepare('SELECT doc_id FROM papers WHERE doc_id > ? ORDER BY doc_id LIMIT ?').pluck().all(afterDocId, limit) as number[];
}

const SAMPLE_READ = 500;

/**
 * The texts of the given papers, read again from the store on every pass, SAMPLE_READ at a time: a refit's
 * sample (60k papers) held as strings was a large share of its memory. A paper deleted meanwhile is skipped.
 */
export function sampleCorpus(sqlite: SQLite.Database, docIds: Float64Array): Iterable<PaperText> & { size: number } {
  const read = sqlite.prepare(
    `SELECT doc_id, title, abstract, ai_keywords, ai_summary FROM papers
      WHERE doc_id IN (SELECT value FROM json_each(?)) ORDER BY doc_id`,
  );
  return {
    size: docIds.length,
    *[Symbol.iterator]() {
      for (let start = 0; start < docIds.length; start += SAMPLE_READ) {
        const ids = JSON.stringify(Array.from(docIds.subarray(start, start + SAMPLE_READ)));
        for (const row of read.all(ids) as TextRow[]) yield paperText(row);
      }
    },
  };
}

export function pendingTexts(sqlite: SQLite.Database, limit: number): TextRow[] {
  return sqlite
    .prepare(
      `SELECT p.doc_id, p.title, p.abstract, p.ai_keywords, p.ai_summary
         FROM semantic_pending s JOIN papers p ON p.doc_id = s.doc_id ORDER BY s.doc_id LIMIT ?`,
    )
    .all(limit) as TextRow[];
}

/**
 * Writes vectors of one model version in one transaction and clears them from the pending list. A vector never
 * replaces one of a newer model: the main thread may fold a paper with the old model while a refit is writing.
 */
export function writeVectors(sqlite: SQLite.Database, version: number, vectors: readonly VectorWrite[]): void {
  const put = sqlite.prepare(
    `INSERT INTO paper_vectors (doc_id, model_version, ivf_list, vector) VALUES (?, ?, ?, ?)
       ON CONFLICT (doc_id) DO UPDATE SET model_version = excluded.model_version, ivf_list = excluded.ivf_list, vector = excluded.vector
       WHERE excluded.model_version >= paper_vectors.model_version`,
  );
  const done = sqlite.prepare('DELETE FROM semantic_pending WHERE doc_id = ?');
  sqlite
    .transaction(() => {
      for (const v of vectors) {
        put.run(v.docId, version, v.list, v.vector);
        done.run(v.docId);
      }
    })
    .immediate();
}

/**
 * Publishes a fitted model once all its vectors are written: from then on it is the current model. Papers whose
 * vector is still of an older model (folded by the main thread during the refit) go back on the pending list.
 */
export function publishModel(sqlite: SQLite.Database, version: number, dimensions: number, docsFitted: number, model: Buffer): void {
  sqlite
    .transaction(() => {
      sqlite
        .prepare('INSERT INTO semantic_models (version, dimensions, docs_fitted, created_at, model) VALUES (?, ?, ?, ?, ?)')
        .run(version, dimensions, docsFitted, new Date().toISOString(), model);
      pendOlderVectors(sqlite, version);
      // Old models are never read again; their blobs are megabytes each.
      sqlite.prepare('DELETE FROM semantic_models WHERE version < ?').run(version);
    })
    .immediate();
}

/** Puts the papers whose vector is of a model older than `version` back on the pending list. */
export function pendOlderVectors(sqlite: SQLite.Database, version: number): void {
  sqlite.prepare('INSERT OR IGNORE INTO semantic_pending (doc_id) SELECT doc_id FROM paper_vectors WHERE model_version < ?').run(version);
}

export function nextModelVersion(sqlite: SQLite.Database): number {
  return ((sqlite.prepare('SELECT max(version) AS v FROM semantic_models').get() as { v: number | null }).v ?? 0) + 1;
}

/**
 * Hands one model version's stored vectors to `consume` inside one read transaction, so that the count and the
 * rows come from the same snapshot while a refit worker writes.
 */
export function withVectorRows<T>(
  sqlite: SQLite.Database,
  version: number,
  consume: (expected: number, rows: Iterable<VectorRow>) => T,
): T {
  return sqlite.transaction(() => {
    const expected = (sqlite.prepare('SELECT count(*) AS n FROM paper_vectors WHERE model_version = ?').get(version) as { n: number }).n;
    const rows = sqlite.prepare('SELECT doc_id, ivf_list, vector FROM paper_vectors WHERE model_version = ?').raw().iterate(version);
    return consume(expected, rows as IterableIterator<VectorRow>);
  })();
}
