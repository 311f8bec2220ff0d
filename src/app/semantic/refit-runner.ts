// Starts a refit: in a worker thread for a store file or a PostgreSQL store, inline for ':memory:' (a worker
// cannot open that database).
//
// On PostgreSQL too the refit runs in a worker, with a connection pool of its own (pg is plain JavaScript, so a
// worker can open one): the fit and the IVF training are seconds of synchronous arithmetic at 60k sampled
// papers, and building a million-vector index is more; in the main process those would stall every command,
// however the reads and writes between them yielded. The same worker code then serves both databases.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Store } from '../../store/database.js';
import { semanticStoreOf } from '../../store/semantic-store-of.js';
import type { RefitJob } from './refit-worker.js';
import { refitModel, type RefitOptions, type RefitResult } from './refit-model.js';
import type { SemanticIndex } from '../../core/semantic/semantic-index.js';

export interface RefitOutcome {
  result: RefitResult;
  /** The new model's index, built by the worker; null for an inline refit (the index loads when first used). */
  index: SemanticIndex | null;
}

/**
 * Compiled, the worker is the sibling .js file. From TypeScript source (tests, `node --import tsx`) it is the .ts
 * file loaded through tsx's require hook: `execArgv: ['--import', 'tsx']` does not reach a worker's own entry
 * on Node 20 (ERR_UNKNOWN_FILE_EXTENSION, privatenumber/tsx#354), while registering the hook in a two-line eval
 * entry works on Node 20 and 24 alike.
 */
/**
 * The worker's JavaScript heap. A refit's large arrays live outside it (typed arrays); inside are the vocabulary
 * counts (tens of MB for a real 60k-paper sample) and each batch's texts, which are garbage a moment later. Left
 * to its defaults V8 let ~170 MB of that garbage pile up in the bot's process while a million papers were folded
 * in; a small heap is collected as it goes.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 };

/** What the worker is to open: the file, or the server (with its password: store.path has it redacted). */
function jobFor(store: Store, options: RefitOptions, basedOn: number | null | undefined): RefitJob {
  const target =
    store.dialect === 'postgres'
      ? { dialect: 'postgres' as const, url: store.pool.options.connectionString ?? '' }
      : { dialect: 'sqlite' as const, path: store.path };
  return { target, options, basedOn };
}

function refitWorker(workerData: RefitJob): Worker {
  const resourceLimits = WORKER_LIMITS;
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./refit-worker.js', import.meta.url), { workerData, resourceLimits });
  const require = createRequire(import.meta.url);
  const boot = [
    `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();`,
    `require(${JSON.stringify(fileURLToPath(new URL('./refit-worker.ts', import.meta.url)))});`,
  ].join('\n');
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

type WorkerMessage =
  { kind: 'published' } | { kind: 'done'; ok: boolean; result?: RefitResult | null; index?: SemanticIndex | null; error?: string };

/**
 * `basedOn`: the model version current when the refit was found due (see refitModel). `background`: nobody waits for this refit, so it must not keep the process alive (a bot told to stop exits; the
 * worker's open transaction is rolled back and the next refresh starts the refit again). `release`: called once
 * the new model is published, before the worker builds its index; returns the memory of the index the caller
 * stops using now (see loadIndex's `spare`), or null.
 */
/** A ':memory:' store is refitted inline: its refit is over by the time anyone could use the store again. */
export const refitsInline = (store: Store): boolean => store.dialect === 'sqlite' && store.path === ':memory:';

export async function runRefit(
  store: Store,
  options: RefitOptions,
  background = false,
  release: () => ArrayBuffer | null = () => null,
  basedOn?: number | null,
): Promise<RefitOutcome | null> {
  if (refitsInline(store)) {
    const result = await refitModel(semanticStoreOf(store), options, basedOn);
    return result === null ? null : { result, index: null };
  }
  return new Promise((resolve, reject) => {
    const worker = refitWorker(jobFor(store, options, basedOn));
    if (background) worker.unref();
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'published') {
        const spare = release();
        worker.postMessage({ spare }, spare === null ? [] : [spare]);
        return;
      }
      settled = true;
      if (message.ok) resolve(message.result == null ? null : { result: message.result, index: message.index ?? null });
      else reject(new Error(`Semantic refit failed: ${message.error ?? 'unknown error'}`));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`Semantic refit worker exited with code ${code}`));
    });
  });
}
