// Wall-clock time in an IANA time zone, with the Intl API (no tz database of our own). The one subtle part is
// turning a local date and time into an instant across daylight-saving changes; see zonedTimeToInstant.

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Whether this runtime's Intl can compute local times in a zone. Only that: it also takes ICU's own IDs that are
 * not IANA names ("BST" is Bangladesh there), and the name it reports back differs between ICU versions, so which
 * names a schedule takes is decided in time-zone-name.ts.
 */
export function runtimeKnowsTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The local date and time of an instant in a time zone (seconds dropped). */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in whole minutes (UTC+05:30 is 330). */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  return Math.round(offsetAt(instant.getTime(), timeZone) / 60_000);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instantMs: number, timeZone: string): number {
  const local = localDateTime(new Date(instantMs), timeZone);
  const seconds = new Date(instantMs).getUTCSeconds();
  const wallMs = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, seconds);
  return wallMs - (instantMs - (instantMs % 1000));
}

/**
 * The instant at which the zone's wall clock shows `local`.
 * - A time skipped by a spring-forward change (02:30 in New York on the March change) does not exist: the
 *   clock's gap is added, so it becomes 03:30 the same morning, the moment that "02:30" would have been.
 * - A time repeated by a fall-back change (01:30 in New York in November) happens twice: the first is taken,
 *   so a daily digest is never sent twice that night.
 */
export function zonedTimeToInstant(local: LocalDateTime, timeZone: string): Date {
  const wallMs = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The zone's offsets a day either side of the wall time bracket any change happening around it.
  const before = offsetAt(wallMs - 86_400_000, timeZone);
  const after = offsetAt(wallMs + 86_400_000, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wallMs - offset)
    .filter((instant) => {
      const shown = localDateTime(new Date(instant), timeZone);
      return shown.hour === local.hour && shown.minute === local.minute && shown.day === local.day;
    })
    .sort((a, b) => a - b);
  const first = candidates[0];
  // No candidate shows that wall time: it fell into a spring-forward gap. Read it with the offset from before
  // the change, which lands the gap's length later.
  return new Date(first ?? wallMs - before);
}

/** The local date `days` after `date` (calendar arithmetic, no time zone involved). */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
}

/** ISO weekday of a local date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}
