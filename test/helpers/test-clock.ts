// Instants and schedules a test derives from one `now`, so that it passes at any hour, on any weekday and in any
// time zone of the machine: never "09:00" or "yesterday" written as if the test knew when it would run.
// `npm run test:clock` runs the clock-sensitive folders under a faked clock at awkward instants to prove it.
import { addDays, utcDay } from '../../src/core/days.js';
import { localDateTime, type LocalDateTime } from '../../src/core/schedule/zoned-time.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Scheduled runs fall on whole minutes. */
export function startOfMinute(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / MINUTE) * MINUTE);
}

/** The UTC calendar day `days` after (or before, when negative) the day of `instant`. */
export function utcDayFrom(instant: Date, days = 0): string {
  return addDays(utcDay(instant), days);
}

/** A schedule as the settings store it and as `/papers settings` takes it. */
export interface TestSchedule {
  timeZone: string;
  minuteOfDay: number;
  /** ISO weekdays, 1 = Monday. */
  weekdays: number[];
  /** `HH:MM`, for `/papers settings time`. */
  time: string;
  /** For `/papers settings days`. */
  days: string;
}

function isoWeekdayOf(local: LocalDateTime): number {
  const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

function hhmm(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

/** A schedule running every day at `at`'s local time of day in `timeZone` (seconds dropped). */
export function dailyScheduleAt(at: Date, timeZone = 'UTC'): TestSchedule {
  const local = localDateTime(at, timeZone);
  const minuteOfDay = local.hour * 60 + local.minute;
  return { timeZone, minuteOfDay, weekdays: [1, 2, 3, 4, 5, 6, 7], time: hhmm(minuteOfDay), days: 'daily' };
}

/**
 * A schedule that ran `daysBack` days ago at local noon in `timeZone` and runs only on that weekday, so its
 * previous run is `daysBack` days back whatever the hour now, and its next one `7 - daysBack` days ahead. The UTC
 * days from the one before that run up to the day before yesterday end inside its window with room to spare,
 * even if the clock passes midnight while the test runs.
 */
export function weeklyScheduleThatRan(now: Date, daysBack: number, timeZone = 'UTC'): TestSchedule & { previousRun: Date } {
  if (daysBack < 2 || daysBack > 6) throw new Error('daysBack is 2..6: nearer runs leave no whole day in the window');
  const noonThen = new Date(now.getTime() - daysBack * DAY);
  const local = localDateTime(noonThen, timeZone);
  const weekday = isoWeekdayOf(local);
  const minuteOfDay = 12 * 60;
  const previousRun = new Date(noonThen.getTime() + (minuteOfDay - (local.hour * 60 + local.minute)) * MINUTE);
  return {
    timeZone,
    minuteOfDay,
    weekdays: [weekday],
    time: hhmm(minuteOfDay),
    days: WEEKDAY_NAMES[weekday - 1]!,
    previousRun: startOfMinute(previousRun),
  };
}

/**
 * A time zone in which `instant` falls at least `margin` after local midnight and before the next one: so a
 * digest scheduled at `instant` belongs to a local day that is not over yet, whatever the hour in UTC.
 */
export function zoneWhereDayIsYoung(instant: Date, margin = 10 * MINUTE): string {
  for (const zone of ['UTC', 'Asia/Tokyo', 'America/New_York']) {
    const local = localDateTime(instant, zone);
    const sinceMidnight = (local.hour * 60 + local.minute) * MINUTE;
    if (sinceMidnight >= margin && sinceMidnight <= DAY - 2 * HOUR) return zone;
  }
  throw new Error('unreachable: the three zones are hours apart');
}

/** A new-style arXiv id of a paper submitted on `day` (YYMM.NNNNN), so ids stay plausible at any date. */
export function arxivIdOn(day: string, number: number): string {
  return `${day.slice(2, 4)}${day.slice(5, 7)}.${String(number).padStart(5, '0')}`;
}
