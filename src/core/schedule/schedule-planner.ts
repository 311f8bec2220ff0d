// Time-zone arithmetic (Intl) is the costly part of planning a digest, and targets due together share a few
// schedules: a planner answers each question once. Make one per scheduler tick; it remembers every answer.
import { digestWindow, type DigestWindow } from '../digest/digest-window.js';
import { localDay, nextRunAfter, type DigestSchedule } from './next-run.js';

export interface SchedulePlanner {
  localDay(instant: Date, timeZone: string): string;
  nextRunAfter(schedule: DigestSchedule, after: Date): Date;
  /** Also the same object for the same question, so caches keyed by window identity work. */
  digestWindow(schedule: DigestSchedule, scheduledFor: Date, windowStart: Date | null): DigestWindow;
}

export function schedulePlanner(): SchedulePlanner {
  const answers = new Map<string, unknown>();
  const once = <T>(key: string, compute: () => T): T => {
    if (!answers.has(key)) answers.set(key, compute());
    return answers.get(key) as T;
  };
  const scheduleKey = (s: DigestSchedule) => `${s.timeZone}|${s.minuteOfDay}|${s.weekdays.join(',')}`;
  return {
    localDay: (instant, timeZone) => once(`day|${timeZone}|${instant.getTime()}`, () => localDay(instant, timeZone)),
    nextRunAfter: (schedule, after) => once(`next|${scheduleKey(schedule)}|${after.getTime()}`, () => nextRunAfter(schedule, after)),
    digestWindow: (schedule, scheduledFor, windowStart) =>
      once(`window|${scheduleKey(schedule)}|${scheduledFor.getTime()}|${windowStart?.getTime() ?? ''}`, () =>
        digestWindow(schedule, scheduledFor, windowStart),
      ),
  };
}
