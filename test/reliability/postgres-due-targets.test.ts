// Four real bot processes on one PostgreSQL store, 2,000 channels due at once: the processes share the work,
// claiming due channels a batch at a time, so the digests built in all stay close to 2,000 (each is built by the
// process that claimed its channel), and every channel gets its digest once.
import type { ChildProcess } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import type { CliResult } from '../helpers/run-cli.js';
import { recordScenario } from '../helpers/reliability-record.js';
import { startFanoutBed, type FanoutBed } from './fanout-bed.js';

const PROCESSES = 4;
const CHANNELS = 2000;
let bed: FanoutBed | undefined;
const running: { child: ChildProcess; result: Promise<CliResult> }[] = [];

afterEach(async () => {
  for (const run of running) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  await Promise.all(running.map((run) => run.result));
  running.length = 0;
  await bed?.close();
});

it(
  `builds at most ${CHANNELS * 1.1} digests for ${CHANNELS} due channels across ${PROCESSES} processes`,
  { timeout: 300_000 },
  async () => {
    bed = await startFanoutBed({ discordChannels: 0, slackChannels: CHANNELS, dialect: 'postgres' });
    const ports: Promise<number>[] = [];
    for (let i = 1; i <= PROCESSES; i += 1) {
      const run = bed.startListening(`due-${i}`);
      running.push(run);
      ports.push(run.port);
    }
    const listening = await Promise.all(ports);
    await bed.waitForPosts(bed.expectedPosts);
    expect(await bed.waitForLedger(120_000)).toBe(true);

    const built: number[] = [];
    for (const port of listening) {
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      built.push(Number(/^papers_digests_built_total\{platform="slack"\} (\d+)$/m.exec(metrics)?.[1] ?? 0));
    }
    for (const run of running) run.child.kill('SIGTERM');
    expect((await Promise.all(running.map((run) => run.result))).map((r) => r.code)).toEqual(running.map(() => 0));
    running.length = 0;

    const total = built.reduce((a, b) => a + b, 0);
    expect(total, `built per process: ${built.join(', ')}`).toBeGreaterThanOrEqual(CHANNELS);
    expect(total, `built per process: ${built.join(', ')}`).toBeLessThanOrEqual(CHANNELS * 1.1);
    // The work was shared: no process built them all.
    expect(Math.max(...built), `built per process: ${built.join(', ')}`).toBeLessThan(CHANNELS);
    const count = await bed.count();
    recordScenario({
      id: 'postgres-due-targets',
      scenario: `${PROCESSES} processes on PostgreSQL, ${CHANNELS} Slack channels due at once`,
      runs: PROCESSES,
      digestsExpected: count.expected,
      delivered: count.delivered,
      duplicated: count.duplicated,
      lost: count.lost,
      notes: `${total} digests built in all (${built.join(' + ')}), at most ${CHANNELS * 1.1} allowed`,
    });
    expect(count.problems).toEqual([]);
    expect(count).toMatchObject({ expected: CHANNELS, delivered: CHANNELS, duplicated: 0, lost: 0 });
  },
);
