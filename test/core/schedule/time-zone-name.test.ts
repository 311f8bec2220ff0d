import { describe, expect, it } from 'vitest';
import { IANA_ZONE_NAMES } from '../../../src/core/schedule/iana-zone-names.js';
import { classifyTimeZoneName, timeZoneRefusal } from '../../../src/core/schedule/time-zone-name.js';
import { formatUtcOffset, zoneLabel } from '../../../src/core/schedule/zone-label.js';
import { runtimeKnowsTimeZone } from '../../../src/core/schedule/zoned-time.js';

describe('the IANA name list', () => {
  it('holds zones and their old names, spelled as the database does, and no placeholder', () => {
    for (const name of ['Asia/Kolkata', 'Asia/Calcutta', 'US/Eastern', 'CET', 'EST5EDT', 'UTC', 'GMT', 'Etc/GMT+5', 'Europe/Kyiv']) {
      expect(IANA_ZONE_NAMES).toContain(name);
    }
    expect(IANA_ZONE_NAMES).not.toContain('Factory');
    expect(new Set(IANA_ZONE_NAMES.map((n) => n.toLowerCase())).size).toBe(IANA_ZONE_NAMES.length);
  });

  // What the runtime can compute decides nothing alone, but a listed name it knows must be usable as typed.
  it('every listed name this runtime knows is accepted or refused as a fixed offset, in its own spelling', () => {
    const fixed: string[] = [];
    for (const name of IANA_ZONE_NAMES.filter((n) => runtimeKnowsTimeZone(n))) {
      const result = classifyTimeZoneName(name.toUpperCase());
      expect(result).toHaveProperty('name', name);
      if (result.kind === 'fixed-offset') fixed.push(name);
      else expect(result.kind).toBe('zone');
    }
    // Etc/GMT+1..+12 and Etc/GMT-1..-14, then EST, HST, MST.
    expect(fixed).toHaveLength(29);
    expect(fixed.filter((n) => !n.startsWith('Etc/'))).toEqual(['EST', 'HST', 'MST']);
  });
});

describe('classifyTimeZoneName', () => {
  it('refuses a database name this runtime does not know yet, saying so', () => {
    const result = classifyTimeZoneName('america/coyhaique', () => false);
    expect(result).toEqual({ kind: 'unknown-to-runtime', name: 'America/Coyhaique' });
    if (result.kind === 'zone') throw new Error('unreachable');
    expect(timeZoneRefusal('america/coyhaique', result)).toMatch(
      /^"America\/Coyhaique" is newer than this server's time zone data \(updating Node\.js brings it\)\. Until then, use another name from the IANA time zone database like Europe\/Berlin.*Fixed offsets/,
    );
  });

  // Node 20's Intl takes BST (Bangladesh to ICU), IST and PST; whether a runtime does must not matter.
  it('does not take what only Intl accepts', () => {
    for (const id of ['BST', 'IST', 'PST', 'SystemV/EST5']) {
      expect(classifyTimeZoneName(id, () => true)).toEqual({ kind: 'not-a-zone' });
      expect(classifyTimeZoneName(id)).toEqual({ kind: 'not-a-zone' });
    }
  });
});

describe('formatUtcOffset', () => {
  it.each([
    [0, 'UTC+00:00'],
    [330, 'UTC+05:30'],
    [345, 'UTC+05:45'],
    [-300, 'UTC−05:00'],
    [-210, 'UTC−03:30'],
    [-150, 'UTC−02:30'],
    [840, 'UTC+14:00'],
  ])('%i minutes -> %s', (minutes, text) => {
    expect(formatUtcOffset(minutes)).toBe(text);
  });
});

describe('zoneLabel', () => {
  const WINTER = new Date('2027-01-13T12:00:00Z');
  const SUMMER = new Date('2027-07-14T12:00:00Z');
  it.each([
    ['America/New_York', 'America/New_York, UTC−05:00', 'America/New_York, UTC−04:00'],
    ['EST5EDT', 'EST5EDT, UTC−05:00', 'EST5EDT, UTC−04:00'],
    ['America/St_Johns', 'America/St_Johns, UTC−03:30', 'America/St_Johns, UTC−02:30'],
    ['Asia/Kathmandu', 'Asia/Kathmandu, UTC+05:45', 'Asia/Kathmandu, UTC+05:45'],
    ['Australia/Sydney', 'Australia/Sydney, UTC+11:00', 'Australia/Sydney, UTC+10:00'],
    ['Etc/GMT+5', 'Etc/GMT+5, UTC−05:00', 'Etc/GMT+5, UTC−05:00'],
    ['UTC', 'UTC', 'UTC'],
    ['Etc/UTC', 'Etc/UTC', 'Etc/UTC'],
    ['Etc/GMT-0', 'Etc/GMT-0', 'Etc/GMT-0'],
  ])('%s in winter and summer', (zone, winter, summer) => {
    expect(zoneLabel(zone, WINTER)).toBe(winter);
    expect(zoneLabel(zone, SUMMER)).toBe(summer);
  });
});
