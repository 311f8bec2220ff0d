// PostgreSQL out of reach for a minute in the middle of a fan-out: two real bot processes share a fan-out to 500
// channels on the Discord and Slack doubles when every connection to their database is cut and new ones are
// refused (ALLOW_CONNECTIONS false and pg_terminate_backend on this test's database only: the server is shared
// with other tests, so it is not stopped). Twenty more channels fall due during the outage. For the minute, both
// processes stay up and /readyz answers 503 with the reason; afterwards every channel gets its digest once.
import type { ChildProcess } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import type { CliResult } from '../helpers/run-cli.js';
import { withAdmin } from '../helpers/postgres-databases.js';
import { recordScenario } from '../helpers/reliability-record.js';
import { startFanoutBed, type FanoutBed } from './fanout-bed.js';

const PROCESSES = 2;
const OUTAGE_MS = 60_000;
const LATER_CHANNELS = 20;
let bed: FanoutBed | undefined;
let database = '';
const running: { child: ChildProcess; result: Promise<CliResult> }[] = [];

afterEach(async () => {
  if (database !== '') await allowConnections(database, true);
  for (const run of running) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  await Promise.all(running.map((run) => run.result));
  running.length = 0;
  await bed?.close();
});

async function allowConnections(name: string, allowed: boolean): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS ${allowed ? 'true' : 'false'}`);
    if (!allowed) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
  });
}

interface Readiness {
  status: number;
  reason: string;
}

async function readiness(port: number): Promise<Readiness> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`);
  const body = (await response.json()) as { reason?: string };
  return { status: response.status, reason: body.reason ?? '' };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('loses and repeats nothing when PostgreSQL is out of reach for a minute mid fan-out', { timeout: 600_000 }, async () => {
  bed = await startFanoutBed({ discordChannels: 200, slackChannels: 300, laterSlackChannels: LATER_CHANNELS, dialect: 'postgres' });
  const store = bed.temp.store;
  database = new URL(bed.temp.path).pathname.slice(1);
  const runs = Array.from({ length: PROCESSES }, (_, i) => bed?.startListening(`outage-${i + 1}`, { LOG_LEVEL: 'info' }));
  const ports: number[] = [];
  for (const run of runs) {
    if (run === undefined) throw new Error('no bed');
    running.push(run);
    ports.push(await run.port);
  }
  for (const port of ports) {
    // Ready before the outage (the platforms connect first; wait for them, event by event of the poll).
    for (let i = 0; (await readiness(port)).status !== 200; i += 1) {
      expect(i, 'ready within 60 s').toBeLessThan(300);
      await tick(200);
    }
  }

  // A third of the way through, the later channels are set to fall due 20 s into the outage, and it begins.
  await bed.waitForPosts(Math.floor(bed.expectedPosts / 3));
  const cutAt = Date.now();
  await bed.makeLaterDue(new Date(cutAt + 20_000));
  await allowConnections(database, false);
  const postedAtCut = bed.posted();

  const seen: Readiness[] = [];
  while (Date.now() - cutAt < OUTAGE_MS) {
    for (const port of ports) seen.push(await readiness(port));
    await tick(1000);
  }
  for (const run of running) expect(run.child.exitCode, 'a process ended during the outage').toBeNull();
  const postedDuringOutage = bed.posted() - postedAtCut;

  await allowConnections(database, true);
  const backAt = Date.now();
  await bed.waitForPosts(bed.expectedPosts);
  expect(await bed.waitForLedger(180_000), 'every digest finished after the outage').toBe(true);
  const finishedAfterMs = Date.now() - backAt;
  const readyAgain = await Promise.all(ports.map((port) => readiness(port)));

  for (const run of running) run.child.kill('SIGTERM');
  const ends = await Promise.all(running.map((run) => run.result));
  running.length = 0;
  expect(
    ends.map((e) => e.code),
    ends.map((e) => e.stderr.slice(-800)).join('\n---\n'),
  ).toEqual(ends.map(() => 0));

  // Every answer during the outage was 503 with the reason.
  expect(seen.length).toBeGreaterThanOrEqual(2 * 50);
  const unready = seen.filter((r) => r.status === 503 && /database cannot be reached/.test(r.reason));
  expect(unready.length, JSON.stringify(seen.filter((r) => !unready.includes(r)).slice(0, 3))).toBe(seen.length);
  expect(readyAgain.map((r) => r.status)).toEqual(ports.map(() => 200));

  const count = await bed.count();
  const later = (await store.db.selectFrom('targets').select('id').where('address', 'like', 'C0LATE%').execute()).length;
  expect(later).toBe(LATER_CHANNELS);
  recordScenario({
    id: 'postgres-outage',
    scenario: `${PROCESSES} processes on PostgreSQL, fan-out to 500 channels (Discord and Slack); every database connection cut and refused for ${OUTAGE_MS / 1000} s a third of the way through, ${LATER_CHANNELS} more channels due during it`,
    runs: PROCESSES,
    digestsExpected: count.expected,
    delivered: count.delivered,
    duplicated: count.duplicated,
    lost: count.lost,
    notes: `/readyz 503 with the reason in ${unready.length} of ${seen.length} checks during the outage; ${postedDuringOutage} messages posted during it; every digest finished ${Math.round(finishedAfterMs / 1000)} s after connections were allowed again; no process ended`,
  });
  const ledger = await store.db
    .selectFrom('deliveries')
    .innerJoin('targets', 'targets.id', 'deliveries.target_id')
    .select(['targets.address', 'deliveries.id', 'deliveries.status', 'deliveries.error', 'deliveries.attempts', 'deliveries.message_ids'])
    .where('deliveries.status', '!=', 'sent')
    .execute();
  expect(count.problems, JSON.stringify(ledger.slice(0, 10))).toEqual([]);
  expect(count).toMatchObject({ expected: 520, delivered: 520, duplicated: 0, lost: 0 });
  expect(bed.posted()).toBe(bed.expectedPosts);
});
