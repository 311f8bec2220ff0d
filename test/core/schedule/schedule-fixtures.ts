// Schedules as tests write them: "09:00" in a zone, on some weekdays.
import type { DigestSchedule } from '../../../src/core/schedule/next-run.js';

export const WEEKDAYS = [1, 2, 3, 4, 5];
export const DAILY = [1, 2, 3, 4, 5, 6, 7];
export const at = (iso: string): Date => new Date(iso);

export function schedule(time: string, timeZone: string, weekdays = DAILY): DigestSchedule {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return { minuteOfDay: h * 60 + m, timeZone, weekdays };
}
