// Applies the migrations in migrations/ (on start, and by `papers migrate`).
import { Migrator, type Migration, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { postgresMigrations } from '../../migrations/postgres/index.js';
import type { Store } from './database.js';
import { MigrationError } from './store-errors.js';

export { MigrationError };

/** The migrations of the store's database: SQLite's, or PostgreSQL's baseline and what followed it. */
export function migrationsFor(store: Pick<Store, 'dialect'>): Record<string, Migration> {
  return store.dialect === 'postgres' ? postgresMigrations : migrations;
}

// On PostgreSQL, kysely's Migrator runs the migrations in one transaction under an advisory lock: processes
// started together on an empty database wait for the first, then find nothing left to apply.
function migratorOf(store: Store): Migrator {
  const known = migrationsFor(store);
  return new Migrator({ db: store.db, provider: { getMigrations: () => Promise.resolve(known) } });
}

export async function migrateToLatest(store: Store): Promise<MigrationResult[]> {
  const { error, results } = await migratorOf(store).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new MigrationError(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return results ?? [];
}

/**
 * Migrations not applied to this database yet, for `papers doctor`, which must leave the file as it found it.
 * kysely's Migrator.getMigrations only reads: it looks for its own table and lists nothing as executed when the
 * table is missing, creating nothing.
 */
export async function pendingMigrations(store: Store): Promise<string[]> {
  const known = await migratorOf(store).getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
