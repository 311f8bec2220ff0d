// Crash at any point, lose nothing, repeat nothing: the real bot process fans a digest out to 500 channels on the
// Discord and Slack doubles, is killed with SIGKILL at a random moment of the fan-out, restarted, and so on 20
// times; then it finishes. Every channel must show exactly one digest for the day, each part once.
import { afterEach, describe, expect, it } from 'vitest';
import { recordScenario } from '../helpers/reliability-record.js';
import { startFanoutBed, type FanoutBed } from './fanout-bed.js';
import { seededRandom } from '../helpers/seeded-random.js';

const KILLS = 20;
let bed: FanoutBed | undefined;

afterEach(async () => bed?.close());

describe('SIGKILL during a fan-out', () => {
  it(`leaves every one of 500 channels exactly one digest after ${KILLS} kills and restarts`, { timeout: 600_000 }, async () => {
    bed = await startFanoutBed({ discordChannels: 200, slackChannels: 300 });
    const seed = Date.now() % 1_000_000;
    const next = seededRandom(seed);
    const killedAt: number[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      const remaining = bed.expectedPosts - bed.posted();
      // Spread the kills over what is left: a few posts more each time (the bed never waits for the last one).
      const more = 1 + Math.floor(next() * Math.max(1, Math.floor((2 * remaining) / (KILLS - kill + 1)) - 1));
      const run = await bed.killAfterPosts(bed.posted() + more);
      expect(run.code, `run ${kill + 1} should have been killed (seed ${seed})`).toBeNull();
      killedAt.push(run.killedAt);
    }
    // The last run is left to finish, then stopped. A killed run may have posted the last message already: the
    // ledger says when the last run is done (and so started, and able to stop on SIGTERM).
    const { child, result } = bed.start();
    await bed.waitForPosts(bed.expectedPosts);
    expect(await bed.waitForLedger(120_000), `seed ${seed}: the last run should finish every digest`).toBe(true);
    child.kill('SIGTERM');
    expect((await result).code).toBe(0);

    const count = await bed.count();
    recordScenario({
      id: 'crash-restart',
      scenario: `SIGKILL at a random moment of a fan-out to 500 channels (Discord and Slack), restart; ${KILLS} times`,
      runs: KILLS + 1,
      digestsExpected: count.expected,
      delivered: count.delivered,
      duplicated: count.duplicated,
      lost: count.lost,
      notes: `killed after ${killedAt.join(', ')} of ${bed.expectedPosts} posts (seed ${seed})`,
    });
    expect(count.problems, `seed ${seed}, killed after ${killedAt.join(', ')} posts`).toEqual([]);
    expect(count).toMatchObject({ expected: 500, delivered: 500, duplicated: 0, lost: 0 });
    expect(bed.posted()).toBe(bed.expectedPosts);
  });
});
