// What the doctor asks of the database itself, beside what it holds: is the file sound, can a write start.
import { type Store, sqliteOf } from './database.js';
import { sqlRow } from './sql-runner.js';

/**
 * The database server's clock, read now: PostgreSQL's clock_timestamp(). Null on SQLite, whose clock is this
 * machine's own.
 */
export async function databaseClock(store: Store): Promise<Date | null> {
  if (store.dialect !== 'postgres') return null;
  const row = await sqlRow<{ at: string }>(store, 'SELECT clock_timestamp() AS at');
  return row === undefined ? null : new Date(row.at);
}

/** SQLite's quick_check: 'ok', or its description of the damage. Throws when the check cannot run. */
export function quickCheck(store: Store): string {
  return String(sqliteOf(store).pragma('quick_check', { simple: true }));
}

/** Takes the write lock and lets go at once (BEGIN IMMEDIATE, ROLLBACK): nothing is written. Throws SQLite's refusal. */
export function probeWriteLock(store: Store): void {
  sqliteOf(store).exec('BEGIN IMMEDIATE');
  sqliteOf(store).exec('ROLLBACK');
}
