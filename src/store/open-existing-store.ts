// Opens the papers database for the doctor without creating it and without changing it: no folder or file is
// made, and the journal mode and other persistent settings are left as the bot set them.
import { existsSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { storeOn, type Store } from './database.js';

/** How long the doctor waits for another process's write lock before calling the database locked. */
const BUSY_TIMEOUT_MS = 2000;

/** The store at `path`, or null when there is no file there yet. Throws SQLite's error when it cannot be opened. */
export function openExistingStore(path: string): Store | null {
  if (path !== ':memory:' && !existsSync(path)) return null;
  const sqlite = new SQLite(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  // The connection's own busy timeout does the waiting here: the doctor is a short command with nothing else to do.
  return storeOn(sqlite, path, 0);
}
