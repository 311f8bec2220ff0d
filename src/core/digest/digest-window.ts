// Which papers a digest covers. The window runs from the previous digest to this one, so Monday's digest covers
// the weekend; a target that is new, or resumed after a pause, starts one schedule period back (no backlog).
import { addDays, utcDay } from '../days.js';
import { previousRunBefore, type DigestSchedule } from '../schedule/next-run.js';

/**
 * arXiv lists a paper a day or two after the date it carries, and ingestion may be late: topic matches look
 * this many days further back. A paper already delivered is never delivered again, so this repeats nothing.
 */
export const TOPIC_LOOKBACK_DAYS = 3;

export interface DigestWindow {
  start: Date;
  end: Date;
  /**
   * Daily Papers days (UTC, oldest first) whose lists belong to this digest: every day that ended inside the
   * window. Each day's list therefore lands in exactly one digest, once its upvotes have had a day to gather.
   */
  trendingDays: string[];
  /** Papers listed or published on or after this day (and before `end`) are candidates for the topics. */
  topicsFrom: string;
}

export function digestWindow(schedule: DigestSchedule, scheduledFor: Date, windowStart: Date | null): DigestWindow {
  const start = windowStart !== null && windowStart < scheduledFor ? windowStart : previousRunBefore(schedule, scheduledFor);
  return {
    start,
    end: scheduledFor,
    trendingDays: trendingDaysBetween(start, scheduledFor),
    topicsFrom: addDays(utcDay(start), -TOPIC_LOOKBACK_DAYS),
  };
}

/** The UTC days that end inside (start, end], oldest first: a day ending exactly at a digest belongs to it. */
export function trendingDaysBetween(start: Date, end: Date): string[] {
  const days: string[] = [];
  for (let day = utcDay(start); day < utcDay(end); day = addDays(day, 1)) days.push(day);
  return days;
}
