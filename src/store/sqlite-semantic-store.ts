// The semantic store over SQLite's raw connection: the synchronous statements of semantic-rows.ts, called as they
// always were (one refit-worker batch is one synchronous call), behind the async interface.
import type SQLite from 'better-sqlite3';
import type { IndexBuilder, SemanticIndex } from '../core/semantic/semantic-index.js';
import { countPapers } from './papers-repository.js';
import type { SemanticStore } from './semantic-store.js';
import {
  currentModelRow,
  docIdPage,
  modelBlob,
  nextModelVersion,
  pendingTexts,
  pendOlderVectors,
  publishModel,
  sampleCorpus,
  textPage,
  withVectorRows,
  writeVectors,
  type TextRow,
} from './semantic-rows.js';

/**
 * Runs a synchronous write. The main thread passes one that waits for the write lock on a timer (the store's
 * transaction); the refit worker writes directly, its connection waiting in SQLite's busy handler.
 */
export type SqliteWriteGate = <T>(write: () => T) => Promise<T>;

const direct: SqliteWriteGate = (write) => Promise.resolve(write());

export function sqliteSemanticStore(sqlite: SQLite.Database, gate: SqliteWriteGate = direct): SemanticStore {
  return {
    currentModel: () => Promise.resolve(currentModelRow(sqlite)),
    modelBlob: (version) => Promise.resolve(modelBlob(sqlite, version)),
    nextModelVersion: () => Promise.resolve(nextModelVersion(sqlite)),
    countPapers: () => Promise.resolve(countPapers(sqlite)),
    paperTextOf: (docId) =>
      Promise.resolve(
        sqlite.prepare('SELECT doc_id, title, abstract, ai_keywords, ai_summary FROM papers WHERE doc_id = ?').get(docId) as
          TextRow | undefined,
      ),
    docIdPage: (after, limit) => Promise.resolve(docIdPage(sqlite, after, limit)),
    textPage: (after, limit) => Promise.resolve(textPage(sqlite, after, limit)),
    // Read again from the store on every pass of the fit (see semantic-rows.ts).
    sampleCorpus: (docIds) => Promise.resolve(sampleCorpus(sqlite, docIds)),
    async foldPendingBatch(version, limit, embed) {
      // Read and embedded outside the write lock, as before: a refit worker writing meanwhile waits less.
      const rows = pendingTexts(sqlite, limit);
      if (rows.length === 0) return [];
      const writes = embed(rows);
      await gate(() => writeVectors(sqlite, version, writes));
      return writes;
    },
    writeVectors: (version, vectors) => gate(() => writeVectors(sqlite, version, vectors)),
    publishModel: (version, dimensions, docsFitted, model) => gate(() => publishModel(sqlite, version, dimensions, docsFitted, model)),
    pendOlderVectors: (version) => gate(() => pendOlderVectors(sqlite, version)),
    buildFromVectors: (version, start: (expected: number) => IndexBuilder): Promise<SemanticIndex> =>
      Promise.resolve(
        withVectorRows(sqlite, version, (expected, rows) => {
          const builder = start(expected);
          for (const row of rows) builder.add(row);
          return builder.finish();
        }),
      ),
    // One SQLite file has one bot process writing it; within it, semantic-search.ts runs one refit per file.
    exclusively: (work) => work(),
  };
}
