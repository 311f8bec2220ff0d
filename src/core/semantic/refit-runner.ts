// Starts a refit: in a worker thread for a store file, inline for ':memory:' (a worker cannot open that database).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Store } from '../../store/database.js';
import { refitModel, type RefitOptions, type RefitResult } from './refit-model.js';

/**
 * Compiled, the worker is the sibling .js file. From TypeScript source (tests, `node --import tsx`) it is the .ts
 * file loaded through tsx's require hook: `execArgv: ['--import', 'tsx']` does not reach a worker's own entry
 * on Node 20 (ERR_UNKNOWN_FILE_EXTENSION, privatenumber/tsx#354), while registering the hook in a two-line eval
 * entry works on Node 20 and 24 alike.
 */
function refitWorker(path: string, options: RefitOptions): Worker {
  const workerData = { path, options };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./refit-worker.js', import.meta.url), { workerData });
  const require = createRequire(import.meta.url);
  const boot = [
    `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();`,
    `require(${JSON.stringify(fileURLToPath(new URL('./refit-worker.ts', import.meta.url)))});`,
  ].join('\n');
  return new Worker(boot, { eval: true, workerData });
}

/**
 * `background`: nobody waits for this refit, so it must not keep the process alive (a bot told to stop exits; the
 * worker's open transaction is rolled back and the next refresh starts the refit again).
 */
export function runRefit(store: Store, options: RefitOptions, background = false): Promise<RefitResult | null> {
  if (store.path === ':memory:') return Promise.resolve(refitModel(store.sqlite, options));
  return new Promise((resolve, reject) => {
    const worker = refitWorker(store.path, options);
    if (background) worker.unref();
    let settled = false;
    worker.once('message', (message: { ok: boolean; result?: RefitResult | null; error?: string }) => {
      settled = true;
      if (message.ok) resolve(message.result ?? null);
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
