// Starts a refit: in a worker thread for a store file, inline for ':memory:' (a worker cannot open that database).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type Store, sqliteOf } from '../../store/database.js';
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

function refitWorker(path: string, options: RefitOptions): Worker {
  const workerData = { path, options };
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
 * `background`: nobody waits for this refit, so it must not keep the process alive (a bot told to stop exits; the
 * worker's open transaction is rolled back and the next refresh starts the refit again). `release`: called once
 * the new model is published, before the worker builds its index; returns the memory of the index the caller
 * stops using now (see loadIndex's `spare`), or null.
 */
export function runRefit(
  store: Store,
  options: RefitOptions,
  background = false,
  release: () => ArrayBuffer | null = () => null,
): Promise<RefitOutcome | null> {
  if (store.path === ':memory:') {
    const result = refitModel(sqliteOf(store), options);
    return Promise.resolve(result === null ? null : { result, index: null });
  }
  return new Promise((resolve, reject) => {
    const worker = refitWorker(store.path, options);
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
