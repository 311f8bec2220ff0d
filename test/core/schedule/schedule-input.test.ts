import { describe, expect, it } from 'vitest';
import {
  formatRunTime,
  formatScheduleTime,
  formatTimeOfDay,
  parseTimeOfDay,
  parseTimeZone,
  parseWeekdays,
} from '../../../src/core/schedule/schedule-input.js';

describe('parseTimeOfDay', () => {
  it.each([
    ['08:30', 510],
    ['8:30', 510],
    ['00:00', 0],
    ['23:59', 1439],
    [' 17:05 ', 1025],
  ])('%j -> %i minutes', (text, minutes) => {
    expect(parseTimeOfDay(text)).toEqual({ ok: true, value: minutes });
    expect(formatTimeOfDay(minutes)).toBe(text.trim().padStart(5, '0'));
  });

  it.each(['24:00', '9am', '9', '12:60', '', '08:30:00', '-1:00'])('%j is refused, naming the accepted form', (text) => {
    const result = parseTimeOfDay(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/24-hour HH:MM, such as 08:30/);
  });
});

describe('parseTimeZone', () => {
  it('accepts IANA names in any case and keeps the name typed, in the database spelling', () => {
    expect(parseTimeZone('europe/berlin')).toEqual({ ok: true, value: 'Europe/Berlin' });
    expect(parseTimeZone(' America/New_York ')).toEqual({ ok: true, value: 'America/New_York' });
    expect(parseTimeZone('america/new_york')).toEqual({ ok: true, value: 'America/New_York' });
    expect(parseTimeZone('asia/kolkata')).toEqual({ ok: true, value: 'Asia/Kolkata' });
    expect(parseTimeZone('AMERICA/PORT-AU-PRINCE')).toEqual({ ok: true, value: 'America/Port-au-Prince' });
  });
  // One rule for every alias: in the IANA database and not a fixed offset. Kept as typed, never Intl's canonical
  // form (Node 20's ICU answers Asia/Calcutta for Asia/Kolkata, CET becomes Europe/Brussels).
  it.each([
    ['Asia/Calcutta', 'Asia/Calcutta'],
    ['us/eastern', 'US/Eastern'],
    ['cet', 'CET'],
    ['EST5EDT', 'EST5EDT'],
    ['utc', 'UTC'],
    ['GMT', 'GMT'],
    ['Etc/UTC', 'Etc/UTC'],
    ['Europe/Kiev', 'Europe/Kiev'],
    ['Japan', 'Japan'],
  ])('accepts the database name %j as %j', (text, value) => {
    expect(parseTimeZone(text)).toEqual({ ok: true, value });
  });
  it.each([
    ['Etc/GMT+5', 'UTC−05:00'],
    ['etc/gmt-14', 'UTC+14:00'],
    ['EST', 'UTC−05:00'],
    ['MST', 'UTC−07:00'],
    ['HST', 'UTC−10:00'],
  ])('refuses the fixed offset %j, saying it is %s all year and stating the rule', (text, offset) => {
    const result = parseTimeZone(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(
        `is a fixed offset, ${offset} all year. Use a name from the IANA time zone database like Europe/Berlin`,
      );
      expect(result.message).toContain('Fixed offsets (UTC+2, Etc/GMT-2, EST, MST, HST) are not accepted');
    }
  });
  // BST, IST and PST are IDs Intl itself accepts (ICU's own, BST being Bangladesh): not IANA names, so refused.
  it.each(['Mars/Olympus', 'CEST+1', '', 'Berlin', 'EDT', 'CEST', 'BST', 'IST', 'PST', 'UTC+2', 'GMT+2', '+02:00', 'SystemV/EST5'])(
    '%j is refused as not a database name, with the rule',
    (text) => {
      const result = parseTimeZone(text);
      expect(result).toEqual({
        ok: false,
        message: `"${text}" is not a name in the IANA time zone database. Use one like Europe/Berlin, America/New_York or Asia/Kolkata, or UTC; older names such as Asia/Calcutta, US/Eastern or CET work too. Fixed offsets (UTC+2, Etc/GMT-2, EST, MST, HST) are not accepted: they never change for daylight saving time, so they cannot follow a place's clock.`,
      });
    },
  );
});

describe('formatRunTime and formatScheduleTime', () => {
  // Wednesday 13 January and Wednesday 14 July 2027, 12:00 UTC: New York is UTC-5, then UTC-4.
  const WINTER = new Date('2027-01-13T12:00:00Z');
  const SUMMER = new Date('2027-07-14T12:00:00Z');

  it('shows the name as stored and the offset of the instant shown', () => {
    expect(formatRunTime(WINTER, 'America/New_York')).toBe('Wed 13 Jan, 07:00 America/New_York, UTC−05:00');
    expect(formatRunTime(SUMMER, 'America/New_York')).toBe('Wed 14 Jul, 08:00 America/New_York, UTC−04:00');
    expect(formatRunTime(WINTER, 'US/Eastern')).toBe('Wed 13 Jan, 07:00 US/Eastern, UTC−05:00');
    expect(formatRunTime(WINTER, 'Asia/Kolkata')).toBe('Wed 13 Jan, 17:30 Asia/Kolkata, UTC+05:30');
    expect(formatRunTime(SUMMER, 'Asia/Calcutta')).toBe('Wed 14 Jul, 17:30 Asia/Calcutta, UTC+05:30');
    expect(formatRunTime(SUMMER, 'CET')).toBe('Wed 14 Jul, 14:00 CET, UTC+02:00');
    // The local day, not the UTC one: 12:00 UTC is already Thursday in Auckland.
    expect(formatRunTime(WINTER, 'Pacific/Auckland')).toBe('Thu 14 Jan, 01:00 Pacific/Auckland, UTC+13:00');
  });

  it('names UTC once', () => {
    expect(formatRunTime(WINTER, 'UTC')).toBe('Wed 13 Jan, 12:00 UTC');
    expect(formatRunTime(WINTER, 'GMT')).toBe('Wed 13 Jan, 12:00 GMT');
    expect(formatRunTime(WINTER, 'Europe/London')).toBe('Wed 13 Jan, 12:00 Europe/London, UTC+00:00');
  });

  it('shows a schedule time of day with the zone offset at a given instant', () => {
    expect(formatScheduleTime(7 * 60, 'America/New_York', WINTER)).toBe('07:00 America/New_York, UTC−05:00');
    expect(formatScheduleTime(7 * 60, 'America/New_York', SUMMER)).toBe('07:00 America/New_York, UTC−04:00');
    expect(formatScheduleTime(9 * 60, 'UTC', SUMMER)).toBe('09:00 UTC');
  });
});

describe('parseWeekdays', () => {
  it.each([
    ['weekdays', [1, 2, 3, 4, 5]],
    ['daily', [1, 2, 3, 4, 5, 6, 7]],
    ['weekends', [6, 7]],
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['Mon,Wed,Fri', [1, 3, 5]],
    ['tue-thu,sat', [2, 3, 4, 6]],
    ['fri-mon', [1, 5, 6, 7]],
    ['monday', [1]],
    ['sun', [7]],
  ])('%j -> %j', (text, days) => {
    expect(parseWeekdays(text)).toEqual({ ok: true, value: days });
  });
  it.each(['', 'someday', 'mon-', 'mo', 'mon-tue-wed', 'monxyz'])('%j is refused with the accepted forms', (text) => {
    const result = parseWeekdays(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/weekdays, daily, weekends, a range such as mon-fri/);
  });
});
