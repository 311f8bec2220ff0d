// Worker-thread entry of a refit: its own connection to the store (the SQLite file with the pragmas a writer
// needs, or a small PostgreSQL pool), one refit, and the new model's in-memory index built here and transferred
// (not copied) to the main thread: loading a million vectors there stalled every command for seconds. The bot's
// event loop keeps handling commands meanwhile.
//
// Messages: once the model is published the worker posts `published` and waits for the main thread's `spare`,
// the memory of the index it stopped using (or null), which the new index is written into; then `done`.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { decodeModel } from '../../core/semantic/model-codec.js';
import { refitModel, type RefitOptions } from './refit-model.js';
import { indexTransferList } from '../../core/semantic/semantic-index.js';
import { loadIndex } from './load-index.js';
import { openStore } from '../../store/database.js';
import type { SemanticStore } from '../../store/semantic-store.js';
import { semanticStoreOf } from '../../store/semantic-store-of.js';
import { sqliteSemanticStore } from '../../store/sqlite-semantic-store.js';

export interface RefitJob {
  target: { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };
  options: RefitOptions;
  /** See refitModel. */
  basedOn?: number | null;
}

function spareFromMain(): Promise<ArrayBuffer | null> {
  return new Promise((resolve) => {
    if (parentPort === null) resolve(null);
    else parentPort.once('message', (message: { spare?: ArrayBuffer | null }) => resolve(message.spare ?? null));
  });
}

async function refit(semantic: SemanticStore, job: RefitJob): Promise<void> {
  const result = await refitModel(semantic, job.options, job.basedOn);
  if (result === null) {
    parentPort?.postMessage({ kind: 'done', ok: true, result, index: null });
    return;
  }
  const spare = spareFromMain();
  parentPort?.postMessage({ kind: 'published' });
  const { ivf } = decodeModel(await semantic.modelBlob(result.version));
  const index = await loadIndex(semantic, result.version, result.dimensions, ivf, await spare);
  parentPort?.postMessage({ kind: 'done', ok: true, result, index }, indexTransferList(index));
}

/** The worker's own connection: synchronous statements straight on SQLite, as fast as the refit ever was. */
function openSqlite(path: string): { semantic: SemanticStore; close(): Promise<void> } {
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  // The main thread writes papers and folds vectors meanwhile; each waits out the other's short transactions.
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  return {
    semantic: sqliteSemanticStore(sqlite),
    close: () => {
      sqlite.close();
      return Promise.resolve();
    },
  };
}

/** Three connections: the refit lock's, the reads and writes, and one spare for the index's snapshot. */
function openPostgres(url: string): { semantic: SemanticStore; close(): Promise<void> } {
  const store = openStore(url, { poolSize: 3 });
  return { semantic: semanticStoreOf(store), close: () => store.close() };
}

async function run(job: RefitJob): Promise<void> {
  const opened = job.target.dialect === 'sqlite' ? openSqlite(job.target.path) : openPostgres(job.target.url);
  try {
    await refit(opened.semantic, job);
  } finally {
    await opened.close();
  }
}

run(workerData as RefitJob).catch((error: unknown) => {
  parentPort?.postMessage({ kind: 'done', ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
