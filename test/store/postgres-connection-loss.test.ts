// A connection PostgreSQL drops while the store holds it (a transaction between statements, a server restart, an
// administrator's pg_terminate_backend) must fail that work with an error the caller sees, never end the process:
// node-postgres emits 'error' on a checked-out client, and with no listener that is an uncaught exception.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { inTransaction, sqlRow } from '../../src/store/sql-runner.js';
import { storeTroubleKind } from '../../src/store/store-trouble.js';
import { withAdmin } from '../helpers/postgres-databases.js';
import { createTempPostgresStore, type TempPostgresStore } from '../helpers/temp-store.js';

let temp: TempPostgresStore;
beforeEach(async () => {
  temp = await createTempPostgresStore();
});
afterEach(async () => {
  await temp.cleanup();
});

async function terminateBackend(pid: number): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    // Wait until the server has really let the backend go, so the client has had its 'end' before we go on.
    for (;;) {
      const left = await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (left.rowCount === 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
}

it('fails a transaction whose connection is cut between statements, and the next query works', async () => {
  const attempt = inTransaction(temp.store, async (tx) => {
    const row = await sqlRow<{ pid: number }>(tx, 'SELECT pg_backend_pid() AS pid');
    await terminateBackend(row?.pid ?? -1);
    // The client hears the connection end while it is checked out: this is where an unhandled 'error' threw.
    return sqlRow<{ one: number }>(tx, 'SELECT 1 AS one');
  });
  // The caller gets the error, and it is one the commands explain as 'briefly unavailable'.
  const failure: unknown = await attempt.then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(Error);
  expect(storeTroubleKind(failure)).toBe('unreachable');

  const after = await sqlRow<{ one: number }>(temp.store, 'SELECT 1 AS one');
  expect(after?.one).toBe(1);
});
