// PostgreSQL as the doctor sees it: the server answers, is recent enough, has the schema and the extensions the
// schema needs, has connections enough for every process sharing it, and keeps time with this machine; then the
// checks every store gets (store-checks.ts). Nothing is changed: no migration is applied, no extension created.
import { hostname } from 'node:os';
import type { Config } from '../../config.js';
import { openStore, type PostgresStore } from '../../store/database.js';
import { liveInstanceNames } from '../../store/instances-repository.js';
import { postgresServer, requiredExtensions, type ExtensionState, type PostgresServer } from '../../store/postgres-health.js';
import { databaseClock } from '../../store/store-health.js';
import { MAX_CLOCK_SKEW_MS } from '../health-routes.js';
import { fail, ok, warn, type ChannelTargets, type CheckResult } from './check.js';
import { unreachable } from './postgres-reachability.js';
import { migrationsCheck, storeContentChecks, type DatabaseReport } from './store-checks.js';

/** PostgreSQL 13 made pg_trgm and unaccent trusted, which lets the database owner create them. */
const MIN_VERSION_NUM = 130000;

export async function postgresChecks(config: Config, now: Date, channelCap: number, clock: () => Date): Promise<DatabaseReport> {
  // One connection: the checks run one after another, and the doctor should not take much of a full server.
  // databaseChecks sends only postgres:// URLs here, which openStore opens as PostgreSQL.
  const store = openStore(config.DATABASE_URL, { poolSize: 1 }) as PostgresStore;
  const channels = new Map<string, ChannelTargets>();
  try {
    let server: PostgresServer;
    try {
      server = await postgresServer(store);
    } catch (error) {
      return { results: [unreachable(store.path, config.DATABASE_URL, error)], channels };
    }
    const results = [ok('database', 'reachable', `${store.path} (as role ${server.role})`), versionCheck(server)];
    const migrations = await migrationsCheck(store);
    results.push(migrations.result);
    results.push(extensionsCheck(await requiredExtensions(store), server, migrations.pending.length > 0));
    results.push(headroomCheck(await liveInstanceNames(store, now), config, server));
    results.push(await clockCheck(store, clock));
    // A database older than the schema cannot answer the questions below; migrating it comes first.
    if (migrations.pending.length > 0) return { results, channels };
    const content = await storeContentChecks(store, config, now, channelCap);
    return { results: [...results, ...content.results], channels: content.channels };
  } finally {
    await store.close();
  }
}

function versionCheck(server: PostgresServer): CheckResult {
  return server.versionNum >= MIN_VERSION_NUM
    ? ok('database', 'version', `PostgreSQL ${server.version}`)
    : fail(
        'database',
        'version',
        `PostgreSQL ${server.version}: papers-bot needs 13 or later`,
        "upgrade the server (pg_upgrade, or your provider's major version upgrade), or point DATABASE_URL at one that is",
      );
}

function extensionsCheck(states: ExtensionState[], server: PostgresServer, migrationsPending: boolean): CheckResult {
  const missing = states.filter((s) => s.installed === null);
  if (missing.length === 0)
    return ok('database', 'extensions', `${states.map((s) => `${s.name} ${s.installed ?? ''}`).join(', ')} installed`);
  const names = missing.map((s) => s.name).join(' and ');
  const create = missing.map((s) => `CREATE EXTENSION IF NOT EXISTS ${s.name};`).join(' ');
  const absent = missing.filter((s) => !s.available);
  if (absent.length > 0) {
    return fail(
      'database',
      'extensions',
      `${absent.map((s) => s.name).join(' and ')} not installed, and the server does not have them`,
      `install PostgreSQL's contrib modules on the server (most packages and the official images have them), then: ${create}`,
    );
  }
  if (missing.some((s) => !s.creatable)) {
    return fail(
      'database',
      'extensions',
      `${names} not installed in database ${server.database}, and role ${server.role} may not create them`,
      `as a superuser, in database ${server.database}: ${create} (or make ${server.role} the database's owner, and the migrations create them)`,
    );
  }
  return migrationsPending
    ? warn(
        'database',
        'extensions',
        `${names} not installed yet; role ${server.role} may create them`,
        'the migrations create them: the bot does when it starts, or run `papers migrate`',
      )
    : fail(
        'database',
        'extensions',
        `${names} missing, though the migrations that create them were applied`,
        `in database ${server.database}: ${create}`,
      );
}

const processes = (n: number) => `${n} ${n === 1 ? 'process' : 'processes'}`;

/**
 * Every live process (a name held with an unexpired lease), and this one when it is not among them, may fill its
 * pool: together they must fit in the connections the server gives ordinary roles.
 */
function headroomCheck(live: string[] | null, config: Config, server: PostgresServer): CheckResult {
  // As src/main.ts names the process this configuration runs.
  const self = config.INSTANCE_NAME ?? hostname();
  const names = live ?? [];
  const selfLive = names.includes(self);
  const count = selfLive ? names.length : names.length + 1;
  let who: string;
  if (live === null) who = `this one, ${self}; none has registered yet`;
  else if (selfLive) who = `${names.length} live, this one (${self}) among them`;
  else who = `${names.length === 0 ? 'none' : names.length} live, plus this one, ${self}`;
  const pool = config.DATABASE_POOL_SIZE;
  const needed = count * pool;
  const allowed = server.maxConnections - server.reservedConnections;
  const limit = `the ${allowed} the server allows (max_connections ${server.maxConnections} less ${server.reservedConnections} reserved)`;
  const detail = `${processes(count)} (${who}) × DATABASE_POOL_SIZE ${pool} = ${needed} connections at most`;
  if (needed <= allowed) return ok('database', 'connections', `${detail}, within ${limit}`);
  const fitting = Math.floor(allowed / count);
  return warn(
    'database',
    'connections',
    `${detail}, more than ${limit}`,
    `${fitting >= 1 ? `lower DATABASE_POOL_SIZE to ${fitting} or less in every process` : 'run fewer processes'}, or raise max_connections to ${needed + server.reservedConnections} or more (postgresql.conf; takes a restart)`,
  );
}

/** This machine's clock against the server's, at the middle of the query's round trip. */
async function clockCheck(store: PostgresStore, clock: () => Date): Promise<CheckResult> {
  const before = clock().getTime();
  const serverClock = await databaseClock(store);
  const after = clock().getTime();
  if (serverClock === null) return ok('database', 'clock', 'not compared');
  const skew = (before + after) / 2 - serverClock.getTime();
  const seconds = (Math.abs(skew) / 1000).toFixed(1);
  const most = `at most ${MAX_CLOCK_SKEW_MS / 1000} s`;
  if (Math.abs(skew) <= MAX_CLOCK_SKEW_MS)
    return ok('database', 'clock', `this machine and the server agree (${seconds} s apart, ${most})`);
  return warn(
    'database',
    'clock',
    `this machine's clock is ${seconds} s ${skew > 0 ? 'ahead of' : 'behind'} the database server's (${most})`,
    'sync the clocks (NTP: chrony or systemd-timesyncd) here and on the server: leases and schedules written by one host are read by the others, and /readyz answers 503 beyond 2 s',
  );
}
