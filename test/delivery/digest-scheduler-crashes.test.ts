// A crash is not a failed attempt. Restarts that take over a digest (killed before calling the platform, or in the
// middle of the call) spend none of its attempts: only the platform's failures do. Digests taken over after a
// restart go through their platform's pool, and a retry goes out at the first tick at or after its time.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Target } from '../../src/core/targets/target.js';
import { DeliveryFailure } from '../../src/delivery/delivery-failure.js';
import { DEFAULT_CONCURRENCY, MAX_CALLS_CUT_SHORT, runDigestTick } from '../../src/delivery/digest-scheduler.js';
import type { Messenger } from '../../src/delivery/messenger.js';
import { openStore } from '../../src/store/database.js';
import { releaseEarlierRunsLeases } from '../../src/store/deliveries-repository.js';
import { addTarget, createHarness, ledger, ledgerRow, MINUTE, PLATFORM, reload, type Harness } from './scheduler-harness.js';
import { DIALECTS, type Dialect } from '../helpers/temp-store.js';

const INSTANCE = 'host-a';
/** Monday 16 November 2026: the targets' first digest is due at 09:00 UTC. */
const MONDAY_0900 = Date.parse('2026-11-16T09:00:00Z');
const at = (offsetMs: number) => new Date(MONDAY_0900 + offsetMs);
const SECOND = 1000;

describe.each(DIALECTS)('on %s', (dialect: Dialect) => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness(`${INSTANCE}:100`, dialect);
  });

  afterEach(async () => {
    await h.temp.cleanup();
  });

  /** Targets created on Friday afternoon: each one's first digest is due on Monday at 09:00. */
  async function targets(count: number): Promise<Target[]> {
    const made: Target[] = [];
    for (let i = 0; i < count; i += 1) made.push(await addTarget(h.store, `channel-${i}`, '2026-11-13T15:00:00Z'));
    return made;
  }

  /**
   * One run of the bot process that is killed (SIGKILL) once it has called the platform `calls` times and holds the
   * leases of `claims` digests: as main does at start, it first takes over what the earlier runs of its instance
   * left, then ticks with a platform that never answers and takes `concurrency` digests at once. The kill is its
   * connection closed and its tick abandoned for good: it never writes to the ledger again. Resolves once it is dead.
   */
  async function runKilled(pid: number, now: Date, { calls, claims, concurrency }: { calls: number; claims: number; concurrency: number }) {
    const owner = `${INSTANCE}:${pid}`;
    // The killed process's own store: a second SQLite connection to the file, or a second pool on PostgreSQL.
    const store = openStore(h.temp.path);
    await releaseEarlierRunsLeases(store, INSTANCE, owner);
    let made = 0;
    let reached: () => void = () => undefined;
    const enough = new Promise<void>((resolve) => (reached = resolve));
    const silentPlatform: Messenger = {
      platform: PLATFORM,
      concurrency,
      sendDigest() {
        made += 1;
        if (made >= calls) reached();
        return new Promise<string[]>(() => undefined);
      },
      notifyPaused: () => Promise.resolve(),
    };
    void runDigestTick({ store, logger: pino({ level: 'silent' }), messengers: [silentPlatform], owner }, now);
    await enough;
    const leased = () => h.store.db.selectFrom('deliveries').select('id').where('lease_owner', '=', owner).execute();
    await vi.waitFor(async () => expect(await leased()).toHaveLength(claims));
    await store.close();
  }

  /** The next run of the instance, after the kills: it takes over at once (main's releaseEarlierRunsLeases). */
  async function restartedOptions(pid: number) {
    const owner = `${INSTANCE}:${pid}`;
    await releaseEarlierRunsLeases(h.store, INSTANCE, owner);
    return { ...h.options, owner };
  }

  describe('digests taken over after crashes', () => {
    // Two channels, a platform that takes one digest at a time: each run calls the platform with the first digest
    // and is killed during that call, while the second, claimed too, waits for its turn and never reaches the
    // platform. The runs before the fix counted an attempt for each digest at each takeover.
    const TAKEOVERS = 12;

    async function crashTwelveTimes(): Promise<{ first: number; second: number; targets: Target[] }> {
      const made = await targets(2);
      for (let run = 0; run <= TAKEOVERS; run += 1)
        await runKilled(100 + run, at(run * 10 * SECOND), { calls: 1, claims: 2, concurrency: 1 });
      const [first, second] = await Promise.all(made.map(async (t) => (await ledger(h.store, t))[0]!));
      return { first: first!.id, second: second!.id, targets: made };
    }

    it(`sends a digest taken over ${TAKEOVERS} times without reaching the platform, counting one attempt`, async () => {
      const { first, second, targets: made } = await crashTwelveTimes();
      // Claimed 13 times, never sent to the platform: no attempt, no call.
      expect(await ledgerRow(h.store, second)).toMatchObject({ status: 'pending', attempts: 0, calls: 0 });
      // Called 13 times, each call cut short by a kill: no attempt either, but 13 calls that may have posted parts.
      expect(await ledgerRow(h.store, first)).toMatchObject({ status: 'pending', attempts: 0, calls: TAKEOVERS + 1 });

      const report = await h.tick(at(3 * MINUTE), await restartedOptions(300));
      expect(report).toMatchObject({ sent: 2, retrying: 0, failed: 0 });
      expect(await ledgerRow(h.store, second)).toMatchObject({ status: 'sent', attempts: 1, calls: 1, error: null });
      expect(await ledgerRow(h.store, first)).toMatchObject({ status: 'sent', attempts: 1, calls: TAKEOVERS + 2 });
      // The platform is told which call this is: the first digest's earlier calls may have posted, so it looks;
      // the second digest was never posted anywhere.
      expect(h.messenger.calls.map((c) => [c.deliveryId, c.number])).toEqual([
        [first, TAKEOVERS + 2],
        [second, 1],
      ]);
      for (const target of made) expect((await reload(h.store, target)).settings.paused).toBe(false);
    });

    it(`retries a temporary failure after ${TAKEOVERS} takeovers instead of giving the digest up`, async () => {
      const { first, second, targets: made } = await crashTwelveTimes();
      // The restart's first call for each digest meets a temporary server error.
      const serverError = () => Object.assign(new Error('internal_error'), { status: 500 });
      h.messenger.failNext(serverError(), serverError());
      const restarted = await restartedOptions(300);
      expect(await h.tick(at(3 * MINUTE), restarted)).toMatchObject({ sent: 0, retrying: 2, failed: 0 });
      for (const id of [first, second]) {
        expect(await ledgerRow(h.store, id)).toMatchObject({
          status: 'pending',
          attempts: 1,
          next_attempt_at: at(4 * MINUTE).toISOString(),
        });
      }
      expect(h.messenger.adminNotes).toEqual([]);

      expect(await h.tick(at(4 * MINUTE), restarted)).toMatchObject({ sent: 2, retrying: 0, failed: 0 });
      for (const id of [first, second]) expect(await ledgerRow(h.store, id)).toMatchObject({ status: 'sent', attempts: 2 });
      for (const target of made) {
        const fresh = await reload(h.store, target);
        expect(fresh.settings.paused).toBe(false);
        expect(fresh.pausedReason).toBeNull();
      }
      expect(h.messenger.adminNotes).toEqual([]);
    });

    it('still gives up after the configured number of failures the platform answered', async () => {
      const { second, targets: made } = await crashTwelveTimes();
      h.messenger.alwaysFail = Object.assign(new Error('boom'), { status: 503 });
      const restarted = { ...(await restartedOptions(300)), maxAttempts: 3 };
      expect(await h.tick(at(3 * MINUTE), restarted)).toMatchObject({ retrying: 2, failed: 0 });
      expect(await h.tick(at(4 * MINUTE), restarted)).toMatchObject({ retrying: 2, failed: 0 });
      expect(await h.tick(at(6 * MINUTE), restarted)).toMatchObject({ retrying: 0, failed: 2 });
      expect(await ledgerRow(h.store, second)).toMatchObject({ status: 'failed', attempts: 3, calls: 3 });
      expect((await reload(h.store, made[1]!)).pausedReason).toBe('gave up after 3 attempts: boom');
    });

    it(`gives a digest up once ${MAX_CALLS_CUT_SHORT} sends of it were cut short, rather than crash every restart`, async () => {
      const { first, second, targets: made } = await crashTwelveTimes();
      // As if the process had died during a call of the first digest 20 times: it may be what brings it down.
      await h.store.db.updateTable('deliveries').set({ calls: MAX_CALLS_CUT_SHORT }).where('id', '=', first).execute();
      expect(await h.tick(at(3 * MINUTE), await restartedOptions(300))).toMatchObject({ sent: 1, failed: 1 });
      const reason = `gave up after ${MAX_CALLS_CUT_SHORT} sends cut short by the bot stopping (does this digest crash it?)`;
      expect(await ledgerRow(h.store, first)).toMatchObject({ status: 'failed', error: reason });
      expect(h.messenger.calls.map((c) => c.deliveryId)).toEqual([second]);
      expect((await reload(h.store, made[0]!)).pausedReason).toBe(reason);
      expect(h.messenger.adminNotes).toEqual([{ targetId: made[0]!.id, message: reason }]);
    });
  });

  describe('digests taken over after a restart', () => {
    /** A platform that holds every send until released, and counts how many it holds at once. */
    class GatedPlatform implements Messenger {
      readonly platform = PLATFORM;
      inFlight = 0;
      peak = 0;
      calls = 0;
      private readonly waiting: (() => void)[] = [];
      private open = false;

      constructor(readonly concurrency: number | undefined) {}

      async sendDigest(_target: Target, _digest: unknown, attempt: { id: number }): Promise<string[]> {
        this.calls += 1;
        this.inFlight += 1;
        this.peak = Math.max(this.peak, this.inFlight);
        if (!this.open) await new Promise<void>((resolve) => this.waiting.push(resolve));
        this.inFlight -= 1;
        return [`msg-${attempt.id}`];
      }

      notifyPaused(): Promise<void> {
        return Promise.resolve();
      }

      release(): void {
        this.open = true;
        for (const resume of this.waiting.splice(0)) resume();
      }
    }

    it.each([
      { concurrency: 20, expected: 20 },
      // A platform that does not size its pool gets the scheduler's.
      { concurrency: undefined, expected: DEFAULT_CONCURRENCY },
    ])('go through their platform’s own pool (concurrency $concurrency)', async ({ concurrency, expected }) => {
      await targets(30);
      // The first run claims all 30 digests, calls the platform with each, and is killed.
      await runKilled(100, at(0), { calls: 30, claims: 30, concurrency: 30 });
      expect((await h.store.db.selectFrom('deliveries').select('calls').execute()).map((r) => r.calls)).toEqual(Array(30).fill(1));

      const platform = new GatedPlatform(concurrency);
      const restarted = { ...(await restartedOptions(200)), messengers: [platform] };
      const ticking = h.tick(at(30 * SECOND), restarted);
      await vi.waitFor(() => expect(platform.inFlight).toBe(expected));
      // Nothing more starts while the pool is full.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(platform.calls).toBe(expected);
      platform.release();
      expect(await ticking).toMatchObject({ sent: 30, retrying: 0, failed: 0 });
      expect(platform.peak).toBe(expected);
    });
  });

  describe('retry timing', () => {
    const serverError = () => Object.assign(new Error('internal_error'), { status: 500 });

    async function failedAt(tickAt: Date, failure: Error = serverError()): Promise<number> {
      const [target] = await targets(1);
      h.messenger.failNext(failure);
      expect(await h.tick(tickAt)).toMatchObject({ sent: 0, retrying: 1 });
      return (await ledger(h.store, target!))[0]!.id;
    }

    it('sends a retry due in a minute at the next tick, even when that tick comes earlier in its minute', async () => {
      // Ticks come a little after each minute starts: this one 400 ms after, the next only 50 ms after.
      const id = await failedAt(at(400));
      expect((await ledgerRow(h.store, id)).next_attempt_at).toBe(at(MINUTE).toISOString());
      expect(await h.tick(at(MINUTE + 50))).toMatchObject({ sent: 1 });
      expect(h.messenger.calls.map((c) => c.at)).toEqual([at(400).toISOString(), at(MINUTE + 50).toISOString()]);
    });

    it('counts the backoff in ticks after a tick in the middle of a minute (the one at start-up)', async () => {
      const id = await failedAt(at(40 * SECOND));
      expect((await ledgerRow(h.store, id)).next_attempt_at).toBe(at(MINUTE).toISOString());
      expect(await h.tick(at(MINUTE + 10))).toMatchObject({ sent: 1 });
    });

    it('backs off two ticks after the second failure, and sends at the first tick at or after that', async () => {
      const id = await failedAt(at(400));
      h.messenger.failNext(serverError());
      expect(await h.tick(at(MINUTE + 300))).toMatchObject({ retrying: 1 });
      expect((await ledgerRow(h.store, id)).next_attempt_at).toBe(at(3 * MINUTE).toISOString());
      expect(await h.tick(at(2 * MINUTE + 20))).toMatchObject({ sent: 0 });
      expect(await h.tick(at(3 * MINUTE))).toMatchObject({ sent: 1 });
      expect(await ledgerRow(h.store, id)).toMatchObject({ status: 'sent', attempts: 3 });
    });

    it('keeps the wait the platform asked for to the millisecond', async () => {
      const id = await failedAt(at(400), new DeliveryFailure('retry', 'rate limited', MINUTE));
      expect((await ledgerRow(h.store, id)).next_attempt_at).toBe(at(MINUTE + 400).toISOString());
      expect(await h.tick(at(MINUTE + 50))).toMatchObject({ sent: 0 });
      expect(await h.tick(at(2 * MINUTE + 50))).toMatchObject({ sent: 1 });
    });
  });
});
