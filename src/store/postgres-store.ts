// Opens the store on PostgreSQL: a pg connection pool under kysely's PostgresDialect. Values come back as they do
// from SQLite: 64-bit integers (counts, doc ids) as numbers, instants as ISO 8601 text in UTC, days as
// 'YYYY-MM-DD', so the repositories and everything above them see the same rows on both databases.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from './schema.js';

const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

/** Whole numbers beyond 2^53 do not occur here (doc ids are about 2.6e10); a count is one. */
const toNumber = (text: string): number => Number(text);
const toIsoInstant = (text: string): string => new Date(text.includes('+') || text.endsWith('Z') ? text : `${text}Z`).toISOString();

function typeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  switch (oid) {
    case OID.int8:
    case OID.numeric:
      return toNumber;
    case OID.timestamptz:
    case OID.timestamp:
      return toIsoInstant;
    case OID.date:
      return (text: string) => text;
    default:
      return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
  }
}

export interface PostgresParts {
  db: Kysely<DatabaseSchema>;
  pool: pg.Pool;
}

export function openPostgres(url: string, poolSize: number): PostgresParts {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // A connection that cannot be made in 5 s is reported, not waited on for ever (the server is down or far).
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
    // Sessions in UTC, so a timestamp without a zone, or text cast to one, means the same everywhere.
    options: '-c TimeZone=UTC',
  });
  // An idle client that loses its server (a restart, a cut connection) emits 'error' on the pool; without a
  // listener that would end the process. The next query gets a fresh connection, or the error it should report.
  pool.on('error', () => undefined);
  // The pool listens only while a client is idle. One checked out (inside a transaction, or between kysely's
  // acquire and its query) also emits 'error' when its server goes away, and with no listener that ends the
  // process. Its queries are already failed with the same error, which is what the caller sees; the pool drops
  // the client when it comes back unusable.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}

/** The URL with its password replaced, for logs and the doctor. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}
