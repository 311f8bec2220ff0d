// Applies the migrations in migrations/ (on start, and by `papers migrate`).
import { Migrator, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Store } from './database.js';

export class MigrationError extends Error {}

export async function migrateToLatest(store: Store): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new MigrationError(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return results ?? [];
}

/**
 * Migrations not applied to this database yet, read without changing it (kysely's Migrator would first create
 * its own tables): for `papers doctor`, which must leave the file as it found it.
 */
export function pendingMigrations(store: Store): string[] {
  const table = store.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
  const applied = new Set(
    table === undefined ? [] : (store.sqlite.prepare('SELECT name FROM kysely_migration').all() as { name: string }[]).map((r) => r.name),
  );
  return Object.keys(migrations).filter((name) => !applied.has(name));
}
