// The SQLite store `papers migrate-data` copies from, read while a bot may still be writing to it: opened
// read-only (nothing is written to the file, not even its journal mode), checked to be a papers store at exactly
// this version's schema, and read inside one read transaction, so every table and every count comes from the same
// committed state while the bot goes on writing (WAL keeps its new pages apart until the snapshot ends). A file in
// rollback-journal mode is one no bot has open (the bot switches it to WAL when it opens it): there the snapshot's
// shared lock would hold writers off, but there are none.
import { existsSync, statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { migrations } from '../../migrations/index.js';
import { COPIED_TABLES, unplannedTables } from './copy-plan.js';
import { CopyRefusedError, oneLine } from './copy-refused.js';
import { quoted } from './quoted-identifier.js';

/** How long opening waits for another process's lock (a file in rollback-journal mode, mid-write). */
const BUSY_TIMEOUT_MS = 5000;

export interface LiveInstance {
  name: string;
  host: string;
  pid: number;
}

export interface SqliteSnapshot {
  path: string;
  /** When the snapshot was taken: what the bots write after it stays in the SQLite file. */
  takenAt: Date;
  /** Rows of each copied table, counted in the snapshot. */
  counts: ReadonlyMap<string, number>;
  columns(table: string): string[];
  /** The table's rows as of the snapshot, one at a time. */
  rows(table: string, columns: readonly string[]): IterableIterator<Record<string, unknown>>;
  /** The highest id SQLite has handed out per AUTOINCREMENT table (sqlite_sequence): deleted rows' ids included. */
  idsHandedOut: ReadonlyMap<string, number>;
  /** Bots registered on the file whose lease has not run out: they may still be writing to it. */
  liveInstances: readonly LiveInstance[];
  /** Ends the read transaction and closes the file (again: nothing). */
  close(): void;
}

/** Opens `path` read-only and checks it; throws CopyRefusedError with the reason when it cannot be copied. */
export function openSqliteSnapshot(path: string, now: Date = new Date()): SqliteSnapshot {
  if (path === ':memory:') throw new CopyRefusedError('--from must name a SQLite file, not :memory:');
  if (!existsSync(path)) throw new CopyRefusedError(`${path}: no such file (--from names the SQLite store to copy)`);
  if (statSync(path).isDirectory()) throw new CopyRefusedError(`${path} is a folder; --from names the SQLite file itself`);
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new CopyRefusedError(`cannot open ${path}: ${oneLine(error)}`);
  }
  try {
    return snapshotOf(sqlite, path, now);
  } catch (error) {
    sqlite.close();
    if (error instanceof CopyRefusedError) throw error;
    throw new CopyRefusedError(`cannot read ${path} as a papers store: ${oneLine(error)}`);
  }
}

function snapshotOf(sqlite: SQLite.Database, path: string, now: Date): SqliteSnapshot {
  checkSchema(sqlite, path);
  // The first read after BEGIN fixes the snapshot; everything below reads that one state.
  sqlite.exec('BEGIN');
  const takenAt = new Date();
  const counts = new Map(COPIED_TABLES.map((t) => [t.name, count(sqlite, t.name)]));
  const idsHandedOut = new Map(
    (sqlite.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[]).map((r) => [r.name, Number(r.seq)]),
  );
  const liveInstances = (
    sqlite.prepare('SELECT name, host, pid, lease_expires_at AS until FROM instances').all() as (LiveInstance & { until: string })[]
  )
    .filter((row) => Date.parse(row.until) > now.getTime())
    .map(({ name, host, pid }) => ({ name, host, pid }));
  return {
    path,
    takenAt,
    counts,
    idsHandedOut,
    liveInstances,
    columns: (table) => (sqlite.pragma(`table_info(${quoted(table)})`) as { name: string }[]).map((c) => c.name),
    rows: (table, columns) =>
      sqlite.prepare(`SELECT ${columns.map(quoted).join(', ')} FROM ${quoted(table)}`).iterate() as IterableIterator<
        Record<string, unknown>
      >,
    close() {
      if (!sqlite.open) return;
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      sqlite.close();
    },
  };
}

const count = (sqlite: SQLite.Database, table: string): number =>
  (sqlite.prepare(`SELECT count(*) AS n FROM ${quoted(table)}`).get() as { n: number }).n;

/** A papers store with every migration of this version applied, none newer, and no table the copy does not know. */
function checkSchema(sqlite: SQLite.Database, path: string): void {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  if (!tables.includes('kysely_migration') || !tables.includes('papers')) {
    throw new CopyRefusedError(`${path} is not a papers-bot store (no papers table or migrations in it)`);
  }
  const applied = new Set(sqlite.prepare('SELECT name FROM kysely_migration').pluck().all() as string[]);
  const known = Object.keys(migrations);
  const newer = [...applied].filter((name) => !known.includes(name)).sort();
  if (newer.length > 0) {
    throw new CopyRefusedError(
      `${path} was migrated by a newer papers-bot (migration ${newer.join(', ')}); run migrate-data with that version`,
    );
  }
  const pending = known.filter((name) => !applied.has(name));
  if (pending.length > 0) {
    throw new CopyRefusedError(
      `${path} is not at this version's schema (${pending.length} migration${pending.length === 1 ? '' : 's'} pending, from ${pending[0]}): ` +
        `run DATABASE_URL=${path} papers migrate with this version first (or start the upgraded bot on it once), then migrate-data again`,
    );
  }
  const unplanned = unplannedTables(tables);
  if (unplanned.length > 0) {
    throw new CopyRefusedError(`${path} has tables this version does not know how to copy (${unplanned.join(', ')}); nothing was copied`);
  }
}
