// The PostgreSQL database `papers migrate-data` copies into: reached, given the schema (the PostgreSQL migrations,
// applied as `papers migrate` applies them, under kysely's advisory lock), and checked to hold no data, so that a
// copy is never added on top of another (a second run, or a database bots already use).
import type { PostgresStore } from './database.js';
import { migrateToLatest } from './migrate.js';
import { CopyRefusedError, oneLine } from './copy-refused.js';
import { quoted } from './quoted-identifier.js';
import { sqlRow, sqlRows, sqlRun, type SqlSession } from './sql-runner.js';

/** Tables a freshly migrated database already has rows in: the migrator's own, and the baseline's seed. */
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', 'search_knowledge']);

const tablesOf = async (session: SqlSession): Promise<string[]> =>
  (await sqlRows<{ name: string }>(session, 'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1')).map(
    (r) => r.name,
  );

/**
 * Reaches the database and brings its schema up to date. A database holding tables of something else is refused
 * before the migrations could add ours among them.
 */
export async function preparePostgresTarget(store: PostgresStore): Promise<void> {
  let tables: string[];
  try {
    tables = await tablesOf(store);
  } catch (error) {
    throw new CopyRefusedError(`cannot reach PostgreSQL at ${store.path}: ${oneLine(error)}`);
  }
  if (tables.length > 0 && !tables.includes('kysely_migration')) {
    const shown = tables.slice(0, 3).join(', ') + (tables.length > 3 ? ', …' : '');
    throw new CopyRefusedError(`${store.path} holds tables papers-bot did not make (${shown}); give migrate-data an empty database`);
  }
  try {
    await migrateToLatest(store);
  } catch (error) {
    throw new CopyRefusedError(`cannot apply the PostgreSQL migrations to ${store.path}: ${oneLine(error)}`);
  }
}

/** The target's tables that hold rows the migrations did not write (papers, targets, …). */
export async function tablesHoldingData(session: SqlSession): Promise<string[]> {
  const holding: string[] = [];
  for (const table of await tablesOf(session)) {
    if (MIGRATION_TABLES.has(table)) continue;
    if ((await sqlRow(session, `SELECT 1 AS one FROM ${quoted(table)} LIMIT 1`)) !== undefined) holding.push(table);
  }
  return holding;
}

export async function refuseUnlessEmpty(session: SqlSession, where: string): Promise<void> {
  const holding = await tablesHoldingData(session);
  if (holding.length === 0) return;
  const shown = holding.slice(0, 4).join(', ') + (holding.length > 4 ? ', …' : '');
  throw new CopyRefusedError(`${where} already holds data (${shown}); migrate-data copies into an empty database only, and copied nothing`);
}

/** The table's columns on PostgreSQL, in their order. */
export async function postgresColumns(session: SqlSession, table: string): Promise<string[]> {
  const rows = await sqlRows<{ name: string }>(
    session,
    'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
    [table],
  );
  return rows.map((r) => r.name);
}

export async function countRows(session: SqlSession, table: string): Promise<number> {
  return Number((await sqlRow<{ n: number }>(session, `SELECT count(*) AS n FROM ${quoted(table)}`))?.n ?? 0);
}

/**
 * Explicit ids were copied as they were, which leaves every identity sequence at its start: the next row would be
 * given id 1 and collide. Each sequence is set past the largest id in its table, and past the largest SQLite ever
 * handed out (`handedOut`, from sqlite_sequence: AUTOINCREMENT never reuses the id of a deleted row, so neither
 * does PostgreSQL). Answers the tables whose sequence was set.
 */
export async function setSequencesPastIds(session: SqlSession, handedOut: ReadonlyMap<string, number>): Promise<string[]> {
  const columns = await sqlRows<{ table: string; column: string }>(
    session,
    `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
      WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`,
  );
  for (const { table, column } of columns) {
    const max = Number((await sqlRow<{ n: number | null }>(session, `SELECT max(${quoted(column)}) AS n FROM ${quoted(table)}`))?.n ?? 0);
    const next = Math.max(max, handedOut.get(table) ?? 0) + 1;
    // is_called false: `next` itself is the next id handed out.
    await sqlRun(session, 'SELECT setval(pg_get_serial_sequence(?, ?), ?, false)', [quoted(table), column, next]);
  }
  return columns.map((c) => c.table);
}
