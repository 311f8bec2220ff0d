// A consistent copy of the live database while the bot keeps running: SQLite's online backup API, reading one
// snapshot of the file, so the copy is one committed state whatever is written meanwhile.
import { existsSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import type { Store } from './database.js';

/** Pages per backup step: more than any database has, so the copy is made in one step. */
const WHOLE_FILE_PAGES = 2 ** 30;

export interface BackupReport {
  file: string;
  pages: number;
  bytes: number;
  integrity: string;
}

/**
 * Copies the store into `file` (written beside it first, then renamed, so a half-written backup is never left
 * under the final name), and checks the copy with integrity_check.
 */
export async function backupStore(store: Store, file: string): Promise<BackupReport> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  // One step for the whole file: SQLite restarts a stepwise backup whenever another connection writes, which under
  // a steady trickle of writes (a running bot) may never finish. In WAL mode one step reads one snapshot, and
  // writers are not held up by it.
  const { totalPages } = await store.sqlite.backup(partial, { progress: () => WHOLE_FILE_PAGES });
  const copy = new SQLite(partial, { readonly: true });
  let integrity: string;
  let bytes: number;
  try {
    integrity = String(copy.pragma('integrity_check', { simple: true }));
    const pageSize = copy.pragma('page_size', { simple: true }) as number;
    const pageCount = copy.pragma('page_count', { simple: true }) as number;
    bytes = pageSize * pageCount;
  } finally {
    copy.close();
  }
  if (integrity !== 'ok') {
    rmSync(partial, { force: true });
    throw new Error(`the backup failed its integrity check (${integrity}); nothing was written to ${file}`);
  }
  if (existsSync(file)) rmSync(file);
  renameSync(partial, file);
  return { file, pages: totalPages, bytes, integrity };
}
