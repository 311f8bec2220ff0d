// What the doctor asks of the database itself, beside what it holds: is the file sound, can a write start.
import type { Store } from './database.js';

/** SQLite's quick_check: 'ok', or its description of the damage. Throws when the check cannot run. */
export function quickCheck(store: Store): string {
  return String(store.sqlite.pragma('quick_check', { simple: true }));
}

/** Takes the write lock and lets go at once (BEGIN IMMEDIATE, ROLLBACK): nothing is written. Throws SQLite's refusal. */
export function probeWriteLock(store: Store): void {
  store.sqlite.exec('BEGIN IMMEDIATE');
  store.sqlite.exec('ROLLBACK');
}
