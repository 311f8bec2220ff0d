// The digest tick run by N real OS processes at once on one store, as N bot processes sharing a PostgreSQL
// database would: each a postgres-bench-worker.ts child with its own pool and owner. They are started and
// connected first; the clock starts when all are told to go together and stops when the last one has finished its
// tick, by which time every due target has been claimed and built (the ledger is counted after, to check).
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TickReport } from '../src/delivery/digest-scheduler.js';
import type { Store } from '../src/store/database.js';
import { countRows } from './digest-bench.js';

export type WorkerMessage =
  { type: 'ready' } | { type: 'done'; built: number; report: TickReport; seconds: number } | { type: 'failed'; error: string };

export interface TickProcessesResult {
  processes: number;
  /** From 'go' to the last process's tick ending. */
  wallSeconds: number;
  perProcess: { built: number; seconds: number; report: TickReport }[];
  /** Digests built in all: about the number of due targets when the claims share the work without overlap. */
  built: number;
  report: TickReport;
  deliveries: number;
  deliveredPapers: number;
  errors: string[];
}

const benchDir = dirname(fileURLToPath(import.meta.url));
const WORKER = join(benchDir, 'postgres-bench-worker.ts');
/** Loading the TypeScript sources with tsx takes a few seconds per process on a busy 2-core machine. */
const READY_TIMEOUT_MS = 180_000;

/** The next message of one of these types; rejects on 'failed', on an early exit, or after timeoutMs (0: no limit). */
function once<T extends WorkerMessage['type']>(
  child: ChildProcess,
  timeoutMs: number,
  ...types: T[]
): Promise<Extract<WorkerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage): void => {
      if (message.type === 'failed') finish(() => reject(new Error(message.error)));
      else if ((types as string[]).includes(message.type)) finish(() => resolve(message as Extract<WorkerMessage, { type: T }>));
    };
    const onExit = (code: number | null): void => finish(() => reject(new Error(`bench worker exited (${code ?? 'signal'}) early`)));
    const timer =
      timeoutMs > 0
        ? setTimeout(() => finish(() => reject(new Error(`bench worker sent no ${types.join('/')} in time`))), timeoutMs)
        : undefined;
    const finish = (then: () => void): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      then();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

const add = (a: TickReport, b: TickReport): TickReport => ({
  sent: a.sent + b.sent,
  silent: a.silent + b.silent,
  skipped: a.skipped + b.skipped,
  retrying: a.retrying + b.retrying,
  failed: a.failed + b.failed,
});

/** `store` is the bench's own connection to the same database, used only to count the ledger afterwards. */
export async function runTickProcesses(store: Store, url: string, processes: number): Promise<TickProcessesResult> {
  const children = Array.from({ length: processes }, (_, i) =>
    fork(WORKER, [url, `bench-process-${i + 1}:${process.pid}`], {
      execArgv: ['--import', 'tsx'],
      cwd: join(benchDir, '..'),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const exited = children.map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
  const errors: string[] = [];
  const perProcess: TickProcessesResult['perProcess'] = [];
  let wallSeconds = 0;
  try {
    await Promise.all(children.map((child) => once(child, READY_TIMEOUT_MS, 'ready')));
    // No time limit on the tick itself: at 10,000 targets on a busy machine it can take minutes, and it is the figure.
    const done = children.map((child) => once(child, 0, 'done'));
    const started = performance.now();
    for (const child of children) child.send('go');
    const outcomes = await Promise.allSettled(
      done.map(async (finished) => {
        const message = await finished;
        return { message, at: performance.now() };
      }),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        errors.push(outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason));
        continue;
      }
      const { message, at } = outcome.value;
      perProcess.push({ built: message.built, seconds: message.seconds, report: message.report });
      wallSeconds = Math.max(wallSeconds, (at - started) / 1000);
    }
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
    for (const child of children) child.kill();
  }
  await Promise.all(exited);
  return {
    processes,
    wallSeconds: Math.round(wallSeconds * 100) / 100,
    perProcess,
    built: perProcess.reduce((n, p) => n + p.built, 0),
    report: perProcess.reduce((sum, p) => add(sum, p.report), { sent: 0, silent: 0, skipped: 0, retrying: 0, failed: 0 }),
    deliveries: await countRows(store, 'deliveries'),
    deliveredPapers: await countRows(store, 'delivered_papers'),
    errors,
  };
}
