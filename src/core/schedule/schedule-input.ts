// What people type for a digest schedule, read strictly, with answers that say what is accepted.
import { classifyTimeZoneName, timeZoneRefusal } from './time-zone-name.js';
import { zoneLabel } from './zone-label.js';
import { isoWeekday, localDateTime } from './zoned-time.js';

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

/**
 * A time zone name from the IANA database, in any letter case -> the database's spelling of that same name (not
 * its canonical zone: Asia/Calcutta stays Asia/Calcutta). The rule and its answers are in time-zone-name.ts.
 */
export function parseTimeZone(text: string): ParseResult<string> {
  const zone = classifyTimeZoneName(text);
  if (zone.kind !== 'zone') return { ok: false, message: timeZoneRefusal(text, zone) };
  return { ok: true, value: zone.name };
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

const SHORT_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "07:00 America/New_York, UTC−05:00": a schedule's time of day, with the zone's offset at `at`. */
export function formatScheduleTime(minuteOfDay: number, timeZone: string, at: Date): string {
  return `${formatTimeOfDay(minuteOfDay)} ${zoneLabel(timeZone, at)}`;
}

/**
 * "Mon 30 Nov, 07:00 America/New_York, UTC−05:00": when a digest will arrive, in the target's own zone, with
 * the offset it will have then (which may differ from today's across a daylight saving change).
 */
export function formatRunTime(instant: Date, timeZone: string): string {
  const local = localDateTime(instant, timeZone);
  const day = `${SHORT_DAYS[isoWeekday(local) - 1]} ${local.day} ${SHORT_MONTHS[local.month - 1]}`;
  return `${day}, ${formatScheduleTime(local.hour * 60 + local.minute, timeZone, instant)}`;
}
