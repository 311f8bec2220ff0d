// The one way the store runs SQL written out by hand, and the one transaction helper. Both go through the
// store's kysely instance, so a statement waits for the connection like every query-builder query does (SQLite
// has one connection; a transaction holds it until it ends), and on SQLite every statement is prepared once per
// connection (see statement-cache.ts, which the kysely dialect uses too).
import type SQLite from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.js';
import { cachedStatement } from './statement-cache.js';

export type SqlDialect = 'sqlite' | 'postgres';

/** Where statements run: the store itself, or one transaction of it. */
export interface SqlSession {
  db: Kysely<DatabaseSchema>;
  dialect: SqlDialect;
  /** SQLite's raw connection (on a SQLite store). */
  sqlite?: SQLite.Database;
  /**
   * Set on a transaction's session: its connection is held, so on SQLite statements run on the raw connection
   * directly, skipping kysely's per-query work (a claim is five statements, thousands of claims a tick).
   */
  held?: boolean;
}

function heldSqlite(session: SqlSession): SQLite.Database | null {
  return session.held === true && session.sqlite !== undefined ? session.sqlite : null;
}

/**
 * Statements are written with `?` placeholders, which SQLite takes as they are; PostgreSQL numbers them ($1, $2,
 * …). Question marks inside quoted text or identifiers are left alone.
 */
export function placeholdersFor(dialect: SqlDialect, text: string): string {
  if (dialect === 'sqlite') return text;
  let n = 0;
  let quote: string | null = null;
  let out = '';
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '?') {
      n += 1;
      out += `$${n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

function compiled(session: SqlSession, text: string, params: readonly unknown[]): CompiledQuery {
  return CompiledQuery.raw(placeholdersFor(session.dialect, text), [...params]);
}

/** Every row the statement returns. */
export async function sqlRows<R>(session: SqlSession, text: string, params: readonly unknown[] = []): Promise<R[]> {
  const sqlite = heldSqlite(session);
  if (sqlite !== null) {
    const statement = cachedStatement<unknown[], R>(sqlite, text);
    if (statement.reader) return statement.all(params);
    statement.run(params);
    return [];
  }
  const result = await session.db.executeQuery<R>(compiled(session, text, params));
  return result.rows;
}

/** The first row the statement returns, or undefined. */
export async function sqlRow<R>(session: SqlSession, text: string, params: readonly unknown[] = []): Promise<R | undefined> {
  return (await sqlRows<R>(session, text, params))[0];
}

/** Runs a statement that returns no rows; answers how many rows it changed. */
export async function sqlRun(session: SqlSession, text: string, params: readonly unknown[] = []): Promise<number> {
  const sqlite = heldSqlite(session);
  if (sqlite !== null) {
    const statement = cachedStatement<unknown[]>(sqlite, text);
    return statement.reader ? statement.all(params).length : statement.run(params).changes;
  }
  const result = await session.db.executeQuery(compiled(session, text, params));
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Runs `work` in one transaction on one connection, committed when it resolves and rolled back when it throws.
 * On SQLite it begins IMMEDIATE: the write lock is taken (waiting up to the busy timeout for another process)
 * before anything is read, so a read-then-write never fails halfway with "database is locked".
 * Inside `work`, use the session it is given, never the store: on SQLite the store's one connection is held by
 * the transaction until it ends, so a query on the store would wait for ever.
 */
export async function inTransaction<T>(session: SqlSession, work: (tx: SqlSession) => Promise<T>): Promise<T> {
  return session.db.connection().execute(async (db) => {
    const tx: SqlSession = { db, dialect: session.dialect, sqlite: session.sqlite, held: true };
    await db.executeQuery(CompiledQuery.raw(session.dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN'));
    try {
      const result = await work(tx);
      await db.executeQuery(CompiledQuery.raw('COMMIT'));
      return result;
    } catch (error) {
      // A failed COMMIT (SQLite busy, a serialization failure) leaves the transaction open on SQLite.
      await rollBack(tx);
      throw error;
    }
  });
}

async function rollBack(tx: SqlSession): Promise<void> {
  try {
    await tx.db.executeQuery(CompiledQuery.raw('ROLLBACK'));
  } catch {
    // SQLite rolls back by itself on some errors (SQLITE_FULL, an interrupt); nothing is left to undo then,
    // and the error that matters is the one `work` threw.
  }
}
