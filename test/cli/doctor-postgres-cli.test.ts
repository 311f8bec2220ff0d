// `papers doctor` with a postgres:// DATABASE_URL, as a user runs it: the real executable in a child process
// against the machine's PostgreSQL server. A migrated database passes; an empty one is reported as not migrated
// (and left empty); a closed port, a database that does not exist, an unknown role and a role that may not create
// the extensions each fail with the reason and a fix; more pool connections than the server allows are a warning.
// The clock comparison is checked in process, with this machine's clock moved by the test.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { CheckResult } from '../../src/ops/doctor/check.js';
import { postgresChecks } from '../../src/ops/doctor/postgres-checks.js';
import { finishIngestRun, claimIngestRun } from '../../src/store/ingest-runs-repository.js';
import { claimInstanceName } from '../../src/store/instances-repository.js';
import { upsertPapers } from '../../src/store/papers-repository.js';
import { startArxivDouble, type ArxivDouble } from '../doubles/arxiv-double.js';
import { hfItems, startHfDouble, type HfDouble } from '../doubles/hf-double.js';
import { freePort } from '../helpers/free-port.js';
import { dropTestDatabase, emptyDatabase, postgresUrlOf, withAdmin } from '../helpers/postgres-databases.js';
import { runPapersProcess, type CliResult } from '../helpers/run-cli.js';
import { BRITISH_PAPERS } from '../helpers/search-corpus.js';
import { createTempPostgresStore, type TempPostgresStore } from '../helpers/temp-store.js';

const SELF = 'doctor-test';

let hf: HfDouble;
let arxiv: ArxivDouble;
const databases: string[] = [];
const roles: string[] = [];
const stores: TempPostgresStore[] = [];

beforeEach(async () => {
  hf = await startHfDouble();
  const now = Date.now();
  for (let back = 0; back <= 2; back += 1) hf.setDay(new Date(now - back * 86_400_000).toISOString().slice(0, 10), hfItems(3));
  arxiv = await startArxivDouble({ totalResults: 1234 });
});

afterEach(async () => {
  await Promise.all([hf.close(), arxiv.close()]);
  for (const store of stores.splice(0)) await store.cleanup();
  for (const name of databases.splice(0)) await dropTestDatabase(name);
  for (const role of roles.splice(0)) await withAdmin((admin) => admin.query(`DROP ROLE IF EXISTS "${role}"`));
});

/** The doctor as a child process, with the upstream doubles and no chat platform. */
function doctor(env: Record<string, string>, json = false): Promise<CliResult> {
  return runPapersProcess(json ? ['doctor', '--json'] : ['doctor'], {
    HF_API_URL: hf.url,
    ARXIV_API_URL: arxiv.url,
    INSTANCE_NAME: SELF,
    ...env,
  });
}

async function doctorJson(env: Record<string, string>): Promise<{ code: number | null; database: CheckResult[] }> {
  const result = await doctor(env, true);
  expect(result.stderr).toBe('');
  const checks = JSON.parse(result.stdout) as CheckResult[];
  return { code: result.code, database: checks.filter((c) => c.area === 'database') };
}

async function migratedStore(): Promise<TempPostgresStore> {
  const temp = await createTempPostgresStore();
  stores.push(temp);
  return temp;
}

async function emptyOne(): Promise<string> {
  const name = await emptyDatabase(inject('postgresTemplate'));
  databases.push(name);
  return name;
}

/** What the server says of itself, read here rather than assumed. */
async function serverLimits(): Promise<{ version: string; max: number; reserved: number; allowed: number }> {
  const row = await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ version: string; max: number; reserved: number }>(
      `SELECT current_setting('server_version') AS version, current_setting('max_connections')::int AS max,
              current_setting('superuser_reserved_connections')::int
                + coalesce(current_setting('reserved_connections', true)::int, 0) AS reserved`,
    );
    return rows[0];
  });
  if (row === undefined) throw new Error('no answer from the server');
  return { ...row, allowed: row.max - row.reserved };
}

// Each test runs the CLI once or twice (a second or two each); on a loaded machine a run took over 30 s.
describe('papers doctor on PostgreSQL', { timeout: 90_000 }, () => {
  it('passes a migrated database with papers and fresh ingests: the server checks, then the store checks, exit 0', async () => {
    const temp = await migratedStore();
    const now = new Date();
    await upsertPapers(temp.store, BRITISH_PAPERS, now.toISOString());
    for (const source of ['hf', 'arxiv']) {
      const id = await claimIngestRun(temp.store, { source, windowStart: '2026-11-27', windowEnd: '2026-11-28', now, leaseMs: 60_000 });
      if (id === null) throw new Error('ingest run not claimed');
      await finishIngestRun(temp.store, id, {
        fetched: 1,
        new: 1,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        now,
        error: null,
        skippedSamples: [],
      });
    }
    const server = await serverLimits();

    const result = await doctor({ DATABASE_URL: temp.url });
    expect(result.stderr).toBe('');
    const database = result.stdout.split('\n').filter((line) => /^ {2}\S+\s+database /.test(line));
    expect(database.map((line) => line.replace(/:.*$/, ''))).toEqual([
      '  ok    database reachable',
      '  ok    database version',
      '  ok    database migrations',
      '  ok    database extensions',
      '  ok    database connections',
      '  ok    database clock',
      '  ok    database papers',
      '  ok    database ingest Hugging Face',
      '  ok    database ingest arXiv',
      '  ok    database digests',
    ]);
    for (const line of [
      `  ok    database reachable: ${temp.store.path} (as role postgres)`,
      `  ok    database version: PostgreSQL ${server.version}`,
      '  ok    database migrations: all 5 applied',
      `  ok    database connections: 1 process (none live, plus this one, ${SELF}) × DATABASE_POOL_SIZE 10 = 10 connections at most, within the ${server.allowed} the server allows (max_connections ${server.max} less ${server.reserved} reserved)`,
      '  ok    database papers: 2 stored',
      '  ok    database ingest Hugging Face: last success 0 min ago',
      '  ok    database digests: none set up yet',
    ]) {
      expect(result.stdout).toContain(line);
    }
    expect(result.stdout).toMatch(/ {2}ok {4}database extensions: pg_trgm [\d.]+, unaccent [\d.]+ installed\n/);
    expect(result.stdout).toMatch(/ {2}ok {4}database clock: this machine and the server agree \(\d\.\d s apart, at most 2 s\)\n/);
    expect(result.stdout).toMatch(/\nAll \d+ checks passed\.\n$/);
    expect(result.code).toBe(0);
  });

  it('reports an empty database as not migrated, with the extensions still to create, and leaves it empty', async () => {
    const name = await emptyOne();
    const url = postgresUrlOf(name);
    const { code, database } = await doctorJson({ DATABASE_URL: url });
    expect(database.map((c) => [c.name, c.status])).toEqual([
      ['reachable', 'ok'],
      ['version', 'ok'],
      ['migrations', 'warn'],
      ['extensions', 'warn'],
      ['connections', 'ok'],
      ['clock', 'ok'],
    ]);
    expect(database[2]).toEqual({
      area: 'database',
      name: 'migrations',
      status: 'warn',
      detail:
        '5 not applied yet: 2026_12_03_0100_baseline, 2026_12_03_0200_instances, 2026_12_03_0300_search_documents, 2026_12_03_0400_target_claims, 2026_12_03_0500_concept_counts',
      fix: 'the bot applies them when it starts, or run `papers migrate`',
    });
    expect(database[3]).toEqual({
      area: 'database',
      name: 'extensions',
      status: 'warn',
      detail: 'pg_trgm and unaccent not installed yet; role postgres may create them',
      fix: 'the migrations create them: the bot does when it starts, or run `papers migrate`',
    });
    expect(database[4]?.detail).toMatch(new RegExp(`^1 process \\(this one, ${SELF}; none has registered yet\\) × DATABASE_POOL_SIZE 10`));
    expect(code).toBe(0);
    // Read only: no table, no extension.
    const reader = new pg.Client({ connectionString: url });
    await reader.connect();
    try {
      const tables = await reader.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rows).toEqual([]);
      const extensions = await reader.query<{ extname: string }>('SELECT extname FROM pg_extension ORDER BY extname');
      expect(extensions.rows.map((r) => r.extname)).toEqual(['plpgsql']);
    } finally {
      await reader.end();
    }
  });

  it('fails on a closed port with the reason and a fix, and never shows the password', async () => {
    const port = await freePort();
    const password = 'doctor-url-password';
    const result = await doctor({ DATABASE_URL: `postgres://papers:${password}@127.0.0.1:${port}/papers` });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain(password);
    expect(result.stdout).toContain(
      `  FAIL  database reachable: postgres://papers:***@127.0.0.1:${port}/papers: connection refused (connect ECONNREFUSED 127.0.0.1:${port})\n` +
        "                 fix: is PostgreSQL running there? Check the host and port in DATABASE_URL, and listen_addresses and port in the server's postgresql.conf\n",
    );
    // Nothing else is asked of a server that cannot be reached; the upstreams are still checked.
    expect(result.stdout.split('\n').filter((line) => /^ {2}\S+\s+database /.test(line))).toHaveLength(1);
    expect(result.stdout).toContain('  ok    upstream arXiv: reachable: 1,234 entries in cs.LG');
    expect(result.stdout).toMatch(/\n1 problem \(\d+ checks\)\.\n$/);
  });

  it('fails on a database that does not exist, naming the createdb command', async () => {
    const missing = `${inject('postgresTemplate').replace(/_template$/, '')}_${process.pid}_never_created`;
    const url = postgresUrlOf(missing);
    const { code, database } = await doctorJson({ DATABASE_URL: url });
    expect(database).toEqual([
      {
        area: 'database',
        name: 'reachable',
        status: 'fail',
        detail: `${url}: the database does not exist (database "${missing}" does not exist)`,
        fix: `create it, owned by the bot's role: createdb --owner=postgres ${missing} (see docs/postgresql.md)`,
      },
    ]);
    expect(code).toBe(1);
    const exists = await withAdmin((admin) => admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [missing]));
    expect(exists.rows).toEqual([]);
  });

  it('fails on a role the server does not know', async () => {
    const name = await emptyOne();
    const url = new URL(postgresUrlOf(name));
    url.username = 'papers_test_no_such_role';
    const { code, database } = await doctorJson({ DATABASE_URL: url.toString() });
    expect(database).toEqual([
      {
        area: 'database',
        name: 'reachable',
        status: 'fail',
        detail: `${url.toString()}: the server refuses the login (role "papers_test_no_such_role" does not exist)`,
        fix: 'check the user and password in DATABASE_URL (percent-encode @, : and / in a password), and that pg_hba.conf lets this role in from this host',
      },
    ]);
    expect(code).toBe(1);
  });

  it('fails when the extensions are missing and the role may not create them, with the CREATE EXTENSION fix', async () => {
    const name = await emptyOne();
    const role = `${name}_role`;
    const password = 'doctor-role-password';
    await withAdmin((admin) => admin.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`));
    roles.push(role);
    const url = new URL(postgresUrlOf(name));
    url.username = role;
    url.password = password;
    const result = await doctor({ DATABASE_URL: url.toString() });
    expect(result.stdout).not.toContain(password);
    expect(result.stdout).toContain(
      `  FAIL  database extensions: pg_trgm and unaccent not installed in database ${name}, and role ${role} may not create them\n` +
        `                 fix: as a superuser, in database ${name}: CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent; (or make ${role} the database's owner, and the migrations create them)\n`,
    );
    expect(result.stdout).toContain(`  ok    database reachable: postgres://${role}:***@`);
    expect(result.code).toBe(1);
  });

  it('warns when the live processes × DATABASE_POOL_SIZE exceed the connections the server allows', async () => {
    const temp = await migratedStore();
    const now = new Date();
    const claim = (name: string, at: Date) =>
      claimInstanceName(temp.store, { name, host: 'elsewhere', pid: 4242, now: at, leaseMs: 60_000, isAlive: () => true });
    for (const name of ['papers-1', 'papers-2', SELF]) expect(await claim(name, now)).toEqual({ claimed: true });
    // A process whose lease ended two minutes ago is not counted.
    expect(await claim('papers-gone', new Date(now.getTime() - 180_000))).toEqual({ claimed: true });
    const { max, reserved, allowed } = await serverLimits();
    // Three live processes, this one among them: a pool one connection over a third of what the server allows.
    const pool = Math.floor(allowed / 3) + 1;
    expect(pool).toBeLessThanOrEqual(100);

    const among = await doctorJson({ DATABASE_URL: temp.url, DATABASE_POOL_SIZE: String(pool) });
    expect(among.database.find((c) => c.name === 'connections')).toEqual({
      area: 'database',
      name: 'connections',
      status: 'warn',
      detail: `3 processes (3 live, this one (${SELF}) among them) × DATABASE_POOL_SIZE ${pool} = ${3 * pool} connections at most, more than the ${allowed} the server allows (max_connections ${max} less ${reserved} reserved)`,
      fix: `lower DATABASE_POOL_SIZE to ${Math.floor(allowed / 3)} or less in every process, or raise max_connections to ${3 * pool + reserved} or more (postgresql.conf; takes a restart)`,
    });
    // Warnings alone exit 0.
    expect(among.code).toBe(0);

    // Another name is one process more; with a pool that fits, it passes.
    const fits = Math.floor(allowed / 4);
    const another = await doctorJson({ DATABASE_URL: temp.url, DATABASE_POOL_SIZE: String(fits), INSTANCE_NAME: 'papers-3' });
    expect(another.database.find((c) => c.name === 'connections')).toMatchObject({
      status: 'ok',
      detail: `4 processes (3 live, plus this one, papers-3) × DATABASE_POOL_SIZE ${fits} = ${4 * fits} connections at most, within the ${allowed} the server allows (max_connections ${max} less ${reserved} reserved)`,
    });
  });
});

describe("the doctor's clock comparison on PostgreSQL", () => {
  it('passes while the clocks agree, and warns when this machine is 5 s ahead or behind the server', async () => {
    const temp = await migratedStore();
    const config = loadConfig({ DATABASE_URL: temp.url, INGEST_INTERVAL_MINUTES: '0', INSTANCE_NAME: SELF });
    const clockCheck = async (offsetMs: number) => {
      const report = await postgresChecks(config, new Date(), 100, () => new Date(Date.now() + offsetMs));
      return report.results.find((c) => c.name === 'clock');
    };
    expect((await clockCheck(0))?.status).toBe('ok');
    const ahead = await clockCheck(5000);
    expect(ahead).toMatchObject({ status: 'warn' });
    expect(ahead?.detail).toMatch(/^this machine's clock is [45]\.\d s ahead of the database server's \(at most 2 s\)$/);
    expect(ahead?.fix).toContain('sync the clocks (NTP');
    const behind = await clockCheck(-5000);
    expect(behind?.detail).toMatch(/^this machine's clock is [45]\.\d s behind the database server's \(at most 2 s\)$/);
  });
});
