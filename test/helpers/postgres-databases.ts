// PostgreSQL databases for tests on the machine's server (127.0.0.1:5432, or PAPERS_TEST_POSTGRES_URL): the
// global setup migrates one template database per run; each test gets a fresh copy of it (CREATE DATABASE …
// TEMPLATE, a few tens of milliseconds) and drops it afterwards. Names carry the run's start and the runner's
// process id, so a run that was killed leaves databases a later run recognises as stale and drops.
import pg from 'pg';
import { isAlive } from '../../src/app/instance-registration.js';

export const POSTGRES_ADMIN_URL = process.env.PAPERS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const PREFIX = 'papers_test_';

/** The URL of database `name` on the test server. */
export function postgresUrlOf(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A name for this run's template: the run's start in seconds, and its process id. */
export function templateName(startedAtMs: number, pid: number): string {
  return `${PREFIX}${Math.floor(startedAtMs / 1000)}_${pid}_template`;
}

/**
 * Drops databases, and roles (a test may make one, named after its database), left by runs whose runner process
 * has ended: a run that was killed never dropped them. Judged by the process, not by the name's start time: a
 * run under faketime reads a clock far from the others', and would take a live run's databases for old ones.
 */
export async function dropStaleTestDatabases(): Promise<void> {
  const stale = (name: string) => {
    const runner = Number(name.slice(PREFIX.length).split('_')[1]);
    return Number.isInteger(runner) && runner > 0 && !isAlive(runner);
  };
  await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${PREFIX}%`]);
    for (const { datname } of rows) if (stale(datname)) await dropDatabase(admin, datname);
    const roles = await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [`${PREFIX}%`]);
    for (const { rolname } of roles.rows) if (stale(rolname)) await admin.query(`DROP ROLE IF EXISTS ${quoted(rolname)}`);
  });
}

export async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  await admin.query(`UPDATE pg_database SET datistemplate = false WHERE datname = $1`, [name]);
  await admin.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`);
}

export async function createEmptyDatabase(admin: pg.Client, name: string): Promise<void> {
  await admin.query(`CREATE DATABASE ${quoted(name)}`);
}

let copies = 0;

/** A fresh database copied from the run's template; returns its name. */
export async function copyOfTemplate(template: string): Promise<string> {
  copies += 1;
  const name = `${template.replace(/_template$/, '')}_${process.pid}_${copies}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${quoted(name)} TEMPLATE ${quoted(template)}`));
  return name;
}

/** A fresh empty database (no migrations), for tests of migrating itself. */
export async function emptyDatabase(template: string): Promise<string> {
  copies += 1;
  const name = `${template.replace(/_template$/, '')}_${process.pid}_${copies}_empty`;
  await withAdmin((admin) => createEmptyDatabase(admin, name));
  return name;
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdmin((admin) => dropDatabase(admin, name));
}
