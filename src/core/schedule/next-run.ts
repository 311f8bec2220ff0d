// When a target's next digest is due: the first of its weekdays, at its local time of day, strictly after a
// given instant. Stored as an instant, so the scheduler's tick only compares times.
import { addLocalDays, isoWeekday, localDateTime, zonedTimeToInstant, type LocalDate } from './zoned-time.js';

export interface DigestSchedule {
  /** Local time of day, minutes after midnight (0..1439). */
  minuteOfDay: number;
  /** Canonical IANA zone name. */
  timeZone: string;
  /** ISO weekdays the digest runs on: 1 = Monday ... 7 = Sunday; never empty. */
  weekdays: readonly number[];
}

/**
 * The run on a local date. A time skipped by a spring-forward change moves later by the gap (zonedTimeToInstant);
 * where the gap closes the day (America/Nuuk jumps from 23:00 to 00:00), that would land on the next date and
 * take its digest, so the run is kept on its own date: the last minute before the jump.
 */
function runOn(schedule: DigestSchedule, date: LocalDate): Date {
  const run = zonedTimeToInstant(
    { ...date, hour: Math.floor(schedule.minuteOfDay / 60), minute: schedule.minuteOfDay % 60 },
    schedule.timeZone,
  );
  let kept = run;
  while (!sameDate(localDateTime(kept, schedule.timeZone), date)) kept = new Date(kept.getTime() - 60_000);
  return kept;
}

function sameDate(a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

export function nextRunAfter(schedule: DigestSchedule, after: Date): Date {
  if (schedule.weekdays.length === 0) throw new Error('a digest schedule needs at least one weekday');
  const today = localDateTime(after, schedule.timeZone);
  // Eight days always include the next matching weekday after today's run time has passed.
  for (let offset = 0; offset <= 8; offset += 1) {
    const date = addLocalDays(today, offset);
    if (!schedule.weekdays.includes(isoWeekday(date))) continue;
    const run = runOn(schedule, date);
    if (run.getTime() > after.getTime()) return run;
  }
  throw new Error('unreachable: no run within eight days');
}

/** The last run of the schedule strictly before an instant: where a first digest's window starts. */
export function previousRunBefore(schedule: DigestSchedule, before: Date): Date {
  if (schedule.weekdays.length === 0) throw new Error('a digest schedule needs at least one weekday');
  const today = localDateTime(before, schedule.timeZone);
  for (let offset = 0; offset >= -8; offset -= 1) {
    const date = addLocalDays(today, offset);
    if (!schedule.weekdays.includes(isoWeekday(date))) continue;
    const run = runOn(schedule, date);
    if (run.getTime() < before.getTime()) return run;
  }
  throw new Error('unreachable: no run within eight days');
}

/** The target's local calendar date of an instant, YYYY-MM-DD: the day a digest belongs to. */
export function localDay(instant: Date, timeZone: string): string {
  const { year, month, day } = localDateTime(instant, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
