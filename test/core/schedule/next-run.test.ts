import { describe, expect, it } from 'vitest';
import { localDay, nextRunAfter, previousRunBefore } from '../../../src/core/schedule/next-run.js';
import { localDateTime, zonedTimeToInstant } from '../../../src/core/schedule/zoned-time.js';
import { at, schedule, WEEKDAYS } from './schedule-fixtures.js';

describe('nextRunAfter', () => {
  it('runs later today when today’s time has not come yet, else on the next matching day', () => {
    const nine = schedule('09:00', 'UTC', WEEKDAYS);
    expect(nextRunAfter(nine, at('2026-01-05T08:59:00Z'))).toEqual(at('2026-01-05T09:00:00Z'));
    // Exactly at the run time counts as past: the next run is strictly later.
    expect(nextRunAfter(nine, at('2026-01-05T09:00:00Z'))).toEqual(at('2026-01-06T09:00:00Z'));
  });

  it('skips the weekend: after Friday’s run comes Monday’s', () => {
    const nine = schedule('09:00', 'UTC', WEEKDAYS);
    expect(nextRunAfter(nine, at('2026-01-09T09:00:00Z'))).toEqual(at('2026-01-12T09:00:00Z'));
    expect(nextRunAfter(nine, at('2026-01-10T12:00:00Z'))).toEqual(at('2026-01-12T09:00:00Z'));
  });

  it('follows a zone’s local date, not UTC’s', () => {
    // 23:30 on Sunday in New York is already Monday in UTC; the next 08:00 New York weekday run is Monday's.
    const ny = schedule('08:00', 'America/New_York', WEEKDAYS);
    expect(nextRunAfter(ny, at('2026-01-12T04:30:00Z'))).toEqual(at('2026-01-12T13:00:00Z'));
    // 23:00 UTC on Friday is 08:00 on Saturday in Tokyo: Saturday's 07:00 has passed, so next Saturday's.
    const tokyo = schedule('07:00', 'Asia/Tokyo', [6]);
    expect(nextRunAfter(tokyo, at('2026-01-09T23:00:00Z'))).toEqual(at('2026-01-16T22:00:00Z'));
    expect(nextRunAfter(tokyo, at('2026-01-09T21:59:00Z'))).toEqual(at('2026-01-09T22:00:00Z'));
  });

  describe('Europe/Berlin across daylight saving', () => {
    const berlin = schedule('09:00', 'Europe/Berlin');
    it('keeps 09:00 local when summer time starts (29 March 2026)', () => {
      expect(nextRunAfter(berlin, at('2026-03-28T08:00:00Z'))).toEqual(at('2026-03-29T07:00:00Z'));
      expect(nextRunAfter(berlin, at('2026-03-29T07:00:00Z'))).toEqual(at('2026-03-30T07:00:00Z'));
    });
    it('keeps 09:00 local when summer time ends (25 October 2026)', () => {
      expect(nextRunAfter(berlin, at('2026-10-24T07:00:00Z'))).toEqual(at('2026-10-25T08:00:00Z'));
    });
  });

  describe('America/New_York across daylight saving', () => {
    it('a time skipped by the spring change (02:30 on 8 March 2026) runs at 03:30 that morning, once', () => {
      const early = schedule('02:30', 'America/New_York');
      const run = nextRunAfter(early, at('2026-03-07T07:30:00Z'));
      expect(run).toEqual(at('2026-03-08T07:30:00Z'));
      expect(localDateTime(run, 'America/New_York')).toMatchObject({ day: 8, hour: 3, minute: 30 });
      expect(nextRunAfter(early, run)).toEqual(at('2026-03-09T06:30:00Z'));
    });
    it('a time repeated by the autumn change (01:30 on 1 November 2026) runs only at its first occurrence', () => {
      const late = schedule('01:30', 'America/New_York');
      const first = nextRunAfter(late, at('2026-10-31T12:00:00Z'));
      expect(first).toEqual(at('2026-11-01T05:30:00Z'));
      // After the first 01:30, the next run is the following night, not the repeated 01:30 an hour later.
      expect(nextRunAfter(late, first)).toEqual(at('2026-11-02T06:30:00Z'));
    });
  });

  it('refuses a schedule with no days', () => {
    expect(() => nextRunAfter({ minuteOfDay: 540, timeZone: 'UTC', weekdays: [] }, at('2026-01-05T00:00:00Z'))).toThrow(
      /at least one weekday/,
    );
  });
});

describe('zonedTimeToInstant', () => {
  it('round-trips ordinary local times in several zones', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'Pacific/Chatham']) {
      const local = { year: 2026, month: 7, day: 14, hour: 9, minute: 15 };
      expect(localDateTime(zonedTimeToInstant(local, zone), zone)).toEqual(local);
    }
  });
});

describe('a spring-forward gap that closes the day', () => {
  // America/Nuuk jumps from Saturday 28 March 2026, 23:00 straight to Sunday 00:00.
  const schedule = { minuteOfDay: 23 * 60 + 30, timeZone: 'America/Nuuk', weekdays: [1, 2, 3, 4, 5, 6, 7] };
  it("keeps Saturday's 23:30 run on Saturday, so Sunday still gets its own", () => {
    const days: string[] = [];
    let at = new Date('2026-03-26T12:00:00Z');
    for (let i = 0; i < 5; i += 1) {
      at = nextRunAfter(schedule, at);
      days.push(localDay(at, schedule.timeZone));
    }
    expect(days).toEqual(['2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']);
    expect(previousRunBefore(schedule, new Date('2026-03-29T12:00:00Z')).toISOString()).toBe(
      nextRunAfter(schedule, new Date('2026-03-28T12:00:00Z')).toISOString(),
    );
  });
});
