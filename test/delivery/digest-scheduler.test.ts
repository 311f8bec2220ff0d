// runDigestTick on a real store, driven by a fake clock: each digest goes out once, at its time, with the papers
// of its window, and never the same paper twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscribe } from '../../src/app/subscriptions.js';
import { deliveredAmong } from '../../src/store/digest-candidates.js';
import { saveTargetSettings } from '../../src/store/targets-repository.js';
import {
  addPapers,
  addTarget,
  createHarness,
  dailyPaper,
  HOUR,
  idsIn,
  ledger,
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

  describe('exactly once', () => {
    it('sends one digest at 09:00 however often it ticks, and the next one the next day', async () => {
      // Created on Friday afternoon: the first run is Monday 16 November 2026 at 09:00 UTC.
      const target = await addTarget(h.store, 'general', '2026-11-13T15:00:00Z');
      expect(target.nextRunAt.toISOString()).toBe('2026-11-16T09:00:00.000Z');
      await addPapers(h.store, [dailyPaper('2611.01001', '2026-11-13', 'Sparse Attention at Scale')]);

      const morning = await h.tickEvery('2026-11-16T08:58:00Z', '2026-11-16T09:05:00Z', MINUTE);
      expect(morning.map((r) => r.report.sent)).toEqual([0, 0, 1, 0, 0, 0, 0, 0]);
      expect(h.messenger.sent).toHaveLength(1);
      const [monday] = h.messenger.sent;
      expect(monday?.at).toBe('2026-11-16T09:00:00.000Z');
      expect(monday?.targetId).toBe(target.id);
      expect(monday?.digest.date).toBe('2026-11-16');
      expect(idsIn(monday!.digest)).toEqual(['2611.01001']);

      const [row] = await ledger(h.store, target);
      expect(row).toMatchObject({
        id: monday?.deliveryId,
        status: 'sent',
        digestDate: '2026-11-16',
        attempts: 1,
        messageIds: monday?.messageIds,
        error: null,
      });
      expect(row?.messageIds).toEqual([`${PLATFORM}-msg-${monday?.deliveryId}-1`, `${PLATFORM}-msg-${monday?.deliveryId}-2`]);
      expect(row?.scheduledFor.toISOString()).toBe('2026-11-16T09:00:00.000Z');
      expect((await reload(h.store, target)).nextRunAt.toISOString()).toBe('2026-11-17T09:00:00.000Z');

      // The rest of Monday: nothing more.
      for (const at of ['2026-11-16T09:30:00Z', '2026-11-16T12:00:00Z', '2026-11-16T18:00:00Z', '2026-11-16T23:59:00Z']) {
        expect((await h.tick(at)).sent).toBe(0);
      }
      expect(h.messenger.sent).toHaveLength(1);

      // Tuesday: the next one, once.
      const tuesday = await h.tickEvery('2026-11-17T08:58:00Z', '2026-11-17T09:03:00Z', MINUTE);
      expect(tuesday.map((r) => r.report.sent)).toEqual([0, 0, 1, 0, 0, 0]);
      expect(h.messenger.sent.map((s) => s.digest.date)).toEqual(['2026-11-16', '2026-11-17']);
      expect((await ledger(h.store, target)).map((d) => [d.digestDate, d.status])).toEqual([
        ['2026-11-16', 'sent'],
        ['2026-11-17', 'sent'],
      ]);
    });

    it('runs only on its weekdays', async () => {
      await addTarget(h.store, 'general', '2026-11-19T12:00:00Z');
      // Friday 20 November to Monday 23 November, every hour.
      await h.tickEvery('2026-11-20T00:00:00Z', '2026-11-23T23:00:00Z', HOUR);
      expect(h.messenger.sent.map((s) => s.at)).toEqual(['2026-11-20T09:00:00.000Z', '2026-11-23T09:00:00.000Z']);
    });

    it('does not send a second digest when the schedule is moved later the same day', async () => {
      const target = await addTarget(h.store, 'general', '2026-11-13T15:00:00Z');
      await h.tick('2026-11-16T09:00:00Z');
      const moved = await saveTargetSettings(
        h.store,
        await reload(h.store, target),
        { ...target.settings, minuteOfDay: 17 * 60 },
        new Date('2026-11-16T10:00:00Z'),
        'admin-1',
      );
      expect(moved.nextRunAt.toISOString()).toBe('2026-11-16T17:00:00.000Z');
      expect(totals(await h.tickEvery('2026-11-16T16:58:00Z', '2026-11-16T17:02:00Z', MINUTE)).sent).toBe(0);
      expect((await reload(h.store, target)).nextRunAt.toISOString()).toBe('2026-11-17T17:00:00.000Z');
      await h.tick('2026-11-17T17:00:00Z');
      expect(h.messenger.sent.map((s) => [s.at, s.digest.date])).toEqual([
        ['2026-11-16T09:00:00.000Z', '2026-11-16'],
        ['2026-11-17T17:00:00.000Z', '2026-11-17'],
      ]);
    });

    it('leaves a target alone while its platform is not connected, and sends once it is', async () => {
      const other = new RecordingMessenger(() => h.clock.now, 'other');
      const target = await addTarget(h.store, 'general', '2026-11-13T15:00:00Z');
      const elsewhere = await h.store.db.updateTable('targets').set({ platform: 'other' }).where('id', '=', target.id).executeTakeFirst();
      expect(Number(elsewhere.numUpdatedRows)).toBe(1);

      expect((await h.tick('2026-11-16T09:00:00Z')).sent).toBe(0);
      expect((await reload(h.store, target)).nextRunAt.toISOString()).toBe('2026-11-16T09:00:00.000Z');
      expect(await ledger(h.store, target)).toEqual([]);

      const connected = { ...h.options, messengers: [h.messenger, other] };
      expect((await h.tick('2026-11-16T09:01:00Z', connected)).sent).toBe(1);
      expect(other.sent.map((s) => s.digest.date)).toEqual(['2026-11-16']);
      expect(h.messenger.sent).toEqual([]);
    });
  });

  describe('windows through the scheduler', () => {
    it("rolls Friday to Sunday into Monday's digest and never sends a paper twice", async () => {
      // Created on Thursday: Friday's digest covers Thursday's list, Monday's covers Friday to Sunday.
      const target = await addTarget(h.store, 'general', '2026-11-12T12:00:00Z');
      await addPapers(h.store, [
        dailyPaper('2611.02001', '2026-11-12', 'Thursday Paper on Graph Networks', 50),
        dailyPaper('2611.02002', '2026-11-13', 'Friday Paper on Speech Recognition', 40),
        dailyPaper('2611.02003', '2026-11-14', 'Saturday Paper on Diffusion Models for Video', 30),
        dailyPaper('2611.02004', '2026-11-15', 'Sunday Paper on Protein Folding', 20),
        dailyPaper('2611.02005', '2026-11-16', 'Monday Paper on Diffusion Policies for Robots', 25),
        dailyPaper('2611.02006', '2026-11-16', 'Monday Paper on Tokenizers', 5),
      ]);
      // An arXiv paper (never on Daily Papers) published on Sunday, matching the topic followed from Saturday.
      await addPapers(h.store, [
        {
          source: 'arxiv',
          id: '2611.02007',
          title: 'Latent Diffusion for Weather Forecasting',
          abstract: 'We apply latent diffusion to weather.',
          authors: ['Cara Arxiv'],
          publishedAt: '2026-11-15T10:00:00.000Z',
        },
      ]);

      await h.tick('2026-11-13T09:00:00Z');
      const [friday] = h.messenger.sent;
      expect(friday?.digest.window.trendingDays).toEqual(['2026-11-12']);
      expect(idsIn(friday!.digest)).toEqual(['2611.02001']);

      const follow = await subscribe(h.store, {
        address: { platform: PLATFORM, workspace: 'team-1', kind: 'channel', address: 'general' },
        topic: 'diffusion',
        by: 'admin-1',
        now: new Date('2026-11-14T10:00:00Z'),
      });
      expect(follow.outcome).toBe('added');

      // Nothing over the weekend.
      await h.tickEvery('2026-11-13T10:00:00Z', '2026-11-16T08:00:00Z', HOUR);
      expect(h.messenger.sent).toHaveLength(1);

      await h.tick('2026-11-16T09:00:00Z');
      const monday = h.messenger.sent[1]!.digest;
      expect(monday.date).toBe('2026-11-16');
      expect(monday.window.start).toBe('2026-11-13T09:00:00.000Z');
      expect(monday.window.trendingDays).toEqual(['2026-11-13', '2026-11-14', '2026-11-15']);
      expect(monday.trending.map((i) => i.id)).toEqual(['2611.02002', '2611.02003', '2611.02004']);
      // The Saturday diffusion paper is already trending, so the topic shows the others: the arXiv one, and
      // Monday's listing, published on Sunday (before the window closed).
      expect(monday.topics.map((t) => [t.topic, t.items.map((i) => i.id)])).toEqual([['diffusion', ['2611.02005', '2611.02007']]]);

      await h.tick('2026-11-17T09:00:00Z');
      const tuesday = h.messenger.sent[2]!.digest;
      expect(tuesday.window.trendingDays).toEqual(['2026-11-16']);
      // Monday's list trends today, but its diffusion paper went out yesterday under the topic; and the topic
      // look-back still covers Friday to Sunday, whose papers went out yesterday too.
      expect(tuesday.trending.map((i) => i.id)).toEqual(['2611.02006']);
      expect(tuesday.topics.map((t) => t.items.map((i) => i.id))).toEqual([[]]);

      // Wednesday: Tuesday's list is empty, and the look-back window still holds everything already sent.
      await h.tick('2026-11-18T09:00:00Z');
      const wednesday = h.messenger.sent[3]!.digest;
      expect(idsIn(wednesday)).toEqual([]);
      expect(wednesday.empty).toBe(true);

      const all = h.messenger.sent.flatMap((s) => idsIn(s.digest));
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual(['2611.02001', '2611.02002', '2611.02003', '2611.02004', '2611.02005', '2611.02006', '2611.02007']);
      expect((await ledger(h.store, target)).map((d) => d.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    });

    it('shows a paper that arrives late under its topic the next day, once', async () => {
      const target = await addTarget(h.store, 'general', '2026-11-15T12:00:00Z', { size: 0 });
      await subscribe(h.store, {
        address: { platform: PLATFORM, workspace: 'team-1', kind: 'channel', address: 'general' },
        topic: 'tokenizer',
        by: null,
        now: new Date('2026-11-15T12:00:00Z'),
      });
      await h.tick('2026-11-16T09:00:00Z');
      expect(h.messenger.sent[0]?.digest.empty).toBe(true);

      // Ingested on Monday afternoon, listed for Saturday: Monday's window is closed, Tuesday's look-back has it.
      await addPapers(h.store, [dailyPaper('2611.03001', '2026-11-14', 'A Better Tokenizer for Code')]);
      await h.tick('2026-11-17T09:00:00Z');
      await h.tick('2026-11-18T09:00:00Z');
      expect(h.messenger.sent.map((s) => idsIn(s.digest))).toEqual([[], ['2611.03001'], []]);
      const docIds = await h.store.db.selectFrom('papers').select('doc_id').where('id', '=', '2611.03001').execute();
      const delivered = await deliveredAmong(
        h.store,
        target.id,
        docIds.map((r) => r.doc_id),
      );
      expect(delivered.size).toBe(1);
    });
  });

  describe('empty days', () => {
    it("'silent' sends nothing and records the day as empty", async () => {
      const target = await addTarget(h.store, 'quiet', '2026-11-13T15:00:00Z', { emptyDay: 'silent' });
      const report = await h.tick('2026-11-16T09:00:00Z');
      expect(report).toEqual({ sent: 0, silent: 1, skipped: 0, retrying: 0, failed: 0 });
      expect(h.messenger.calls).toEqual([]);
      expect((await ledger(h.store, target)).map((d) => [d.digestDate, d.status])).toEqual([['2026-11-16', 'empty']]);
      expect((await reload(h.store, target)).nextRunAt.toISOString()).toBe('2026-11-17T09:00:00.000Z');
      expect(totals(await h.tickEvery('2026-11-16T09:01:00Z', '2026-11-16T23:01:00Z', HOUR))).toEqual({
        sent: 0,
        silent: 0,
        skipped: 0,
        retrying: 0,
        failed: 0,
      });

      // A day with papers is sent as usual, its window starting at the silent day's run.
      await addPapers(h.store, [dailyPaper('2611.04001', '2026-11-16', 'Monday Paper')]);
      await h.tick('2026-11-17T09:00:00Z');
      expect(h.messenger.sent.map((s) => [s.digest.date, s.digest.window.start, idsIn(s.digest)])).toEqual([
        ['2026-11-17', '2026-11-16T09:00:00.000Z', ['2611.04001']],
      ]);
    });

    it("'note' sends the empty digest", async () => {
      const target = await addTarget(h.store, 'chatty', '2026-11-13T15:00:00Z', { emptyDay: 'note' });
      const report = await h.tick('2026-11-16T09:00:00Z');
      expect(report).toMatchObject({ sent: 1, silent: 0 });
      expect(h.messenger.sent).toHaveLength(1);
      expect(h.messenger.sent[0]?.digest).toMatchObject({ date: '2026-11-16', empty: true, trending: [] });
      expect((await ledger(h.store, target)).map((d) => d.status)).toEqual(['sent']);
    });
  });

  describe('several targets', () => {
    it('works through every due target in one tick, batch after batch', async () => {
      const targets = [];
      for (const name of ['one', 'two', 'three', 'four', 'five']) targets.push(await addTarget(h.store, name, '2026-11-13T15:00:00Z'));
      const report = await h.tick('2026-11-16T09:00:00Z', { ...h.options, batchSize: 2 });
      expect(report.sent).toBe(5);
      expect(h.messenger.sent.map((s) => s.targetId).sort((x, y) => x - y)).toEqual(targets.map((t) => t.id));
      expect((await h.tick('2026-11-16T09:01:00Z', { ...h.options, batchSize: 2 })).sent).toBe(0);
    });

    it('sends each due target its own digest in one tick, with the same topics', async () => {
      const a = await addTarget(h.store, 'alpha', '2026-11-13T15:00:00Z', { size: 0 });
      const b = await addTarget(h.store, 'beta', '2026-11-13T15:00:00Z', { size: 0 });
      for (const address of ['alpha', 'beta']) {
        for (const topic of ['diffusion', 'robot']) {
          const result = await subscribe(h.store, {
            address: { platform: PLATFORM, workspace: 'team-1', kind: 'channel', address },
            topic,
            by: null,
            now: new Date('2026-11-13T15:00:00Z'),
          });
          expect(result.outcome).toBe('added');
        }
      }
      await addPapers(h.store, [
        dailyPaper('2611.05001', '2026-11-14', 'Diffusion Models for Images'),
        dailyPaper('2611.05002', '2026-11-15', 'Robot Grasping with Tactile Sensing'),
        dailyPaper('2611.05003', '2026-11-15', 'Unrelated Survey of Compilers'),
      ]);

      const report = await h.tick('2026-11-16T09:00:00Z');
      expect(report.sent).toBe(2);
      expect(h.messenger.sent.map((s) => s.targetId).sort()).toEqual([a.id, b.id].sort());
      for (const target of [a, b]) {
        const [sent] = h.messenger.sentTo(target.id);
        expect(sent?.digest.topics.map((t) => [t.topic, t.items.map((i) => i.id)])).toEqual([
          ['diffusion', ['2611.05001']],
          ['robot', ['2611.05002']],
        ]);
        expect((await ledger(h.store, target)).map((d) => [d.id, d.status])).toEqual([[sent?.deliveryId, 'sent']]);
      }
      expect(new Set(h.messenger.sent.map((s) => s.deliveryId)).size).toBe(2);

      // Next day: neither gets them again; both get the new match.
      await addPapers(h.store, [dailyPaper('2611.05004', '2026-11-16', 'Diffusion Transformers')]);
      expect((await h.tick('2026-11-17T09:00:00Z')).sent).toBe(2);
      for (const target of [a, b]) {
        expect(h.messenger.sentTo(target.id).map((s) => idsIn(s.digest))).toEqual([['2611.05001', '2611.05002'], ['2611.05004']]);
      }
    });
  });

  describe('an old paper that Daily Papers lists again', () => {
    it('is sent once, though its id is years older than the window', async () => {
      const target = await addTarget(h.store, 'general', '2026-11-13T15:00:00Z', { weekdays: [1, 2, 3, 4, 5, 6, 7] });
      // A 2023 paper trending on Sunday 15 November 2026, then listed again on Tuesday 17.
      await addPapers(h.store, [
        dailyPaper('2301.00042', '2026-11-15', 'Attention Revisited', 50, { publishedAt: '2023-01-02T00:00:00.000Z' }),
      ]);
      expect((await h.tick('2026-11-16T09:00:00Z')).sent).toBe(1);
      expect(idsIn(h.messenger.sent[0]!.digest)).toEqual(['2301.00042']);
      await addPapers(h.store, [
        dailyPaper('2301.00042', '2026-11-17', 'Attention Revisited', 80, { publishedAt: '2023-01-02T00:00:00.000Z' }),
      ]);
      expect((await h.tick('2026-11-17T09:00:00Z')).sent).toBe(1);
      expect((await h.tick('2026-11-18T09:00:00Z')).sent).toBe(1);
      expect(h.messenger.sent.slice(1).map((s) => idsIn(s.digest))).toEqual([[], []]);
      expect((await reload(h.store, target)).settings.paused).toBe(false);
    });
  });
});
