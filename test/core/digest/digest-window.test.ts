import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/core/days.js';
import { digestWindow, TOPIC_LOOKBACK_DAYS, trendingDaysBetween, type DigestWindow } from '../../../src/core/digest/digest-window.js';
import { nextRunAfter, type DigestSchedule } from '../../../src/core/schedule/next-run.js';
import { at, schedule, WEEKDAYS } from '../schedule/schedule-fixtures.js';

const dayEnd = (day: string) => new Date(`${addDays(day, 1)}T00:00:00Z`);

/** The digests a target gets from `from` on: each window starts where the previous one ended; the first has none. */
function consecutiveWindows(s: DigestSchedule, from: string, count: number): DigestWindow[] {
  const windows: DigestWindow[] = [];
  let previous: Date | null = null;
  let run = nextRunAfter(s, at(from));
  for (let i = 0; i < count; i += 1) {
    windows.push(digestWindow(s, run, previous));
    previous = run;
    run = nextRunAfter(s, run);
  }
  return windows;
}

describe('digestWindow, 09:00 UTC on weekdays', () => {
  const nine = schedule('09:00', 'UTC', WEEKDAYS);

  it('Tuesday’s digest covers Monday’s Daily Papers day only', () => {
    // 2026-01-13 is a Tuesday.
    const window = digestWindow(nine, at('2026-01-13T09:00:00Z'), at('2026-01-12T09:00:00Z'));
    expect(window).toEqual({
      start: at('2026-01-12T09:00:00Z'),
      end: at('2026-01-13T09:00:00Z'),
      trendingDays: ['2026-01-12'],
      topicsFrom: '2026-01-09',
    });
  });

  it('Monday’s digest rolls up Friday, Saturday and Sunday', () => {
    const window = digestWindow(nine, at('2026-01-12T09:00:00Z'), at('2026-01-09T09:00:00Z'));
    expect(window.start).toEqual(at('2026-01-09T09:00:00Z'));
    expect(window.trendingDays).toEqual(['2026-01-09', '2026-01-10', '2026-01-11']);
    expect(window.topicsFrom).toBe(addDays('2026-01-09', -TOPIC_LOOKBACK_DAYS));
    expect(window.topicsFrom).toBe('2026-01-06');
  });

  it('a first digest (no window start) goes one schedule period back', () => {
    expect(digestWindow(nine, at('2026-01-13T09:00:00Z'), null)).toEqual(
      digestWindow(nine, at('2026-01-13T09:00:00Z'), at('2026-01-12T09:00:00Z')),
    );
    // A first digest on a Monday goes back to Friday: it gets the weekend roll-up, no more.
    const monday = digestWindow(nine, at('2026-01-12T09:00:00Z'), null);
    expect(monday.start).toEqual(at('2026-01-09T09:00:00Z'));
    expect(monday.trendingDays).toEqual(['2026-01-09', '2026-01-10', '2026-01-11']);
  });

  it('a target new or resumed on a Wednesday gets Tuesday’s day, not a backlog', () => {
    // 2026-01-14 is a Wednesday; resuming clears the window start.
    const window = digestWindow(nine, at('2026-01-14T09:00:00Z'), null);
    expect(window.start).toEqual(at('2026-01-13T09:00:00Z'));
    expect(window.end).toEqual(at('2026-01-14T09:00:00Z'));
    expect(window.trendingDays).toEqual(['2026-01-13']);
    expect(window.topicsFrom).toBe('2026-01-10');
  });

  it('a window start at or after the digest is ignored: the window goes one period back', () => {
    const expected = digestWindow(nine, at('2026-01-14T09:00:00Z'), null);
    expect(digestWindow(nine, at('2026-01-14T09:00:00Z'), at('2026-01-14T09:00:00Z'))).toEqual(expected);
    expect(digestWindow(nine, at('2026-01-14T09:00:00Z'), at('2026-01-15T09:00:00Z'))).toEqual(expected);
  });

  it('an older window start (digests missed) covers every day since', () => {
    const window = digestWindow(nine, at('2026-01-15T09:00:00Z'), at('2026-01-12T09:00:00Z'));
    expect(window.trendingDays).toEqual(['2026-01-12', '2026-01-13', '2026-01-14']);
    expect(window.topicsFrom).toBe('2026-01-09');
  });
});

describe('trendingDaysBetween', () => {
  it('lists the UTC days that ended inside the window, oldest first', () => {
    expect(trendingDaysBetween(at('2026-01-09T09:00:00Z'), at('2026-01-12T09:00:00Z'))).toEqual(['2026-01-09', '2026-01-10', '2026-01-11']);
    // Across a month and a year boundary.
    expect(trendingDaysBetween(at('2026-12-30T23:00:00Z'), at('2027-01-01T01:00:00Z'))).toEqual(['2026-12-30', '2026-12-31']);
  });

  it('is empty when no UTC midnight falls inside the window', () => {
    expect(trendingDaysBetween(at('2026-01-12T01:00:00Z'), at('2026-01-12T23:00:00Z'))).toEqual([]);
    expect(trendingDaysBetween(at('2026-01-12T09:00:00Z'), at('2026-01-12T09:00:00Z'))).toEqual([]);
  });

  it('a day ending exactly at a digest belongs to that digest, not the next (00:00 UTC schedule)', () => {
    expect(trendingDaysBetween(at('2026-01-12T00:00:00Z'), at('2026-01-13T00:00:00Z'))).toEqual(['2026-01-12']);
    expect(trendingDaysBetween(at('2026-01-13T00:00:00Z'), at('2026-01-14T00:00:00Z'))).toEqual(['2026-01-13']);
  });
});

describe('every UTC day lands in exactly one digest', () => {
  const cases: [string, DigestSchedule, string][] = [
    ['09:00 UTC weekdays', schedule('09:00', 'UTC', WEEKDAYS), '2026-01-01T00:00:00Z'],
    ['00:00 UTC daily', schedule('00:00', 'UTC'), '2026-01-01T00:00:00Z'],
    ['New York 08:00 weekdays, spring', schedule('08:00', 'America/New_York', WEEKDAYS), '2026-02-20T00:00:00Z'],
    ['New York 08:00 weekdays, autumn', schedule('08:00', 'America/New_York', WEEKDAYS), '2026-10-12T00:00:00Z'],
    ['New York 19:30 daily, spring', schedule('19:30', 'America/New_York'), '2026-02-25T00:00:00Z'],
    ['New York 19:30 daily, autumn', schedule('19:30', 'America/New_York'), '2026-10-18T00:00:00Z'],
    ['New York 02:30 daily, spring', schedule('02:30', 'America/New_York'), '2026-02-25T00:00:00Z'],
    ['Berlin 09:00 weekdays, spring', schedule('09:00', 'Europe/Berlin', WEEKDAYS), '2026-03-09T00:00:00Z'],
    ['Berlin 09:00 weekdays, autumn', schedule('09:00', 'Europe/Berlin', WEEKDAYS), '2026-10-05T00:00:00Z'],
    ['Berlin 01:30 daily, spring', schedule('01:30', 'Europe/Berlin'), '2026-03-15T00:00:00Z'],
    ['Berlin 01:30 daily, autumn', schedule('01:30', 'Europe/Berlin'), '2026-10-11T00:00:00Z'],
    ['Berlin 02:30 Mon/Thu, autumn', schedule('02:30', 'Europe/Berlin', [1, 4]), '2026-10-01T00:00:00Z'],
  ];

  it.each(cases)('%s: consecutive digests over four weeks cover each day once, without gaps', (_name, s, from) => {
    const windows = consecutiveWindows(s, from, 28);
    const days = windows.flatMap((w) => w.trendingDays);
    const first = days[0];
    expect(first).toBeDefined();
    // Consecutive calendar days from the first, none repeated, none missing.
    expect(days).toEqual(days.map((_, i) => addDays(first ?? '', i)));
    // From the first window's start to the last window's end: nothing before, nothing after.
    expect(first).toBe(windows[0]?.start.toISOString().slice(0, 10));
    expect(days.at(-1)).toBe(addDays(windows.at(-1)?.end.toISOString().slice(0, 10) ?? '', -1));
    for (const [i, w] of windows.entries()) {
      if (i > 0) expect(w.start).toEqual(windows[i - 1]?.end);
      expect(w.topicsFrom).toBe(addDays(w.start.toISOString().slice(0, 10), -TOPIC_LOOKBACK_DAYS));
      // Each listed day ended inside the window (and the window is the schedule's period).
      for (const day of w.trendingDays) {
        expect(dayEnd(day).getTime()).toBeGreaterThan(w.start.getTime());
        expect(dayEnd(day).getTime()).toBeLessThanOrEqual(w.end.getTime());
      }
    }
  });

  it('New York 08:00 weekdays: the Monday after the spring change covers Fri–Sun, in a window an hour short', () => {
    const ny = schedule('08:00', 'America/New_York', WEEKDAYS);
    // Monday 9 March 08:00 EDT = 12:00Z; the previous run, Friday 6 March 08:00 EST = 13:00Z.
    const window = digestWindow(ny, at('2026-03-09T12:00:00Z'), null);
    expect(window.start).toEqual(at('2026-03-06T13:00:00Z'));
    expect(window.end.getTime() - window.start.getTime()).toBe((3 * 24 - 1) * 3_600_000);
    expect(window.trendingDays).toEqual(['2026-03-06', '2026-03-07', '2026-03-08']);
    expect(window.topicsFrom).toBe('2026-03-03');
  });

  it('New York 08:00 weekdays: the Monday after the autumn change covers Fri–Sun, in a window an hour long', () => {
    const ny = schedule('08:00', 'America/New_York', WEEKDAYS);
    // Monday 2 November 08:00 EST = 13:00Z; Friday 30 October 08:00 EDT = 12:00Z.
    const window = digestWindow(ny, at('2026-11-02T13:00:00Z'), null);
    expect(window.start).toEqual(at('2026-10-30T12:00:00Z'));
    expect(window.end.getTime() - window.start.getTime()).toBe((3 * 24 + 1) * 3_600_000);
    expect(window.trendingDays).toEqual(['2026-10-30', '2026-10-31', '2026-11-01']);
  });

  it('Berlin 09:00 daily across both changes: one day per digest', () => {
    const berlin = schedule('09:00', 'Europe/Berlin');
    // Sunday 29 March 09:00 CEST = 07:00Z, after Saturday 09:00 CET = 08:00Z.
    expect(digestWindow(berlin, at('2026-03-29T07:00:00Z'), null)).toEqual({
      start: at('2026-03-28T08:00:00Z'),
      end: at('2026-03-29T07:00:00Z'),
      trendingDays: ['2026-03-28'],
      topicsFrom: '2026-03-25',
    });
    // Sunday 25 October 09:00 CET = 08:00Z, after Saturday 09:00 CEST = 07:00Z.
    expect(digestWindow(berlin, at('2026-10-25T08:00:00Z'), null)).toEqual({
      start: at('2026-10-24T07:00:00Z'),
      end: at('2026-10-25T08:00:00Z'),
      trendingDays: ['2026-10-24'],
      topicsFrom: '2026-10-21',
    });
  });

  it('Berlin 01:30 daily: the 23-hour window after the spring change holds no UTC midnight, the autumn 25-hour one holds two', () => {
    const berlin = schedule('01:30', 'Europe/Berlin');
    // Sun 29 March 01:30 CET = 00:30Z; Mon 30 March 01:30 CEST = 29 March 23:30Z; Tue 31 March 01:30 CEST = 30 March 23:30Z.
    expect(digestWindow(berlin, at('2026-03-29T23:30:00Z'), at('2026-03-29T00:30:00Z')).trendingDays).toEqual([]);
    expect(digestWindow(berlin, at('2026-03-30T23:30:00Z'), at('2026-03-29T23:30:00Z')).trendingDays).toEqual(['2026-03-29']);
    // Sun 25 October 01:30 CEST = 24 October 23:30Z; Mon 26 October 01:30 CET = 00:30Z.
    expect(digestWindow(berlin, at('2026-10-26T00:30:00Z'), null)).toMatchObject({
      start: at('2026-10-24T23:30:00Z'),
      trendingDays: ['2026-10-24', '2026-10-25'],
    });
  });
});
