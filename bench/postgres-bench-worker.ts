// One bot-like process of the PostgreSQL bench's digest tick (tick-processes.ts forks 1 or 4 of these): opens the
// store at argv[2] with its own small pool, says 'ready' once connected, and on 'go' runs runDigestTick as owner
// argv[3] with a messenger that accepts at once, then reports what it built and exits. Started apart from the
// timing, so module loading and connecting (seconds with tsx on 2 cores) are not counted.
import pino from 'pino';
import { runDigestTick } from '../src/delivery/digest-scheduler.js';
import { openStore } from '../src/store/database.js';
import { sqlRow } from '../src/store/sql-runner.js';
import { noopMessenger } from './digest-bench.js';
import { DIGEST_AT } from './digest-targets.js';
import type { WorkerMessage } from './tick-processes.js';

/** Small enough that 4 bench processes and the tests sharing the server stay far below max_connections. */
const WORKER_POOL_SIZE = 3;

const [url, owner] = process.argv.slice(2);
const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

if (url === undefined || owner === undefined || process.send === undefined) {
  console.error('usage: forked by bench/tick-processes.ts with <store url> <owner>');
  process.exit(2);
}

const store = openStore(url, { poolSize: WORKER_POOL_SIZE });
try {
  // A first query opens a connection, so the timed tick does not pay for it.
  await sqlRow(store, 'SELECT 1 AS n');
  send({ type: 'ready' });
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
  });
  let built = 0;
  const started = performance.now();
  const report = await runDigestTick(
    { store, logger: pino({ level: 'silent' }), messengers: [noopMessenger], owner, onBuilt: () => (built += 1) },
    new Date(DIGEST_AT),
  );
  send({ type: 'done', built, report, seconds: Math.round(performance.now() - started) / 1000 });
} catch (error) {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  await store.close();
  process.disconnect();
}
