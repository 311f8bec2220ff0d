// Graceful stop: SIGTERM in the middle of a fan-out stops taking new work, finishes what is in flight, closes the
// database, and exits within 10 s; the next start completes the rest without a duplicate, and the database file
// passes SQLite's integrity check.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { recordScenario } from '../helpers/reliability-record.js';
import { startFanoutBed, type FanoutBed } from './fanout-bed.js';

let bed: FanoutBed | undefined;

afterEach(async () => bed?.close());

describe('SIGTERM during a fan-out', () => {
  it('exits within 10 s, and the restart completes the rest once', { timeout: 120_000 }, async () => {
    bed = await startFanoutBed({ discordChannels: 100, slackChannels: 150 });
    const first = bed.start();
    await bed.waitForPosts(Math.floor(bed.expectedPosts / 3));
    const signalled = performance.now();
    first.child.kill('SIGTERM');
    const stopped = await first.result;
    const stopSeconds = (performance.now() - signalled) / 1000;
    expect(stopped.code).toBe(0);
    expect(stopSeconds).toBeLessThan(10);
    const postedAtStop = bed.posted();
    expect(postedAtStop).toBeLessThan(bed.expectedPosts);

    const check = new Database(bed.temp.path, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    const second = bed.start();
    await bed.waitForPosts(bed.expectedPosts);
    second.child.kill('SIGTERM');
    expect((await second.result).code).toBe(0);
    const count = await bed.count();
    recordScenario({
      id: 'graceful-stop',
      scenario: 'SIGTERM a third into a fan-out to 250 channels; restart',
      runs: 2,
      digestsExpected: count.expected,
      delivered: count.delivered,
      duplicated: count.duplicated,
      lost: count.lost,
      notes: `stopped in ${stopSeconds.toFixed(1)} s with ${postedAtStop} of ${bed.expectedPosts} posts made`,
    });
    expect(count.problems).toEqual([]);
    expect(count).toMatchObject({ expected: 250, delivered: 250, duplicated: 0, lost: 0 });
  });
});
