// The scheduler after things went wrong: the bot was down, a sender crashed between claiming and sending, two
// processes tick together, a platform refuses or rate-limits a send.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestCollector } from '../../src/app/digest/digest-collector.js';
import { digestWindow } from '../../src/core/digest/digest-window.js';
import { deliveryContent } from '../../src/app/digest/stored-digest.js';
import { nextRunAfter } from '../../src/core/schedule/next-run.js';
import type { Target } from '../../src/core/targets/target.js';
import { type DigestSchedulerOptions } from '../../src/delivery/digest-scheduler.js';
import { DeliveryFailure } from '../../src/delivery/delivery-failure.js';
import { openStore } from '../../src/store/database.js';
import { claimDigest, releaseEarlierRunsLeases } from '../../src/store/deliveries-repository.js';
import { dueTargets, saveTargetSettings } from '../../src/store/targets-repository.js';
import {
  addPapers,
  addTarget,
  createHarness,
  dailyPaper,
  HOUR,
  idsIn,
  ledger,
  ledgerRow,
  MINUTE,
  PLATFORM,
  RecordingMessenger,
  reload,
  totals,
  type Harness,
} from './scheduler-harness.js';
import { DIALECTS, type Dialect } from '../helpers/temp-store.js';

describe.each(DIALECTS)('on %s', (dialect: Dialect) => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness(undefined, dialect);
  });

  afterEach(async () => {
    await h.temp.cleanup();
  });

  /** A target that got Friday 13 November's digest; the next run is Monday 16 November, 09:00 UTC. */
  async function targetSentOnFriday(): Promise<Target> {
    const target = await addTarget(h.store, 'general', '2026-11-12T12:00:00Z');
    await addPapers(h.store, [
      dailyPaper('2611.06001', '2026-11-12', 'Thursday Paper'),
      dailyPaper('2611.06002', '2026-11-14', 'Saturday Paper'),
      dailyPaper('2611.06003', '2026-11-16', 'Monday Paper'),
      dailyPaper('2611.06004', '2026-11-19', 'Thursday Paper Next Week'),
    ]);
    expect((await h.tick('2026-11-13T09:00:00Z')).sent).toBe(1);
    h.messenger.sent.length = 0;
    h.messenger.calls.length = 0;
    return reload(h.store, target);
  }

  describe('missed digests after a restart', () => {
    it('sends a digest missed earlier the same local day, once', async () => {
      const target = await targetSentOnFriday();
      // Down from Monday 08:00 to 15:00.
      const report = await h.tick('2026-11-16T15:00:00Z');
      expect(report).toMatchObject({ sent: 1, skipped: 0 });
      expect(h.messenger.sent.map((s) => [s.at, s.digest.date])).toEqual([['2026-11-16T15:00:00.000Z', '2026-11-16']]);
      expect(idsIn(h.messenger.sent[0]!.digest)).toEqual(['2611.06002']);

      expect(totals(await h.tickEvery('2026-11-16T15:01:00Z', '2026-11-16T23:59:00Z', 17 * MINUTE)).sent).toBe(0);
      expect(h.messenger.sent).toHaveLength(1);
      expect((await reload(h.store, target)).nextRunAt.toISOString()).toBe('2026-11-17T09:00:00.000Z');
      expect((await h.tick('2026-11-17T09:00:00Z')).sent).toBe(1);
      expect(h.messenger.sent.map((s) => s.digest.date)).toEqual(['2026-11-16', '2026-11-17']);
    });

    it('skips a digest whose day is over, and sends the current day at its time', async () => {
      const target = await targetSentOnFriday();
      // Down from Monday 08:00 to Tuesday 08:30.
      const first = await h.tick('2026-11-17T08:30:00Z');
      expect(first).toMatchObject({ sent: 0, skipped: 1 });
      expect(h.messenger.calls).toEqual([]);
      const rows = await ledger(h.store, target);
      expect(rows.map((d) => [d.digestDate, d.status])).toEqual([
        ['2026-11-13', 'sent'],
        ['2026-11-16', 'skipped'],
      ]);
      expect(rows[1]?.error).toMatch(/missed/);

      const morning = await h.tickEvery('2026-11-17T08:31:00Z', '2026-11-17T09:10:00Z', MINUTE);
      expect(morning.filter((r) => r.report.sent > 0).map((r) => r.at)).toEqual(['2026-11-17T09:00:00.000Z']);
      const [tuesday] = h.messenger.sent;
      expect(tuesday?.digest.date).toBe('2026-11-17');
      // The skipped Monday's papers are not lost: Tuesday's window reaches back to Friday's digest.
      expect(tuesday?.digest.window.start).toBe('2026-11-13T09:00:00.000Z');
      expect(tuesday?.digest.window.trendingDays).toEqual(['2026-11-13', '2026-11-14', '2026-11-15', '2026-11-16']);
      expect(idsIn(tuesday!.digest).sort()).toEqual(['2611.06002', '2611.06003']);
      expect((await ledger(h.store, target)).map((d) => d.status)).toEqual(['sent', 'skipped', 'sent']);
    });

    it("sends the current day's digest once when the bot comes back after its time", async () => {
      const target = await targetSentOnFriday();
      // Down from Monday 08:00 to Tuesday 10:00: Monday's is over, Tuesday's is missed but its day is not.
      const ticks = await h.tickEvery('2026-11-17T10:00:00Z', '2026-11-17T23:00:00Z', 13 * MINUTE);
      expect(ticks.every((t) => t.report.sent <= 1)).toBe(true);
      expect(totals(ticks)).toMatchObject({ sent: 1, skipped: 1 });
      expect(h.messenger.sent.map((s) => s.digest.date)).toEqual(['2026-11-17']);
      expect(h.messenger.sent[0]?.at).toBe('2026-11-17T10:00:00.000Z');
      expect((await ledger(h.store, target)).map((d) => [d.digestDate, d.status])).toEqual([
        ['2026-11-13', 'sent'],
        ['2026-11-16', 'skipped'],
        ['2026-11-17', 'sent'],
      ]);
      expect((await reload(h.store, target)).nextRunAt.toISOString()).toBe('2026-11-18T09:00:00.000Z');
    });

    it('does not flood a channel after several days down: one digest, for today', async () => {
      const target = await targetSentOnFriday();
      // Down from Monday 08:00 to Thursday 19 November, 10:00.
      const ticks = await h.tickEvery('2026-11-19T10:00:00Z', '2026-11-20T08:00:00Z', 30 * MINUTE);
      expect(ticks.every((t) => t.report.sent <= 1)).toBe(true);
      expect(h.messenger.sent.map((s) => s.digest.date)).toEqual(['2026-11-19']);
      const rows = await ledger(h.store, target);
      expect(rows.filter((d) => d.status === 'sent').map((d) => d.digestDate)).toEqual(['2026-11-13', '2026-11-19']);
      expect(rows.filter((d) => d.status !== 'sent').every((d) => d.status === 'skipped')).toBe(true);
      // Everything since Friday's digest, in the one digest.
      expect(idsIn(h.messenger.sent[0]!.digest).sort()).toEqual(['2611.06002', '2611.06003']);
    });
  });

  describe('a crash between claiming and sending', () => {
    /** What a process that died right after claiming Monday's digest left behind. */
    async function claimAsDeadProcess(target: Target, now: Date): Promise<{ deliveryId: number; paperIds: string[] }> {
      const date = '2026-11-16';
      const window = digestWindow(target.settings, target.nextRunAt, target.windowStart);
      const collector = digestCollector(h.store);
      const built = await collector.collect({ target, date, window, subscriptions: [] });
      collector.close();
      const result = await claimDigest(h.store, {
        targetId: target.id,
        expectedRunAt: target.nextRunAt,
        nextRunAt: nextRunAfter(target.settings, now),
        nextWindowStart: target.nextRunAt,
        digestDate: date,
        windowStart: window.start,
        windowEnd: window.end,
        status: 'pending',
        content: deliveryContent(built),
        paperIds: built.paperIds,
        error: null,
        owner: 'dead-process',
        leaseMs: 5 * MINUTE,
        now,
      });
      if (!result.claimed) throw new Error(`claim failed: ${result.reason}`);
      return { deliveryId: result.deliveryId, paperIds: built.paperIds };
    }

    it('waits for the lease, then sends the claimed digest exactly once', async () => {
      const target = await targetSentOnFriday();
      const { deliveryId, paperIds } = await claimAsDeadProcess(target, new Date('2026-11-16T09:00:00Z'));
      expect(paperIds).toEqual(['2611.06002']);

      const restarted = { ...h.options, owner: 'host-a:200' };
      const during = await h.tickEvery('2026-11-16T09:01:00Z', '2026-11-16T09:04:00Z', MINUTE, restarted);
      expect(totals(during).sent).toBe(0);
      expect(h.messenger.calls).toEqual([]);
      // The dead process never called the platform: no attempt, no call.
      expect(await ledgerRow(h.store, deliveryId)).toMatchObject({ status: 'pending', lease_owner: 'dead-process', attempts: 0, calls: 0 });

      // The lease ran out at 09:05.
      expect((await h.tick('2026-11-16T09:05:00Z', restarted)).sent).toBe(1);
      expect(h.messenger.sent.map((s) => [s.deliveryId, s.digest.date, idsIn(s.digest)])).toEqual([
        [deliveryId, '2026-11-16', ['2611.06002']],
      ]);
      const row = await ledgerRow(h.store, deliveryId);
      expect(row).toMatchObject({ status: 'sent', lease_owner: null, attempts: 1, calls: 1 });
      expect(JSON.parse(row.message_ids)).toEqual(h.messenger.sent[0]?.messageIds);

      expect(totals(await h.tickEvery('2026-11-16T09:06:00Z', '2026-11-16T23:06:00Z', HOUR, restarted)).sent).toBe(0);
      expect((await ledger(h.store, target)).map((d) => d.status)).toEqual(['sent', 'sent']);
      // And the next day's digest does not repeat what the recovered one sent.
      await h.tick('2026-11-17T09:00:00Z', restarted);
      expect(h.messenger.sent.map((s) => idsIn(s.digest))).toEqual([['2611.06002'], ['2611.06003']]);
    });

    it('is taken over at once by a restart of the same instance, never by another instance', async () => {
      const target = await targetSentOnFriday();
      const now = new Date('2026-11-16T09:00:00Z');
      const { deliveryId } = await claimAsDeadProcess(target, now);
      await h.store.db.updateTable('deliveries').set({ lease_owner: 'host-a:100' }).where('id', '=', deliveryId).execute();
      // Another instance (host-b) leaves it alone; a later process of host-a (pid 200) frees it.
      expect(await releaseEarlierRunsLeases(h.store, 'host-b', 'host-b:300')).toBe(0);
      expect(await releaseEarlierRunsLeases(h.store, 'host-a', 'host-a:100')).toBe(0);
      expect(await releaseEarlierRunsLeases(h.store, 'host', 'host:7')).toBe(0);
      expect(await releaseEarlierRunsLeases(h.store, 'host-a', 'host-a:200')).toBe(1);
      expect((await h.tick('2026-11-16T09:01:00Z', { ...h.options, owner: 'host-a:200' })).sent).toBe(1);
      expect(await ledgerRow(h.store, deliveryId)).toMatchObject({ status: 'sent', attempts: 1 });
    });

    it('skips a crashed claim whose day ended before its lease could be taken over', async () => {
      const target = await targetSentOnFriday();
      const { deliveryId } = await claimAsDeadProcess(target, new Date('2026-11-16T09:00:00Z'));
      // Nobody runs again until Tuesday 09:00.
      const report = await h.tick('2026-11-17T09:00:00Z');
      expect(report).toMatchObject({ skipped: 1, sent: 1 });
      expect((await ledgerRow(h.store, deliveryId)).status).toBe('skipped');
      expect(h.messenger.sent.map((s) => s.digest.date)).toEqual(['2026-11-17']);
    });
  });

  describe('two processes', () => {
    function secondProcess(): { options: DigestSchedulerOptions; messenger: RecordingMessenger; close(): Promise<void> } {
      const store = openStore(h.temp.path);
      const messenger = new RecordingMessenger(() => h.clock.now);
      return {
        options: { store, logger: pino({ level: 'silent' }), messengers: [messenger], owner: 'host-b:300' },
        messenger,
        close: () => store.close(),
      };
    }

    it('send a due digest once between them, back to back or at the same time', async () => {
      const target = await addTarget(h.store, 'general', '2026-11-13T15:00:00Z');
      await addPapers(h.store, [dailyPaper('2611.07001', '2026-11-14', 'Saturday Paper')]);
      const b = secondProcess();
      try {
        // Back to back, every minute around 09:00.
        for (let t = Date.parse('2026-11-16T08:58:00Z'); t <= Date.parse('2026-11-16T09:03:00Z'); t += MINUTE) {
          await h.tick(new Date(t));
          await h.tick(new Date(t), b.options);
        }
        expect(h.messenger.sent.length + b.messenger.sent.length).toBe(1);

        // At the same time, on Tuesday, with the second process first.
        const reports = await Promise.all([h.tick('2026-11-17T09:00:00Z', b.options), h.tick('2026-11-17T09:00:00Z')]);
        expect(reports[0].sent + reports[1].sent).toBe(1);
        const all = [...h.messenger.sent, ...b.messenger.sent];
        expect(all.map((s) => s.digest.date).sort()).toEqual(['2026-11-16', '2026-11-17']);
        expect((await ledger(h.store, target)).map((d) => d.status)).toEqual(['sent', 'sent']);
      } finally {
        await b.close();
      }
    });
  });

  describe('processes serving different platforms', () => {
    it("leaves another platform's open delivery to a process that serves it", async () => {
      const target = await targetSentOnFriday();
      // Monday's send was rate-limited; its retry is due at 09:01.
      h.messenger.failNext(new DeliveryFailure('retry', 'rate limited'));
      await h.tick('2026-11-16T09:00:00Z');
      const [, monday] = await ledger(h.store, target);

      // A process that serves only another platform ticks just before this one, every minute.
      const elsewhere = new RecordingMessenger(() => h.clock.now, 'other');
      const otherProcess = { ...h.options, messengers: [elsewhere], owner: 'host-c:400' };
      for (let t = Date.parse('2026-11-16T09:01:00Z'); t <= Date.parse('2026-11-16T09:10:00Z'); t += MINUTE) {
        await h.tick(new Date(t), otherProcess);
        await h.tick(new Date(t));
      }
      expect(elsewhere.calls).toEqual([]);
      expect(h.messenger.sent.map((s) => [s.deliveryId, s.at])).toEqual([[monday!.id, '2026-11-16T09:01:00.000Z']]);
      expect(await ledgerRow(h.store, monday!.id)).toMatchObject({ status: 'sent', attempts: 2 });
    });
  });

  describe('stopping', () => {
    it('claims nothing new once stopping: the digest being sent is finished, the rest stay due', async () => {
      const targets = [
        await targetSentOnFriday(),
        await addTarget(h.store, 'b', '2026-11-12T09:00:00Z'),
        await addTarget(h.store, 'c', '2026-11-12T09:00:00Z'),
      ];
      await h.tick('2026-11-13T09:00:00Z');
      const stopping = new AbortController();
      // The first send of Monday's tick asks the scheduler to stop.
      const send = h.messenger.sendDigest.bind(h.messenger);
      h.messenger.sendDigest = async (...args) => {
        stopping.abort();
        return send(...args);
      };
      const before = h.messenger.sent.length;
      expect(await h.tick('2026-11-16T09:00:00Z', { ...h.options, signal: stopping.signal })).toMatchObject({ sent: 1 });
      expect(h.messenger.sent.length - before).toBe(1);
      h.messenger.sendDigest = send;
      expect(await dueTargets(h.store, new Date('2026-11-16T09:00:00Z'), 10, [PLATFORM])).toHaveLength(2);
      // The next run sends the other two, and nobody gets a second digest.
      expect(await h.tick('2026-11-16T09:01:00Z')).toMatchObject({ sent: 2 });
      for (const target of targets) expect((await ledger(h.store, target)).filter((d) => d.digestDate === '2026-11-16')).toHaveLength(1);
    });
  });

  describe('failed sends', () => {
    it('retries a rate-limited send after the backoff, and sends it once', async () => {
      const target = await targetSentOnFriday();
      h.messenger.failNext(new DeliveryFailure('retry', 'rate limited', 30_000));
      expect(await h.tick('2026-11-16T09:00:00Z')).toMatchObject({ sent: 0, retrying: 1 });
      const [, monday] = await ledger(h.store, target);
      const row = await ledgerRow(h.store, monday!.id);
      // The platform asked for 30 s; the first backoff step is a minute.
      expect(row).toMatchObject({
        status: 'pending',
        attempts: 1,
        error: 'rate limited',
        lease_owner: null,
        next_attempt_at: '2026-11-16T09:01:00.000Z',
      });
      expect((await reload(h.store, target)).nextRunAt.toISOString()).toBe('2026-11-17T09:00:00.000Z');

      expect((await h.tick('2026-11-16T09:00:30Z')).sent).toBe(0);
      expect(h.messenger.calls).toHaveLength(1);
      expect((await h.tick('2026-11-16T09:01:00Z')).sent).toBe(1);
      expect(h.messenger.sent.map((s) => [s.deliveryId, s.at])).toEqual([[monday!.id, '2026-11-16T09:01:00.000Z']]);
      expect(await ledgerRow(h.store, monday!.id)).toMatchObject({
        status: 'sent',
        attempts: 2,
        error: null,
        lease_owner: null,
        finished_at: '2026-11-16T09:01:00.000Z',
      });
      expect(totals(await h.tickEvery('2026-11-16T09:02:00Z', '2026-11-16T12:00:00Z', 10 * MINUTE)).sent).toBe(0);
      expect(h.messenger.calls).toHaveLength(2);
    });

    it('waits as long as the platform asks when that is longer than the backoff', async () => {
      const target = await targetSentOnFriday();
      h.messenger.failNext(new DeliveryFailure('retry', 'rate limited', 10 * MINUTE));
      await h.tick('2026-11-16T09:00:00Z');
      const [, monday] = await ledger(h.store, target);
      expect((await ledgerRow(h.store, monday!.id)).next_attempt_at).toBe('2026-11-16T09:10:00.000Z');
      expect(totals(await h.tickEvery('2026-11-16T09:01:00Z', '2026-11-16T09:09:00Z', MINUTE)).sent).toBe(0);
      expect((await h.tick('2026-11-16T09:10:00Z')).sent).toBe(1);
    });

    it('backs off further on each failure of an unknown server error', async () => {
      const target = await targetSentOnFriday();
      h.messenger.failNext(Object.assign(new Error('boom'), { status: 503 }), Object.assign(new Error('boom'), { status: 503 }));
      await h.tick('2026-11-16T09:00:00Z');
      const [, monday] = await ledger(h.store, target);
      expect((await ledgerRow(h.store, monday!.id)).next_attempt_at).toBe('2026-11-16T09:01:00.000Z');
      expect(await h.tick('2026-11-16T09:01:00Z')).toMatchObject({ sent: 0, retrying: 1 });
      expect(await ledgerRow(h.store, monday!.id)).toMatchObject({ attempts: 2, next_attempt_at: '2026-11-16T09:03:00.000Z' });
      expect((await h.tick('2026-11-16T09:02:00Z')).sent).toBe(0);
      expect((await h.tick('2026-11-16T09:03:00Z')).sent).toBe(1);
      expect(h.messenger.calls.map((c) => c.at)).toEqual([
        '2026-11-16T09:00:00.000Z',
        '2026-11-16T09:01:00.000Z',
        '2026-11-16T09:03:00.000Z',
      ]);
      expect(await ledgerRow(h.store, monday!.id)).toMatchObject({ status: 'sent', attempts: 3 });
    });

    it('gives up after the last attempt: the delivery fails and the target is paused', async () => {
      const target = await targetSentOnFriday();
      h.messenger.alwaysFail = Object.assign(new Error('boom'), { status: 503 });
      const options = { ...h.options, maxAttempts: 2 };
      expect(await h.tick('2026-11-16T09:00:00Z', options)).toMatchObject({ retrying: 1, failed: 0 });
      expect(await h.tick('2026-11-16T09:01:00Z', options)).toMatchObject({ retrying: 0, failed: 1 });
      const [, monday] = await ledger(h.store, target);
      expect(monday).toMatchObject({ status: 'failed', attempts: 2 });
      const paused = await reload(h.store, target);
      expect(paused.settings.paused).toBe(true);
      expect(paused.pausedReason).toBe('gave up after 2 attempts: boom');
      expect(h.messenger.adminNotes.map((n) => n.targetId)).toEqual([target.id]);
    });

    it('stops on a refusal: the delivery fails, the target is paused and its admin told', async () => {
      const target = await targetSentOnFriday();
      h.messenger.failNext(new DeliveryFailure('stop', 'Missing Access'));
      expect(await h.tick('2026-11-16T09:00:00Z')).toEqual({ sent: 0, silent: 0, skipped: 0, retrying: 0, failed: 1 });
      const [, monday] = await ledger(h.store, target);
      expect(monday).toMatchObject({ status: 'failed', error: 'Missing Access', attempts: 1 });
      expect((await ledgerRow(h.store, monday!.id)).finished_at).toBe('2026-11-16T09:00:00.000Z');

      const paused = await reload(h.store, target);
      expect(paused.settings.paused).toBe(true);
      expect(paused.pausedReason).toBe('Missing Access');
      expect(h.messenger.adminNotes).toHaveLength(1);
      expect(h.messenger.adminNotes[0]?.targetId).toBe(target.id);
      expect(h.messenger.adminNotes[0]?.message).toContain('Missing Access');

      // Paused: never due again, and nothing is sent on the following days.
      expect(await dueTargets(h.store, new Date('2027-01-01T00:00:00Z'), 100, [PLATFORM])).toEqual([]);
      expect(totals(await h.tickEvery('2026-11-16T09:01:00Z', '2026-11-19T09:01:00Z', HOUR)).sent).toBe(0);
      expect(h.messenger.calls).toHaveLength(1);

      // Resumed on Thursday afternoon: Friday's digest, its window one period back (no backlog of the paused days).
      const resumed = await saveTargetSettings(
        h.store,
        paused,
        { ...paused.settings, paused: false },
        new Date('2026-11-19T15:00:00Z'),
        'admin-1',
      );
      expect(resumed.pausedReason).toBeNull();
      expect(resumed.nextRunAt.toISOString()).toBe('2026-11-20T09:00:00.000Z');
      await h.tickEvery('2026-11-19T16:00:00Z', '2026-11-20T10:00:00Z', HOUR);
      expect(h.messenger.sent.map((s) => [s.at, s.digest.window.start, idsIn(s.digest)])).toEqual([
        ['2026-11-20T09:00:00.000Z', '2026-11-19T09:00:00.000Z', ['2611.06004']],
      ]);
    });

    it('treats a 403 from the platform as a refusal', async () => {
      const target = await targetSentOnFriday();
      h.messenger.failNext(Object.assign(new Error('Forbidden'), { status: 403 }));
      expect((await h.tick('2026-11-16T09:00:00Z')).failed).toBe(1);
      expect((await reload(h.store, target)).pausedReason).toBe('Forbidden');
    });

    it('skips a retry whose time comes after its day is over', async () => {
      const target = await targetSentOnFriday();
      h.messenger.failNext(new DeliveryFailure('retry', 'rate limited', 16 * HOUR));
      await h.tick('2026-11-16T09:00:00Z');
      expect(totals(await h.tickEvery('2026-11-16T10:00:00Z', '2026-11-17T00:00:00Z', HOUR)).sent).toBe(0);
      expect((await h.tick('2026-11-17T01:00:00Z')).skipped).toBe(1);
      const [, monday] = await ledger(h.store, target);
      expect(monday?.status).toBe('skipped');
      expect(h.messenger.calls).toHaveLength(1);
      expect((await h.tick('2026-11-17T09:00:00Z')).sent).toBe(1);
      expect(h.messenger.sent.map((s) => s.digest.date)).toEqual(['2026-11-17']);
      // Monday's papers were never seen: they are given back, and Tuesday's window reaches back to Friday.
      const [tuesday] = h.messenger.sent;
      expect(tuesday?.digest.window.start).toBe('2026-11-13T09:00:00.000Z');
      expect(idsIn(tuesday!.digest).sort()).toEqual(['2611.06002', '2611.06003']);
    });
  });
});
