import { describe, expect, it } from 'vitest';
import { applySettingsChange, hasChanges, settingsLines, weekdaysLabel } from '../../../src/core/targets/settings-change.js';
import {
  defaultSettings,
  MAX_DIGEST_SIZE,
  MAX_MIN_UPVOTES,
  type DigestSettings,
  type TargetKind,
} from '../../../src/core/targets/target.js';

const channel = (): DigestSettings => defaultSettings('channel');

/** The settings after a change that must succeed. */
function applied(current: DigestSettings, change: Parameters<typeof applySettingsChange>[1]): DigestSettings {
  const result = applySettingsChange(current, change, 'channel');
  if (!result.ok) throw new Error(`expected the change to be accepted, got: ${result.message}`);
  return result.settings;
}

/** The message of a change that must be refused. */
function refused(change: Parameters<typeof applySettingsChange>[1], kind: TargetKind = 'channel'): string {
  const result = applySettingsChange(channel(), change, kind);
  if (result.ok) throw new Error(`expected the change to be refused, got: ${JSON.stringify(result.settings)}`);
  return result.message;
}

describe('applySettingsChange', () => {
  it('sets the time of day', () => {
    expect(applied(channel(), { time: '08:30' }).minuteOfDay).toBe(510);
    expect(applied(channel(), { time: '0:05' }).minuteOfDay).toBe(5);
    expect(applied(channel(), { time: '23:59' }).minuteOfDay).toBe(1439);
  });

  it.each(['25:00', '8am', '24:00', '08:60', '', 'noon'])('refuses the time %j, naming the accepted form', (time) => {
    expect(refused({ time })).toMatch(/24-hour HH:MM, such as 08:30/);
  });

  it('sets the time zone as typed, in the database spelling, an old name staying old', () => {
    expect(applied(channel(), { timezone: 'europe/berlin' }).timeZone).toBe('Europe/Berlin');
    expect(applied(channel(), { timezone: 'AMERICA/NEW_YORK' }).timeZone).toBe('America/New_York');
    expect(applied(channel(), { timezone: 'Asia/Tokyo' }).timeZone).toBe('Asia/Tokyo');
    expect(applied(channel(), { timezone: 'asia/kolkata' }).timeZone).toBe('Asia/Kolkata');
    expect(applied(channel(), { timezone: 'Asia/Calcutta' }).timeZone).toBe('Asia/Calcutta');
    expect(applied(channel(), { timezone: 'cet' }).timeZone).toBe('CET');
  });

  it.each(['Mars/Base', 'Berlin', '', 'GMT+25', 'EST', 'Etc/GMT+5'])('refuses the time zone %j, stating the rule', (timezone) => {
    expect(refused({ timezone })).toMatch(
      /Use (one|a name from the IANA time zone database) like Europe\/Berlin.*Fixed offsets .* are not accepted/,
    );
  });

  it('sets the days, and refuses days it cannot read', () => {
    expect(applied(channel(), { days: 'mon,wed,fri' }).weekdays).toEqual([1, 3, 5]);
    expect(applied(channel(), { days: 'daily' }).weekdays).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(refused({ days: 'someday' })).toMatch(/weekdays, daily, weekends/);
  });

  it.each([0, 1, 10, MAX_DIGEST_SIZE])('accepts size %i', (size) => {
    expect(applied(channel(), { size }).size).toBe(size);
  });

  it.each([-1, MAX_DIGEST_SIZE + 1, 2.5, Number.NaN])('refuses size %d, giving the bounds', (size) => {
    expect(MAX_DIGEST_SIZE).toBe(25);
    expect(refused({ size })).toMatch(/whole number from 0 to 25 \(0: topics only\)/);
  });

  it.each([0, 5, MAX_MIN_UPVOTES])('accepts min upvotes %i', (minUpvotes) => {
    expect(applied(channel(), { minUpvotes }).minUpvotes).toBe(minUpvotes);
  });

  it.each([-1, MAX_MIN_UPVOTES + 1, 0.5])('refuses min upvotes %d, giving the bounds', (minUpvotes) => {
    expect(refused({ minUpvotes })).toBe(`Minimum upvotes is a whole number from 0 to ${MAX_MIN_UPVOTES}.`);
  });

  it('pauses and resumes', () => {
    const paused = applied(channel(), { digest: 'paused' });
    expect(paused.paused).toBe(true);
    expect(applied(paused, { digest: 'on' }).paused).toBe(false);
    // Pausing a paused digest keeps it paused; other settings are untouched.
    expect(applied(paused, { digest: 'paused' })).toEqual(paused);
    expect({ ...paused, paused: false }).toEqual(channel());
  });

  it('sets the empty-day policy', () => {
    expect(applied(channel(), { emptyDays: 'silent' }).emptyDay).toBe('silent');
    expect(applied({ ...channel(), emptyDay: 'silent' }, { emptyDays: 'note' }).emptyDay).toBe('note');
  });

  it('applies several changes together and leaves the rest as it was', () => {
    const current: DigestSettings = { ...channel(), minUpvotes: 3, emptyDay: 'silent' };
    expect(applied(current, { time: '07:15', timezone: 'asia/tokyo', days: 'weekends', size: 0 })).toEqual({
      minuteOfDay: 435,
      timeZone: 'Asia/Tokyo',
      weekdays: [6, 7],
      size: 0,
      minUpvotes: 3,
      emptyDay: 'silent',
      layout: 'messages',
      paused: false,
    });
  });

  it('lays a channel digest out in a thread, and back; refuses threads for a personal digest', () => {
    expect(channel().layout).toBe('messages');
    const threaded = applied(channel(), { layout: 'thread' });
    expect(threaded.layout).toBe('thread');
    expect(applied(threaded, { layout: 'messages' }).layout).toBe('messages');
    expect(refused({ layout: 'thread' }, 'user')).toBe('Threads are for channels; your own digest always arrives as direct messages.');
    expect(applySettingsChange(defaultSettings('user'), { layout: 'messages' }, 'user').ok).toBe(true);
  });

  it('an empty change returns the same settings', () => {
    expect(applied(channel(), {})).toEqual(channel());
  });

  it('refuses the whole change when one value is bad, and never modifies the current settings', () => {
    const current = channel();
    const before = structuredClone(current);
    const result = applySettingsChange(current, { time: '07:00', timezone: 'Mars/Base', size: 3 }, 'channel');
    expect(result.ok).toBe(false);
    expect(current).toEqual(before);

    const ok = applied(current, { days: 'mon', time: '06:00' });
    expect(ok.weekdays).toEqual([1]);
    expect(current).toEqual(before);
    expect(ok.weekdays).not.toBe(current.weekdays);
  });
});

describe('hasChanges', () => {
  it('is false for no values, true for any value including 0 and "on"', () => {
    expect(hasChanges({})).toBe(false);
    expect(hasChanges({ time: undefined, size: undefined })).toBe(false);
    expect(hasChanges({ size: 0 })).toBe(true);
    expect(hasChanges({ minUpvotes: 0 })).toBe(true);
    expect(hasChanges({ digest: 'on' })).toBe(true);
    expect(hasChanges({ timezone: 'UTC' })).toBe(true);
  });
});

describe('weekdaysLabel', () => {
  it.each([
    [[1, 2, 3, 4, 5], 'Monday to Friday'],
    [[1, 2, 3, 4, 5, 6, 7], 'every day'],
    [[6, 7], 'weekends'],
    [[1, 3, 5], 'Mon, Wed, Fri'],
    [[7], 'Sun'],
    [[1, 2, 3, 4, 5, 6], 'Mon, Tue, Wed, Thu, Fri, Sat'],
  ])('%j -> %j', (days, label) => {
    expect(weekdaysLabel(days)).toBe(label);
  });
});

describe('settingsLines', () => {
  // Wednesday 13 January and Wednesday 14 July 2027: Berlin is UTC+1, then UTC+2.
  const WINTER = new Date('2027-01-13T12:00:00Z');
  const SUMMER = new Date('2027-07-14T12:00:00Z');

  it('shows a channel’s defaults', () => {
    expect(settingsLines(channel(), WINTER)).toEqual([
      'time         09:00 UTC',
      'days         Monday to Friday',
      'size         10 trending papers',
      'min-upvotes  0',
      'empty-days   post a short note',
      'layout       the papers as messages',
      'digest       on',
    ]);
  });

  it('shows a person’s changed settings', () => {
    const settings = applied(defaultSettings('user'), {
      time: '7:05',
      timezone: 'europe/berlin',
      days: 'tue,thu',
      minUpvotes: 12,
      emptyDays: 'silent',
      digest: 'paused',
    });
    expect(settingsLines(settings, SUMMER)[0]).toBe('time         07:05 Europe/Berlin, UTC+02:00');
    expect(settingsLines(settings, WINTER)).toEqual([
      'time         07:05 Europe/Berlin, UTC+01:00',
      'days         Tue, Thu',
      'size         no trending section (topics only)',
      'min-upvotes  12',
      'empty-days   post nothing',
      'layout       the papers as messages',
      'digest       paused',
    ]);
  });
});
