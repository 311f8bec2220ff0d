// Worker-thread entry of a refit: its own connection to the store file, the same pragmas a writer needs, one
// refit, and the result posted back. The bot's event loop keeps handling commands meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { refitModel, type RefitOptions } from './refit-model.js';

interface RefitJob {
  path: string;
  options: RefitOptions;
}

const job = workerData as RefitJob;
const sqlite = new SQLite(job.path);
try {
  sqlite.pragma('journal_mode = WAL');
  // The main thread writes papers and folds vectors meanwhile; each waits out the other's short transactions.
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const result = refitModel(sqlite, job.options);
  parentPort?.postMessage({ ok: true, result });
} catch (error) {
  parentPort?.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  sqlite.close();
}
