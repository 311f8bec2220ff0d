import { describe, expect, it } from 'vitest';
import { formatTimeOfDay, parseTimeOfDay, parseTimeZone, parseWeekdays } from '../../../src/core/schedule/schedule-input.js';

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
  it('accepts IANA names in any case and returns the canonical spelling', () => {
    expect(parseTimeZone('europe/berlin')).toEqual({ ok: true, value: 'Europe/Berlin' });
    expect(parseTimeZone('UTC')).toEqual({ ok: true, value: 'UTC' });
    expect(parseTimeZone(' America/New_York ')).toEqual({ ok: true, value: 'America/New_York' });
  });
  it.each(['Mars/Olympus', 'CEST+1', '', 'Berlin'])('%j is refused with examples', (text) => {
    const result = parseTimeZone(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/IANA name such as Europe\/Berlin/);
  });
  // EST is a fixed UTC-5: a New York team typing it would get its digest an hour late all summer.
  it.each(['EST', 'cet', 'PST8PDT', 'Japan'])('%j is refused as an abbreviation, with region names to use', (text) => {
    const result = parseTimeZone(text);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/abbreviation or legacy name.*America\/New_York/) as unknown });
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
