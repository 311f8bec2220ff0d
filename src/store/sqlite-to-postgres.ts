// `papers migrate-data`: copies a SQLite store into an empty PostgreSQL database. The source is read through one
// read transaction (sqlite-snapshot.ts), so a bot may keep running on it; the target gets the PostgreSQL schema
// first (postgres-copy-target.ts), then every row in one transaction: a copy that fails half-way leaves the
// database empty, ready for another try, and two runs at once copy once (an advisory lock, then the emptiness
// check again). Rows go in multi-row INSERTs of up to BATCH_ROWS; the papers' search vectors are written with each
// batch of papers; the typo vocabulary is rebuilt from them and every sequence set past the copied ids at the end.
// Which tables are copied, and why the others are not: copy-plan.ts.
import { sql } from 'kysely';
import { COPIED_TABLES, type CopiedTable } from './copy-plan.js';
import { CopyRefusedError, oneLine } from './copy-refused.js';
import { verifyCopy, type TableCheck } from './copy-verification.js';
import { isPostgresUrl, openStore, sqlitePathFromUrl, type PostgresStore } from './database.js';
import { paperFromRow } from './paper-rows.js';
import { postgresColumns, preparePostgresTarget, refuseUnlessEmpty, setSequencesPastIds } from './postgres-copy-target.js';
import { putSearchDocuments, writeSearchVocabulary } from './postgres-search-index.js';
import { quoted } from './quoted-identifier.js';
import type { PapersTable } from './schema.js';
import { openSqliteSnapshot, type LiveInstance, type SqliteSnapshot } from './sqlite-snapshot.js';
import { inTransaction, sqlRun, type SqlSession } from './sql-runner.js';
import { COPY_LOCK } from './advisory-locks.js';

/** Rows per INSERT: a few hundred kilobytes of papers per statement, far fewer round trips than rows. */
const BATCH_ROWS = 1000;
/** PostgreSQL's limit on one statement's parameters. */
const MAX_PARAMETERS = 65_535;
export interface CopyProgress {
  /** A copied table, or search_vocab once it is rebuilt. */
  table: string;
  copied: number;
  total: number;
  done: boolean;
}

export interface CopyReport {
  /** The SQLite file, resolved. */
  source: string;
  /** The PostgreSQL URL without its password. */
  target: string;
  /** When the snapshot was read: what bots write to the SQLite file after it is not in the copy. */
  snapshotAt: Date;
  tables: TableCheck[];
  /** Every count matches. */
  ok: boolean;
  seconds: number;
  /** Bots with a live registration on the SQLite file when it was read. */
  liveInstances: readonly LiveInstance[];
}

export async function copySqliteToPostgres(
  from: string,
  to: string,
  onProgress: (p: CopyProgress) => void = () => {},
): Promise<CopyReport> {
  if (isPostgresUrl(from)) throw new CopyRefusedError('--from must be a SQLite file; it names a PostgreSQL database');
  if (!isPostgresUrl(to)) throw new CopyRefusedError('--to must be a postgres://user:password@host:5432/database URL');
  const started = performance.now();
  const snapshot = openSqliteSnapshot(sqlitePathFromUrl(from));
  try {
    const target = openStore(to, { poolSize: 2 }) as PostgresStore;
    try {
      await preparePostgresTarget(target);
      // Refused here before a single row is read; checked again under the lock, for a run started alongside.
      await refuseUnlessEmpty(target, target.path);
      await inTransaction(target, async (tx) => {
        await sql`SELECT pg_advisory_xact_lock(${COPY_LOCK})`.execute(tx.db);
        await refuseUnlessEmpty(tx, target.path);
        for (const table of COPIED_TABLES) await copyTable(tx, snapshot, table, onProgress);
        const terms = await writeSearchVocabulary(tx);
        onProgress({ table: 'search_vocab', copied: terms, total: terms, done: true });
        await setSequencesPastIds(tx, snapshot.idsHandedOut);
      }).catch((error: unknown) => {
        if (error instanceof CopyRefusedError) throw error;
        throw new CopyRefusedError(`the copy failed and was rolled back (${target.path} holds none of it): ${oneLine(error)}`);
      });
      snapshot.close();
      const tables = await verifyCopy(target, snapshot.counts);
      return {
        source: snapshot.path,
        target: target.path,
        snapshotAt: snapshot.takenAt,
        tables,
        ok: tables.every((t) => t.matches),
        seconds: (performance.now() - started) / 1000,
        liveInstances: snapshot.liveInstances,
      };
    } finally {
      await target.close();
    }
  } finally {
    snapshot.close();
  }
}

async function copyTable(tx: SqlSession, snapshot: SqliteSnapshot, table: CopiedTable, onProgress: (p: CopyProgress) => void) {
  const columns = await postgresColumns(tx, table.name);
  const sourceColumns = snapshot.columns(table.name);
  if (columns.length !== sourceColumns.length || columns.some((c) => !sourceColumns.includes(c))) {
    throw new CopyRefusedError(
      `${table.name} has columns (${sourceColumns.join(', ')}) on SQLite and (${columns.join(', ')}) on PostgreSQL; nothing was copied`,
    );
  }
  if (table.replacesOwnRows === true) await sqlRun(tx, `DELETE FROM ${quoted(table.name)}`);
  const cleared = new Set(table.cleared ?? []);
  const rowsPerInsert = Math.min(BATCH_ROWS, Math.floor(MAX_PARAMETERS / columns.length));
  const rowPlaceholders = `(${columns.map(() => '?').join(', ')})`;
  const insert = `INSERT INTO ${quoted(table.name)} (${columns.map(quoted).join(', ')}) VALUES `;
  const total = snapshot.counts.get(table.name) ?? 0;
  let copied = 0;
  let batch: Record<string, unknown>[] = [];
  const flush = async (): Promise<void> => {
    // Values go as they are: PostgreSQL reads SQLite's ISO 8601 text into timestamptz and date columns, its
    // integers into integer and bigint, its blobs (Buffers) into bytea; the JSON lists stay text on both.
    const params = batch.flatMap((row) => columns.map((c) => (cleared.has(c) ? null : row[c])));
    await sqlRun(tx, insert + batch.map(() => rowPlaceholders).join(', '), params);
    if (table.name === 'papers') {
      await putSearchDocuments(
        tx,
        batch.map((row) => ({ docId: Number(row.doc_id), paper: paperFromRow(row as unknown as PapersTable) })),
      );
    }
    copied += batch.length;
    batch = [];
    onProgress({ table: table.name, copied, total, done: false });
  };
  try {
    for (const row of snapshot.rows(table.name, columns)) {
      batch.push(row);
      if (batch.length >= rowsPerInsert) await flush();
    }
    if (batch.length > 0) await flush();
  } catch (error) {
    if (error instanceof CopyRefusedError) throw error;
    throw new CopyRefusedError(`copying ${table.name} failed and the whole copy was rolled back: ${oneLine(error)}`);
  }
  onProgress({ table: table.name, copied, total, done: true });
}
