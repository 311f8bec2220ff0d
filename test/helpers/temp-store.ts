// A fresh store with the real migrations applied: a SQLite file in its own temporary folder, or a PostgreSQL
// database copied from the run's migrated template (see global-setup.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openSqliteStore, openStore, type PostgresStore, type SqliteStore, type Store } from '../../src/store/database.js';
import { copyOfTemplate, dropTestDatabase, postgresUrlOf } from './postgres-databases.js';
import { migrateToLatest } from '../../src/store/migrate.js';

export interface TempStore {
  store: SqliteStore;
  dir: string;
  path: string;
  cleanup(): Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'papers-test-'));
}

export async function createTempStore(): Promise<TempStore> {
  const dir = tempDir();
  const path = join(dir, 'papers.db');
  const store = openSqliteStore(path);
  await migrateToLatest(store);
  return {
    store,
    dir,
    path,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Dialect = Store['dialect'];

/** Both databases, for suites that must behave the same on each (`describe.each(DIALECTS)`). */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

export interface TempPostgresStore {
  store: PostgresStore;
  /** The database's URL, for a second process or connection. */
  url: string;
  cleanup(): Promise<void>;
}

export async function createTempPostgresStore(): Promise<TempPostgresStore> {
  const name = await copyOfTemplate(inject('postgresTemplate'));
  const url = postgresUrlOf(name);
  const store = openStore(url, { poolSize: 4 }) as PostgresStore;
  return {
    store,
    url,
    async cleanup() {
      await store.close();
      await dropTestDatabase(name);
    },
  };
}

/** A fresh migrated store of either kind; `url` is what DATABASE_URL would say to reach it. */
export async function createStoreOf(dialect: Dialect): Promise<{ store: Store; url: string; cleanup(): Promise<void> }> {
  if (dialect === 'postgres') return createTempPostgresStore();
  const temp = await createTempStore();
  return { store: temp.store, url: temp.path, cleanup: () => temp.cleanup() };
}
