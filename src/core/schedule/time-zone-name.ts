// Which time zone names a schedule takes. The rule, one for every kind of name: a name from the IANA time zone
// database is accepted (old and alias names too: Asia/Calcutta, US/Eastern, CET, EST5EDT, UTC, GMT), kept as the
// person typed it but spelled as the database spells it; the database's fixed offsets (Etc/GMT+5, EST, MST, HST)
// are refused, because they never change for daylight saving time (a New York team typing EST would get its
// digest an hour late all summer); anything else (EDT, CEST, UTC+2, Berlin) is not a name there and is refused.
// The name is kept rather than Intl's canonical form: ICU versions disagree on that (Node 20 turns Asia/Kolkata
// into Asia/Calcutta), and people should see what they chose.
import { IANA_ZONE_NAMES } from './iana-zone-names.js';
import { formatUtcOffset } from './zone-label.js';
import { runtimeKnowsTimeZone, utcOffsetMinutes } from './zoned-time.js';

export type TimeZoneName =
  | { kind: 'zone'; name: string }
  /** In the database, but a fixed offset from UTC: refused. */
  | { kind: 'fixed-offset'; name: string; offsetMinutes: number }
  /** In the database, but newer than this runtime's copy of it (an older Node.js): refused, nothing could run. */
  | { kind: 'unknown-to-runtime'; name: string }
  | { kind: 'not-a-zone' };

/** The rule, as every refusal states it (after "Use a name from the IANA time zone database" or "Use one"). */
export const TIME_ZONE_RULE =
  'like Europe/Berlin, America/New_York or Asia/Kolkata, or UTC; older names such as Asia/Calcutta, US/Eastern or CET ' +
  "work too. Fixed offsets (UTC+2, Etc/GMT-2, EST, MST, HST) are not accepted: they never change for daylight saving time, so they cannot follow a place's clock.";

// Etc/GMT+5 is UTC-5 (POSIX signs); Etc/GMT+0 and Etc/GMT-0 are UTC itself and stay accepted. EST, MST and HST are
// the database's other fixed offsets (since tzdata 2024b links to Panama, Phoenix and Honolulu, still fixed).
const FIXED_OFFSET = /^(Etc\/GMT[+-](?!0$)\d+|EST|MST|HST)$/;

// Any instant gives a fixed offset's value; one after all of them were fixed, and no clock is read.
const FIXED_SINCE_1970 = new Date(0);

let spellings: Map<string, string> | undefined;

/** Lower-case name -> the database's spelling, from our list and whatever newer names the runtime lists. */
function spellingOf(name: string): string | undefined {
  if (spellings === undefined) {
    spellings = new Map();
    for (const known of [...Intl.supportedValuesOf('timeZone'), ...IANA_ZONE_NAMES]) spellings.set(known.toLowerCase(), known);
  }
  return spellings.get(name.toLowerCase());
}

/** What a typed time zone name is under the rule above. */
export function classifyTimeZoneName(text: string, runtimeKnows = runtimeKnowsTimeZone): TimeZoneName {
  const name = spellingOf(text.trim());
  if (name === undefined) return { kind: 'not-a-zone' };
  if (!runtimeKnows(name)) return { kind: 'unknown-to-runtime', name };
  if (FIXED_OFFSET.test(name)) return { kind: 'fixed-offset', name, offsetMinutes: utcOffsetMinutes(FIXED_SINCE_1970, name) };
  return { kind: 'zone', name };
}

/** The answer to a refused name: what is wrong with it, then the rule. */
export function timeZoneRefusal(text: string, refused: Exclude<TimeZoneName, { kind: 'zone' }>): string {
  switch (refused.kind) {
    case 'fixed-offset':
      return `"${refused.name}" is a fixed offset, ${formatUtcOffset(refused.offsetMinutes)} all year. Use a name from the IANA time zone database ${TIME_ZONE_RULE}`;
    case 'unknown-to-runtime':
      return `"${refused.name}" is newer than this server's time zone data (updating Node.js brings it). Until then, use another name from the IANA time zone database ${TIME_ZONE_RULE}`;
    case 'not-a-zone':
      return `"${text.trim().slice(0, 40)}" is not a name in the IANA time zone database. Use one ${TIME_ZONE_RULE}`;
  }
}
