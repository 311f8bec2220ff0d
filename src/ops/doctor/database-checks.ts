// The database checks of the store DATABASE_URL names: a SQLite file's (sqlite-checks.ts) or a PostgreSQL
// server's (postgres-checks.ts). Both end with the same checks of what the store holds (store-checks.ts).
import type { Config } from '../../config.js';
import { isPostgresUrl } from '../../store/database.js';
import { postgresChecks } from './postgres-checks.js';
import { sqliteChecks } from './sqlite-checks.js';
import type { DatabaseReport } from './store-checks.js';

export type { DatabaseReport };

/** `clock` is read when the database server's clock is, to compare the two (PostgreSQL only). */
export function databaseChecks(config: Config, now: Date, channelCap: number, clock: () => Date): Promise<DatabaseReport> {
  return isPostgresUrl(config.DATABASE_URL) ? postgresChecks(config, now, channelCap, clock) : sqliteChecks(config, now, channelCap);
}
