// What the doctor asks of a PostgreSQL server beside what the store holds: its version and connection limits, the
// extensions the schema needs, and, when a connection cannot be made, which of the usual reasons it was.
import type { PostgresStore } from './database.js';
import { sqlRow, sqlRows } from './sql-runner.js';

export interface PostgresServer {
  /** server_version, e.g. '15.8 (Debian 15.8-1.pgdg120+1)'. */
  version: string;
  /** server_version_num, e.g. 150008. */
  versionNum: number;
  maxConnections: number;
  /**
   * Connection slots an ordinary role cannot have: superuser_reserved_connections, plus reserved_connections from
   * PostgreSQL 16 on (kept for roles granted pg_use_reserved_connections).
   */
  reservedConnections: number;
  database: string;
  role: string;
}

export async function postgresServer(store: PostgresStore): Promise<PostgresServer> {
  // current_setting(…, true) answers null for a setting this server does not have (reserved_connections before 16).
  const row = await sqlRow<{
    version: string;
    version_num: number;
    max_connections: number;
    reserved: number;
    database: string;
    role: string;
  }>(
    store,
    `SELECT current_setting('server_version') AS version,
            current_setting('server_version_num')::int AS version_num,
            current_setting('max_connections')::int AS max_connections,
            current_setting('superuser_reserved_connections')::int
              + coalesce(current_setting('reserved_connections', true)::int, 0) AS reserved,
            current_database() AS database,
            current_user AS role`,
  );
  if (row === undefined) throw new Error('the server answered no row to SELECT current_setting(…)');
  return {
    version: row.version,
    versionNum: row.version_num,
    maxConnections: row.max_connections,
    reservedConnections: row.reserved,
    database: row.database,
    role: row.role,
  };
}

/** The extensions the PostgreSQL schema needs; the baseline migration creates them (CREATE EXTENSION IF NOT EXISTS). */
export const REQUIRED_EXTENSIONS = ['pg_trgm', 'unaccent'] as const;

export interface ExtensionState {
  name: string;
  /** The version installed in this database, or null. */
  installed: string | null;
  /** Whether the server has the extension's files at all (PostgreSQL's contrib package). */
  available: boolean;
  /** Whether this role may create it: a superuser may; otherwise a trusted extension and CREATE on the database. */
  creatable: boolean;
}

export async function requiredExtensions(store: PostgresStore): Promise<ExtensionState[]> {
  const rows = await sqlRows<{ name: string; installed: string | null; available: boolean; creatable: boolean }>(
    store,
    `SELECT n.name,
            e.extversion AS installed,
            EXISTS (SELECT 1 FROM pg_available_extension_versions v WHERE v.name = n.name) AS available,
            coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
              OR (has_database_privilege(current_database(), 'CREATE')
                  AND EXISTS (SELECT 1 FROM pg_available_extension_versions v WHERE v.name = n.name AND v.trusted))
              AS creatable
       FROM unnest(?::text[]) WITH ORDINALITY AS n(name, position)
       LEFT JOIN pg_extension e ON e.extname = n.name
      ORDER BY n.position`,
    [[...REQUIRED_EXTENSIONS]],
  );
  return rows.map((r) => ({ name: r.name, installed: r.installed, available: r.available, creatable: r.creatable }));
}

/** Why a connection to PostgreSQL failed, as far as the error says. */
export type ConnectFailure =
  | 'refused'
  | 'auth failed'
  | 'database missing'
  | 'timeout'
  | 'host unknown'
  | 'too many connections'
  | 'not accepting connections'
  | 'other';

const FAILURE_CODES: Record<string, ConnectFailure> = {
  ECONNREFUSED: 'refused',
  // invalid_password; invalid_authorization_specification (no such role, no pg_hba.conf entry).
  '28P01': 'auth failed',
  '28000': 'auth failed',
  // invalid_catalog_name: the database in the URL does not exist.
  '3D000': 'database missing',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'host unknown',
  EAI_AGAIN: 'host unknown',
  '53300': 'too many connections',
  // cannot_connect_now: starting up, shutting down, in recovery without hot standby.
  '57P03': 'not accepting connections',
};

/** node-postgres says a connect timeout in words only. */
const TIMEOUT_WORDS = /timeout exceeded when trying to connect|Connection terminated due to connection timeout/;

export function connectFailure(error: unknown): ConnectFailure {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';
  const known = FAILURE_CODES[code];
  if (known !== undefined) return known;
  if (error instanceof Error && TIMEOUT_WORDS.test(error.message)) return 'timeout';
  return 'other';
}
