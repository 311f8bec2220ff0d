// Worker-thread entry of a refit: its own connection to the store file, the same pragmas a writer needs, one
// refit, and the new model's in-memory index built here and transferred (not copied) to the main thread: loading a
// million vectors there stalled every command for seconds. The bot's event loop keeps handling commands meanwhile.
//
// Messages: once the model is published the worker posts `published` and waits for the main thread's `spare`,
// the memory of the index it stopped using (or null), which the new index is written into; then `done`.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { decodeModel } from '../../core/semantic/model-codec.js';
import { refitModel, type RefitOptions } from './refit-model.js';
import { indexTransferList } from '../../core/semantic/semantic-index.js';
import { loadIndex } from './load-index.js';
import { modelBlob } from '../../store/semantic-rows.js';

interface RefitJob {
  path: string;
  options: RefitOptions;
}

function spareFromMain(): Promise<ArrayBuffer | null> {
  return new Promise((resolve) => {
    if (parentPort === null) resolve(null);
    else parentPort.once('message', (message: { spare?: ArrayBuffer | null }) => resolve(message.spare ?? null));
  });
}

async function refit(sqlite: SQLite.Database, job: RefitJob): Promise<void> {
  const result = refitModel(sqlite, job.options);
  if (result === null) {
    parentPort?.postMessage({ kind: 'done', ok: true, result, index: null });
    return;
  }
  const spare = spareFromMain();
  parentPort?.postMessage({ kind: 'published' });
  const { ivf } = decodeModel(modelBlob(sqlite, result.version));
  const index = loadIndex(sqlite, result.version, result.dimensions, ivf, await spare);
  parentPort?.postMessage({ kind: 'done', ok: true, result, index }, indexTransferList(index));
}

const job = workerData as RefitJob;
const sqlite = new SQLite(job.path);
sqlite.pragma('journal_mode = WAL');
// The main thread writes papers and folds vectors meanwhile; each waits out the other's short transactions.
sqlite.pragma('busy_timeout = 10000');
sqlite.pragma('foreign_keys = ON');
sqlite.pragma('synchronous = NORMAL');
refit(sqlite, job)
  .catch((error: unknown) => {
    parentPort?.postMessage({ kind: 'done', ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  })
  .finally(() => sqlite.close());
