// What people type for a digest schedule, read strictly, with answers that say what is accepted.
import { canonicalTimeZone } from './zoned-time.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** "08:30", "8:30", "17:05" -> minutes after midnight. */
export function parseTimeOfDay(text: string): ParseResult<number> {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (match === null || hour > 23 || minute > 59) {
    return { ok: false, message: `"${text.trim().slice(0, 20)}" is not a time of day. Use 24-hour HH:MM, such as 08:30 or 17:45.` };
  }
  return { ok: true, value: hour * 60 + minute };
}

export function formatTimeOfDay(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

/** An IANA zone name, in any letter case -> its canonical spelling. */
export function parseTimeZone(text: string): ParseResult<string> {
  const zone = canonicalTimeZone(text);
  if (zone === null || text.trim() === '') {
    return {
      ok: false,
      message: `"${text.trim().slice(0, 40)}" is not a time zone. Use an IANA name such as Europe/Berlin, America/New_York, Asia/Tokyo or UTC.`,
    };
  }
  // EST, CET, PST8PDT...: fixed offsets or legacy rules, not a region's daylight saving time (EST is New York in
  // winter only). A region name says what people mean.
  if (!text.includes('/') && !/^(utc|gmt)$/i.test(text.trim())) {
    return {
      ok: false,
      message: `"${text.trim().slice(0, 40)}" is an abbreviation or legacy name, which may not follow a region's daylight saving time. Use a region name such as America/New_York, Europe/Berlin or Asia/Tokyo, or UTC.`,
    };
  }
  return { ok: true, value: zone };
}

/**
 * "weekdays", "daily", "weekends", "mon-fri", "mon,wed,fri", "tue-thu,sat" -> ISO weekday numbers, sorted.
 * Day names may be written in full ("monday").
 */
export function parseWeekdays(text: string): ParseResult<number[]> {
  const input = text.trim().toLowerCase();
  const named: Record<string, number[]> = { weekdays: [1, 2, 3, 4, 5], daily: [1, 2, 3, 4, 5, 6, 7], weekends: [6, 7] };
  if (named[input] !== undefined) return { ok: true, value: named[input] };
  const failure: ParseResult<number[]> = {
    ok: false,
    message: `"${text.trim().slice(0, 40)}" is not a set of days. Use weekdays, daily, weekends, a range such as mon-fri, or a list such as mon,wed,fri.`,
  };
  // A day is its full name or its first three letters ("mon", "monday").
  const dayNumber = (name: string): number | null => {
    const index = DAY_NAMES.findIndex((d) => name === d || name === d.slice(0, 3));
    return index === -1 ? null : index + 1;
  };

  const days = new Set<number>();
  for (const part of input.split(',').map((p) => p.trim())) {
    const [from, to, extra] = part.split('-').map((p) => p.trim());
    if (from === undefined || extra !== undefined) return failure;
    const start = dayNumber(from);
    const end = to === undefined ? start : dayNumber(to);
    if (start === null || end === null) return failure;
    // A range may wrap over the weekend: fri-mon is Friday to Monday.
    for (let day = start; ; day = (day % 7) + 1) {
      days.add(day);
      if (day === end) break;
    }
  }
  return { ok: true, value: [...days].sort((a, b) => a - b) };
}

/** "Mon 30 Nov, 09:00 CET": when a digest will arrive, in the target's own zone. */
export function formatRunTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(instant);
}
