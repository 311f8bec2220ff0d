import { describe, expect, it } from 'vitest';
import { localDay, nextRunAfter, previousRunBefore, type DigestSchedule } from '../../../src/core/schedule/next-run.js';
import { localDateTime } from '../../../src/core/schedule/zoned-time.js';
import { at, schedule, WEEKDAYS } from './schedule-fixtures.js';

describe('previousRunBefore', () => {
  it('is strictly before: at the run time itself the previous day’s run is returned', () => {
    const nine = schedule('09:00', 'UTC');
    expect(previousRunBefore(nine, at('2026-01-06T09:00:00Z'))).toEqual(at('2026-01-05T09:00:00Z'));
    expect(previousRunBefore(nine, at('2026-01-06T09:00:00.001Z'))).toEqual(at('2026-01-06T09:00:00Z'));
    expect(previousRunBefore(nine, at('2026-01-06T08:59:59Z'))).toEqual(at('2026-01-05T09:00:00Z'));
  });

  describe('weekday-only schedules', () => {
    const nine = schedule('09:00', 'UTC', WEEKDAYS);
    it('Monday’s previous run is Friday’s', () => {
      // 2026-01-12 is a Monday.
      expect(previousRunBefore(nine, at('2026-01-12T09:00:00Z'))).toEqual(at('2026-01-09T09:00:00Z'));
      expect(previousRunBefore(nine, at('2026-01-12T08:00:00Z'))).toEqual(at('2026-01-09T09:00:00Z'));
    });
    it('over the weekend the previous run is Friday’s, and on Tuesday it is Monday’s', () => {
      expect(previousRunBefore(nine, at('2026-01-10T12:00:00Z'))).toEqual(at('2026-01-09T09:00:00Z'));
      expect(previousRunBefore(nine, at('2026-01-11T23:59:00Z'))).toEqual(at('2026-01-09T09:00:00Z'));
      expect(previousRunBefore(nine, at('2026-01-13T09:00:00Z'))).toEqual(at('2026-01-12T09:00:00Z'));
    });
    it('a schedule with one weekday goes back a full week', () => {
      const wednesdays = schedule('09:00', 'UTC', [3]);
      // 2026-01-14 is a Wednesday.
      expect(previousRunBefore(wednesdays, at('2026-01-14T09:00:00Z'))).toEqual(at('2026-01-07T09:00:00Z'));
      expect(previousRunBefore(wednesdays, at('2026-01-14T08:59:00Z'))).toEqual(at('2026-01-07T09:00:00Z'));
      expect(previousRunBefore(wednesdays, at('2026-01-13T09:00:00Z'))).toEqual(at('2026-01-07T09:00:00Z'));
    });
  });

  it('follows the zone’s local date, not UTC’s', () => {
    // 2026-01-12T03:00Z is still Sunday 22:00 in New York: the previous weekday 08:00 run is Friday's (13:00Z).
    const ny = schedule('08:00', 'America/New_York', WEEKDAYS);
    expect(previousRunBefore(ny, at('2026-01-12T03:00:00Z'))).toEqual(at('2026-01-09T13:00:00Z'));
    // 2026-01-09T23:00Z is already Saturday 08:00 in Tokyo: Saturday's 07:00 run has passed.
    const tokyo = schedule('07:00', 'Asia/Tokyo', [6]);
    expect(previousRunBefore(tokyo, at('2026-01-09T23:00:00Z'))).toEqual(at('2026-01-09T22:00:00Z'));
    expect(previousRunBefore(tokyo, at('2026-01-09T21:59:00Z'))).toEqual(at('2026-01-02T22:00:00Z'));
  });

  describe('America/New_York across daylight saving', () => {
    it('keeps 09:00 local over the spring change (8 March 2026): Monday’s previous run is Friday 09:00 EST', () => {
      const ny = schedule('09:00', 'America/New_York', WEEKDAYS);
      // Monday 9 March 09:00 EDT = 13:00Z; Friday 6 March 09:00 EST = 14:00Z.
      expect(previousRunBefore(ny, at('2026-03-09T13:00:00Z'))).toEqual(at('2026-03-06T14:00:00Z'));
      expect(previousRunBefore(ny, at('2026-03-10T13:00:00Z'))).toEqual(at('2026-03-09T13:00:00Z'));
    });

    it('keeps 09:00 local over the autumn change (1 November 2026): Monday’s previous run is Friday 09:00 EDT', () => {
      const ny = schedule('09:00', 'America/New_York', WEEKDAYS);
      // Monday 2 November 09:00 EST = 14:00Z; Friday 30 October 09:00 EDT = 13:00Z.
      expect(previousRunBefore(ny, at('2026-11-02T14:00:00Z'))).toEqual(at('2026-10-30T13:00:00Z'));
      expect(previousRunBefore(ny, at('2026-11-03T14:00:00Z'))).toEqual(at('2026-11-02T14:00:00Z'));
    });

    it('02:30 on the spring-forward day (skipped) is read as 03:30 EDT, for both neighbours', () => {
      const early = schedule('02:30', 'America/New_York');
      const skippedDayRun = at('2026-03-08T07:30:00Z');
      expect(localDateTime(skippedDayRun, 'America/New_York')).toMatchObject({ day: 8, hour: 3, minute: 30 });
      // From the run after it (Monday 02:30 EDT = 06:30Z), the previous run is that 03:30 EDT.
      expect(previousRunBefore(early, at('2026-03-09T06:30:00Z'))).toEqual(skippedDayRun);
      // From the skipped-day run itself, the previous one is Saturday 02:30 EST (07:30Z).
      expect(previousRunBefore(early, skippedDayRun)).toEqual(at('2026-03-07T07:30:00Z'));
      // 03:00 EDT (07:00Z): the day's run (07:30Z) has not happened yet.
      expect(previousRunBefore(early, at('2026-03-08T07:00:00Z'))).toEqual(at('2026-03-07T07:30:00Z'));
    });

    it('01:30 on the fall-back day (repeated) is its first occurrence, also seen from the second', () => {
      const late = schedule('01:30', 'America/New_York');
      const first = at('2026-11-01T05:30:00Z'); // 01:30 EDT
      expect(previousRunBefore(late, at('2026-11-01T06:30:00Z'))).toEqual(first); // the second 01:30 (EST)
      expect(previousRunBefore(late, at('2026-11-01T06:00:00Z'))).toEqual(first); // 01:00 EST
      expect(previousRunBefore(late, first)).toEqual(at('2026-10-31T05:30:00Z'));
      expect(previousRunBefore(late, at('2026-11-02T06:30:00Z'))).toEqual(first);
    });
  });

  describe('Europe/Berlin across daylight saving', () => {
    const berlin = schedule('09:00', 'Europe/Berlin');
    it('keeps 09:00 local when summer time starts (29 March 2026)', () => {
      expect(previousRunBefore(berlin, at('2026-03-29T07:00:00Z'))).toEqual(at('2026-03-28T08:00:00Z'));
      expect(previousRunBefore(berlin, at('2026-03-30T07:00:00Z'))).toEqual(at('2026-03-29T07:00:00Z'));
    });
    it('keeps 09:00 local when summer time ends (25 October 2026)', () => {
      expect(previousRunBefore(berlin, at('2026-10-25T08:00:00Z'))).toEqual(at('2026-10-24T07:00:00Z'));
      expect(previousRunBefore(berlin, at('2026-10-26T08:00:00Z'))).toEqual(at('2026-10-25T08:00:00Z'));
    });
    it('02:30 is skipped on 29 March (runs 03:30 CEST) and repeated on 25 October (first one taken)', () => {
      const early = schedule('02:30', 'Europe/Berlin');
      expect(previousRunBefore(early, at('2026-03-30T00:30:00Z'))).toEqual(at('2026-03-29T01:30:00Z'));
      expect(previousRunBefore(early, at('2026-03-29T01:30:00Z'))).toEqual(at('2026-03-28T01:30:00Z'));
      expect(previousRunBefore(early, at('2026-10-25T01:45:00Z'))).toEqual(at('2026-10-25T00:30:00Z'));
      expect(previousRunBefore(early, at('2026-10-26T01:30:00Z'))).toEqual(at('2026-10-25T00:30:00Z'));
    });
  });

  describe('is the inverse of nextRunAfter over months spanning both changes', () => {
    const cases: [string, DigestSchedule, string][] = [
      ['New York 02:30 daily, spring', schedule('02:30', 'America/New_York'), '2026-02-20T00:00:00Z'],
      ['New York 01:30 daily, autumn', schedule('01:30', 'America/New_York'), '2026-10-15T00:00:00Z'],
      ['New York 09:00 weekdays, spring', schedule('09:00', 'America/New_York', WEEKDAYS), '2026-02-20T00:00:00Z'],
      ['New York 19:30 weekdays, autumn', schedule('19:30', 'America/New_York', WEEKDAYS), '2026-10-15T00:00:00Z'],
      ['Berlin 02:30 daily, spring', schedule('02:30', 'Europe/Berlin'), '2026-03-10T00:00:00Z'],
      ['Berlin 02:30 daily, autumn', schedule('02:30', 'Europe/Berlin'), '2026-10-05T00:00:00Z'],
      ['Berlin 00:15 Mon/Wed/Fri, spring', schedule('00:15', 'Europe/Berlin', [1, 3, 5]), '2026-03-10T00:00:00Z'],
    ];
    it.each(cases)('%s', (_name, s, from) => {
      let run = nextRunAfter(s, at(from));
      for (let i = 0; i < 45; i += 1) {
        const next = nextRunAfter(s, run);
        expect(next.getTime()).toBeGreaterThan(run.getTime());
        // From the next run, and from any moment between the two, the previous run is `run`.
        expect(previousRunBefore(s, next)).toEqual(run);
        expect(previousRunBefore(s, new Date(run.getTime() + 1))).toEqual(run);
        expect(previousRunBefore(s, new Date((run.getTime() + next.getTime()) / 2))).toEqual(run);
        // Each run falls on one of the schedule's weekdays, at its local time (or the hour after, in a gap).
        const local = localDateTime(run, s.timeZone);
        expect(s.weekdays).toContain(new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() || 7);
        run = next;
      }
    });
  });

  it('refuses a schedule with no days', () => {
    expect(() => previousRunBefore({ minuteOfDay: 540, timeZone: 'UTC', weekdays: [] }, at('2026-01-05T00:00:00Z'))).toThrow(
      /at least one weekday/,
    );
  });
});

describe('localDay', () => {
  it('is the zone’s calendar date, zero-padded', () => {
    expect(localDay(at('2026-01-05T12:00:00Z'), 'UTC')).toBe('2026-01-05');
    // 04:30Z on 12 January is 23:30 on the 11th in New York and 13:30 on the 12th in Tokyo.
    expect(localDay(at('2026-01-12T04:30:00Z'), 'America/New_York')).toBe('2026-01-11');
    expect(localDay(at('2026-01-12T04:30:00Z'), 'Asia/Tokyo')).toBe('2026-01-12');
    // 10:30Z on 31 December is already 1 January in Kiritimati (UTC+14).
    expect(localDay(at('2026-12-31T10:30:00Z'), 'Pacific/Kiritimati')).toBe('2027-01-01');
    expect(localDay(at('2026-12-31T09:59:00Z'), 'Pacific/Kiritimati')).toBe('2026-12-31');
  });

  it('turns over at local midnight on both sides of New York’s changes', () => {
    const zone = 'America/New_York';
    expect(localDay(at('2026-03-08T04:59:00Z'), zone)).toBe('2026-03-07'); // 23:59 EST
    expect(localDay(at('2026-03-08T05:00:00Z'), zone)).toBe('2026-03-08'); // 00:00 EST
    expect(localDay(at('2026-03-09T03:59:00Z'), zone)).toBe('2026-03-08'); // 23:59 EDT
    expect(localDay(at('2026-03-09T04:00:00Z'), zone)).toBe('2026-03-09'); // 00:00 EDT
    expect(localDay(at('2026-11-01T03:59:00Z'), zone)).toBe('2026-10-31'); // 23:59 EDT
    expect(localDay(at('2026-11-01T04:00:00Z'), zone)).toBe('2026-11-01'); // 00:00 EDT
    expect(localDay(at('2026-11-02T04:59:00Z'), zone)).toBe('2026-11-01'); // 23:59 EST
    expect(localDay(at('2026-11-02T05:00:00Z'), zone)).toBe('2026-11-02'); // 00:00 EST
  });

  it('turns over at local midnight on both sides of Berlin’s changes', () => {
    const zone = 'Europe/Berlin';
    expect(localDay(at('2026-03-28T22:59:00Z'), zone)).toBe('2026-03-28'); // 23:59 CET
    expect(localDay(at('2026-03-28T23:00:00Z'), zone)).toBe('2026-03-29'); // 00:00 CET
    expect(localDay(at('2026-03-29T21:59:00Z'), zone)).toBe('2026-03-29'); // 23:59 CEST
    expect(localDay(at('2026-03-29T22:00:00Z'), zone)).toBe('2026-03-30'); // 00:00 CEST
    expect(localDay(at('2026-10-24T21:59:00Z'), zone)).toBe('2026-10-24'); // 23:59 CEST
    expect(localDay(at('2026-10-24T22:00:00Z'), zone)).toBe('2026-10-25'); // 00:00 CEST
    expect(localDay(at('2026-10-25T22:59:00Z'), zone)).toBe('2026-10-25'); // 23:59 CET
    expect(localDay(at('2026-10-25T23:00:00Z'), zone)).toBe('2026-10-26'); // 00:00 CET
  });
});
