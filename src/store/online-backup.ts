// A consistent copy of the live database while the bot keeps running: SQLite's online backup API, reading one
// snapshot of the file, so the copy is one committed state whatever is written meanwhile.
import { existsSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { type Store, sqliteOf } from './database.js';

/** Pages per backup step: more than any database has, so the copy is made in one step. */
const WHOLE_FILE_PAGES = 2 ** 30;

export interface BackupReport {
  file: string;
  pages: number;
  bytes: number;
  integrity: string;
}

/** The files SQLite may keep beside a database: a backup must leave none of them behind. */
function companions(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

function removeWithCompanions(file: string): void {
  for (const path of companions(file)) rmSync(path, { force: true });
}

/**
 * Copies the store into `file` (written beside it first, then renamed, so a half-written backup is never left
 * under the final name), and checks the copy with integrity_check. The copy is a single self-contained file: the
 * live database is in WAL mode, which the copy would inherit (and with it -wal and -shm files beside it), so it is
 * switched to a rollback journal before it gets its name; the bot switches it back when it opens a restored copy.
 * An existing `file` is replaced only with `replace` (see papers backup --force).
 */
export async function backupStore(store: Store, file: string, options: { replace?: boolean } = {}): Promise<BackupReport> {
  if (existsSync(file) && options.replace !== true) throw new BackupExistsError(file);
  const partial = `${file}.partial`;
  removeWithCompanions(partial);
  // One step for the whole file: SQLite restarts a stepwise backup whenever another connection writes, which under
  // a steady trickle of writes (a running bot) may never finish. In WAL mode one step reads one snapshot, and
  // writers are not held up by it.
  const { totalPages } = await sqliteOf(store).backup(partial, { progress: () => WHOLE_FILE_PAGES });
  let integrity: string;
  let bytes: number;
  const copy = new SQLite(partial);
  try {
    copy.pragma('journal_mode = DELETE');
    integrity = String(copy.pragma('integrity_check', { simple: true }));
    const pageSize = copy.pragma('page_size', { simple: true }) as number;
    const pageCount = copy.pragma('page_count', { simple: true }) as number;
    bytes = pageSize * pageCount;
  } finally {
    copy.close();
  }
  if (integrity !== 'ok') {
    removeWithCompanions(partial);
    throw new Error(`the backup failed its integrity check (${integrity}); nothing was written to ${file}`);
  }
  // A replaced backup's own leftovers would otherwise pair with the new file.
  removeWithCompanions(file);
  renameSync(partial, file);
  removeWithCompanions(partial);
  return { file, pages: totalPages, bytes, integrity };
}

export class BackupExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} already exists`);
  }
}
