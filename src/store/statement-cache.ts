// Prepared statements, kept per connection: preparing costs more than running a small indexed query. kysely's
// SQLite dialect is given the connection through cachingConnection, so its queries share the same cache.
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

// Statements with lists (`IN (?, ?, …)`) come in many lengths; the least recently used ones are let go past this.
const MAX_STATEMENTS = 500;

const caches = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

export function cachedStatement<P extends unknown[] | object = unknown[], R = unknown>(
  sqlite: SQLite.Database,
  sql: string,
): SQLite.Statement<P, R> {
  let cache = caches.get(sqlite);
  if (cache === undefined) {
    cache = new Map();
    caches.set(sqlite, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = sqlite.prepare(sql);
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
  } else {
    // Re-inserted, so the map's order is the order of last use.
    cache.delete(sql);
  }
  cache.set(sql, statement);
  return statement as unknown as SQLite.Statement<P, R>;
}

/** The connection as kysely's SqliteDialect wants it, preparing each distinct statement once. */
export function cachingConnection(sqlite: SQLite.Database): SqliteDatabase {
  return {
    close: () => {
      caches.delete(sqlite);
      sqlite.close();
    },
    prepare: (sql: string) => cachedStatement(sqlite, sql),
  };
}
