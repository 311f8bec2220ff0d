// Opens the store: SQLite through kysely + better-sqlite3, with the pragmas a long-running bot needs, or PostgreSQL
// when DATABASE_URL is a postgres:// URL (postgres-store.ts).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely } from 'kysely';
import { PatientSqliteDialect } from './patient-sqlite-dialect.js';
import type { DatabaseSchema } from './schema.js';
import type { SqlSession } from './sql-runner.js';
import { cachingConnection } from './statement-cache.js';
import { NotOnPostgresError, UnsupportedDatabaseUrlError } from './store-errors.js';
import { openPostgres, redactedUrl } from './postgres-store.js';
import type pg from 'pg';

interface StoreCommon extends SqlSession {
  /** Query builder for everything portable. */
  db: Kysely<DatabaseSchema>;
  /** SQLite: the resolved file path, or ':memory:'. PostgreSQL: the URL without its password. */
  path: string;
  close(): Promise<void>;
}

export interface SqliteStore extends StoreCommon {
  dialect: 'sqlite';
  /** The raw connection, for the SQLite-only parts (search index, bulk writes) that live in src/store/. */
  sqlite: SQLite.Database;
}

export interface PostgresStore extends StoreCommon {
  dialect: 'postgres';
  pool: pg.Pool;
}

export type Store = SqliteStore | PostgresStore;

/** True when DATABASE_URL names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/**
 * The SQLite connection of a store, for the SQLite-only parts (the FTS5 search index, health checks, backups); on
 * PostgreSQL they refuse with a plain reason instead of failing somewhere deeper.
 */
export function sqliteOf(store: Store): SQLite.Database {
  if (store.dialect !== 'sqlite') throw new NotOnPostgresError();
  return store.sqlite;
}

export { UnsupportedDatabaseUrlError };

/** Turns DATABASE_URL (a path, `sqlite:path`, `sqlite://path` or `file:path`) into a file path. */
export function sqlitePathFromUrl(url: string): string {
  const trimmed = url.trim();
  if (isPostgresUrl(trimmed)) throw new UnsupportedDatabaseUrlError('DATABASE_URL names a PostgreSQL server, not a SQLite file.');
  const withoutScheme = trimmed.replace(/^(sqlite|file):(\/\/)?/i, '');
  if (withoutScheme === '') throw new UnsupportedDatabaseUrlError('DATABASE_URL names no file.');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(withoutScheme)) {
    throw new UnsupportedDatabaseUrlError(`Unsupported DATABASE_URL scheme: ${withoutScheme.split(':')[0] ?? ''}`);
  }
  return withoutScheme === ':memory:' ? withoutScheme : resolve(withoutScheme);
}

/** How long a statement waits for another process's write lock before SQLite's refusal is passed on. */
const LOCK_WAIT_MS = 5000;

export interface StoreOptions {
  /** PostgreSQL: connections this process keeps at most (DATABASE_POOL_SIZE). */
  poolSize?: number;
}

export const DEFAULT_POOL_SIZE = 10;

export function openStore(url: string, options: StoreOptions = {}): Store {
  if (isPostgresUrl(url)) {
    const { db, pool } = openPostgres(url.trim(), options.poolSize ?? DEFAULT_POOL_SIZE);
    let closed = false;
    return {
      db,
      dialect: 'postgres',
      pool,
      path: redactedUrl(url.trim()),
      async close() {
        if (closed) return;
        closed = true;
        // Destroying kysely ends the pool it was given.
        await db.destroy();
      },
    };
  }
  return openSqliteStore(url);
}

/** A SQLite store (tests and benchmarks that reach into SQLite itself). */
export function openSqliteStore(url: string): SqliteStore {
  const path = sqlitePathFromUrl(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  // Another process (the CLI next to the running bot) may hold the write lock for a moment: the store waits for
  // it (up to LOCK_WAIT_MS) on a timer, not in SQLite's busy handler, which would block the event loop.
  sqlite.pragma('busy_timeout = 0');
  sqlite.pragma('foreign_keys = ON');
  // With WAL, NORMAL loses no committed data on a process crash and avoids an fsync per commit.
  sqlite.pragma('synchronous = NORMAL');
  // 64 MiB of page cache: the search index's hot pages stay in memory at a million papers.
  sqlite.pragma('cache_size = -65536');
  // Temporary tables (a digest window's topic index, sorts) live in memory, not in a scratch file.
  sqlite.pragma('temp_store = MEMORY');
  return storeOn(sqlite, path, LOCK_WAIT_MS);
}

/**
 * The store over an open connection: the one place a Store is put together (the bot's, and the doctor's
 * no-create one in open-existing-store.ts).
 */
export function storeOn(sqlite: SQLite.Database, path: string, lockWaitMs: number): SqliteStore {
  const db = new Kysely<DatabaseSchema>({ dialect: new PatientSqliteDialect({ database: cachingConnection(sqlite) }, lockWaitMs) });
  let closed = false;
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    path,
    async close() {
      if (closed) return;
      closed = true;
      // Destroying kysely closes the better-sqlite3 connection it was given.
      await db.destroy();
    },
  };
}
