// Prepared statements, kept per connection: preparing costs more than running a small indexed query.
import type SQLite from 'better-sqlite3';

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
    cache.set(sql, statement);
  }
  return statement as unknown as SQLite.Statement<P, R>;
}
