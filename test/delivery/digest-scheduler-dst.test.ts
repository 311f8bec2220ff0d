// Digests follow the target's wall clock through daylight-saving changes: same local time, a different UTC hour,
// and exactly one digest on the day of the change, including for a time the change skips or repeats.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addTarget, createHarness, HOUR, ledger, MINUTE, type Harness } from './scheduler-harness.js';
import { DIALECTS, type Dialect } from '../helpers/temp-store.js';

const DAILY = [1, 2, 3, 4, 5, 6, 7];

describe.each(DIALECTS)('on %s', (dialect: Dialect) => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness(undefined, dialect);
  });

  afterEach(async () => {
    await h.temp.cleanup();
  });

  /** [UTC instant of the send, the digest's local date], in order. */
  function sends(): [string, string][] {
    return h.messenger.sent.map((s) => [s.at, s.digest.date]);
  }

  describe('daylight saving time', () => {
    it('09:00 in New York is 13:00 UTC before 1 November 2026 and 14:00 UTC after', async () => {
      await addTarget(h.store, 'ny', '2026-10-27T18:00:00Z', { timeZone: 'America/New_York', minuteOfDay: 9 * 60, weekdays: DAILY });
      await h.tickEvery('2026-10-28T00:00:00Z', '2026-11-04T00:00:00Z', HOUR);
      expect(sends()).toEqual([
        ['2026-10-28T13:00:00.000Z', '2026-10-28'],
        ['2026-10-29T13:00:00.000Z', '2026-10-29'],
        ['2026-10-30T13:00:00.000Z', '2026-10-30'],
        ['2026-10-31T13:00:00.000Z', '2026-10-31'],
        // Clocks go back at 02:00 on Sunday 1 November.
        ['2026-11-01T14:00:00.000Z', '2026-11-01'],
        ['2026-11-02T14:00:00.000Z', '2026-11-02'],
        ['2026-11-03T14:00:00.000Z', '2026-11-03'],
      ]);
    });

    it('09:00 in Berlin is 07:00 UTC before 25 October 2026 and 08:00 UTC after', async () => {
      await addTarget(h.store, 'berlin', '2026-10-20T12:00:00Z', { timeZone: 'Europe/Berlin', minuteOfDay: 9 * 60, weekdays: DAILY });
      await h.tickEvery('2026-10-22T00:00:00Z', '2026-10-28T00:00:00Z', HOUR);
      expect(sends()).toEqual([
        ['2026-10-22T07:00:00.000Z', '2026-10-22'],
        ['2026-10-23T07:00:00.000Z', '2026-10-23'],
        ['2026-10-24T07:00:00.000Z', '2026-10-24'],
        // Clocks go back at 03:00 on Sunday 25 October.
        ['2026-10-25T08:00:00.000Z', '2026-10-25'],
        ['2026-10-26T08:00:00.000Z', '2026-10-26'],
        ['2026-10-27T08:00:00.000Z', '2026-10-27'],
      ]);
    });

    it('a 09:00 weekday schedule in New York keeps its local time across the change', async () => {
      await addTarget(h.store, 'ny-weekdays', '2026-10-27T18:00:00Z', { timeZone: 'America/New_York' });
      await h.tickEvery('2026-10-28T00:00:00Z', '2026-11-04T00:00:00Z', HOUR);
      expect(sends().map(([at]) => at)).toEqual([
        '2026-10-28T13:00:00.000Z',
        '2026-10-29T13:00:00.000Z',
        '2026-10-30T13:00:00.000Z',
        '2026-11-02T14:00:00.000Z',
        '2026-11-03T14:00:00.000Z',
      ]);
    });

    it('02:30 in New York, a time 8 March 2026 skips, sends once that day (at 03:30 local)', async () => {
      const target = await addTarget(h.store, 'ny-early', '2026-03-06T12:00:00Z', {
        timeZone: 'America/New_York',
        minuteOfDay: 2 * 60 + 30,
        weekdays: DAILY,
      });
      const ticks = await h.tickEvery('2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z', 15 * MINUTE);
      expect(ticks.every((t) => t.report.sent <= 1)).toBe(true);
      expect(sends()).toEqual([
        ['2026-03-07T07:30:00.000Z', '2026-03-07'],
        ['2026-03-08T07:30:00.000Z', '2026-03-08'],
        ['2026-03-09T06:30:00.000Z', '2026-03-09'],
      ]);
      expect((await ledger(h.store, target)).map((d) => [d.digestDate, d.status])).toEqual([
        ['2026-03-07', 'sent'],
        ['2026-03-08', 'sent'],
        ['2026-03-09', 'sent'],
      ]);
    });

    it('01:30 in New York, a time 1 November 2026 repeats, sends once that day (the first 01:30)', async () => {
      await addTarget(h.store, 'ny-night', '2026-10-30T12:00:00Z', { timeZone: 'America/New_York', minuteOfDay: 90, weekdays: DAILY });
      await h.tickEvery('2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z', 15 * MINUTE);
      expect(sends()).toEqual([
        ['2026-10-31T05:30:00.000Z', '2026-10-31'],
        ['2026-11-01T05:30:00.000Z', '2026-11-01'],
        ['2026-11-02T06:30:00.000Z', '2026-11-02'],
      ]);
    });
  });
});
