// Several processes on one PostgreSQL store: four real bot processes share a fan-out to 500 channels on the
// Discord and Slack doubles; 20 times one of them, picked at random, is killed with SIGKILL at a random moment
// and started again under its name. Every channel must show exactly one digest for the day, each part once, and
// the digests a killed process held must be finished within their lease and a minute.
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_MS } from '../../src/delivery/digest-scheduler.js';
import type { CliResult } from '../helpers/run-cli.js';
import { recordScenario } from '../helpers/reliability-record.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { startFanoutBed, type FanoutBed } from './fanout-bed.js';

const PROCESSES = 4;
const KILLS = 20;
let bed: FanoutBed | undefined;
const running = new Map<string, { child: ChildProcess; result: Promise<CliResult>; started: Promise<boolean> }>();

/**
 * Starts a process under `name`; `started` says whether it got as far as listening (its signal handlers are in
 * place by then). A SIGTERM sent while node is still loading ends it by the signal, with no exit code.
 */
function start(name: string) {
  const run = bed?.startListening(name);
  if (run === undefined) throw new Error('no bed');
  running.set(name, {
    child: run.child,
    result: run.result,
    started: run.port.then(
      () => true,
      () => false,
    ),
  });
}

afterEach(async () => {
  for (const run of running.values()) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  await Promise.all([...running.values()].map((run) => run.result));
  running.clear();
  await bed?.close();
});

describe('four processes on PostgreSQL', () => {
  it(`deliver every one of 500 channels exactly once through ${KILLS} kills and restarts`, { timeout: 600_000 }, async () => {
    bed = await startFanoutBed({ discordChannels: 200, slackChannels: 300, dialect: 'postgres' });
    const seed = Date.now() % 1_000_000;
    const next = seededRandom(seed);
    const names = Array.from({ length: PROCESSES }, (_, i) => `fanout-${i + 1}`);
    for (const name of names) start(name);

    /** For each kill: when, and the digests its process held then (pending, leased to it). */
    const kills: { at: number; name: string; held: number[] }[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      const remaining = bed.expectedPosts - bed.posted();
      const more = 1 + Math.floor(next() * Math.max(1, Math.floor((2 * remaining) / (KILLS - kill + 1)) - 1));
      await bed.waitForPosts(Math.min(bed.posted() + more, bed.expectedPosts - 1));
      const name = names[Math.floor(next() * names.length)] ?? 'fanout-1';
      const victim = running.get(name);
      if (victim === undefined) throw new Error(`no process ${name}`);
      victim.child.kill('SIGKILL');
      const ended = await victim.result;
      expect(ended.code, `seed ${seed}: ${name} should have been killed, not ended (${ended.stderr.slice(-500)})`).toBeNull();
      const held = await bed.temp.store.db
        .selectFrom('deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('lease_owner', '=', `${name}:${String(victim.child.pid)}`)
        .execute();
      kills.push({ at: Date.now(), name, held: held.map((d) => d.id) });
      start(name);
    }
    await bed.waitForPosts(bed.expectedPosts);
    expect(await bed.waitForLedger(120_000), `seed ${seed}: the processes should finish every digest`).toBe(true);
    // Each process up (a fan-out can end while the last restart is still loading), then asked to stop.
    expect(await Promise.all([...running.values()].map((run) => run.started))).toEqual(names.map(() => true));
    for (const run of running.values()) run.child.kill('SIGTERM');
    const ends = await Promise.all([...running.values()].map((run) => run.result));
    running.clear();
    expect(ends.map((e) => e.code)).toEqual(names.map(() => 0));

    // The digests each killed process held were finished within their lease and a minute of the kill.
    let slowest = 0;
    for (const kill of kills) {
      if (kill.held.length === 0) continue;
      const finished = await bed.temp.store.db
        .selectFrom('deliveries')
        .select(['id', 'finished_at'])
        .where('id', 'in', kill.held)
        .execute();
      for (const row of finished) {
        expect(row.finished_at, `seed ${seed}: delivery ${row.id} held by killed ${kill.name}`).not.toBeNull();
        slowest = Math.max(slowest, new Date(row.finished_at ?? 0).getTime() - kill.at);
      }
    }
    expect(slowest).toBeLessThanOrEqual(DEFAULT_LEASE_MS + 60_000);

    const count = await bed.count();
    recordScenario({
      id: 'postgres-four-processes',
      scenario: `${PROCESSES} processes on PostgreSQL, fan-out to 500 channels (Discord and Slack), ${KILLS} SIGKILLs of a random process, each restarted`,
      runs: PROCESSES + KILLS,
      digestsExpected: count.expected,
      delivered: count.delivered,
      duplicated: count.duplicated,
      lost: count.lost,
      notes: `held digests finished at most ${Math.round(slowest / 1000)} s after their process was killed (lease ${DEFAULT_LEASE_MS / 1000} s); seed ${seed}`,
    });
    expect(count.problems, `seed ${seed}`).toEqual([]);
    expect(count).toMatchObject({ expected: 500, delivered: 500, duplicated: 0, lost: 0 });
    expect(bed.posted()).toBe(bed.expectedPosts);
  });
});
