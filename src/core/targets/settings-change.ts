// Changes to a target's digest settings, as typed by a person: each value is checked, and a bad one gets an
// answer that names what is accepted.
import { formatScheduleTime, parseTimeOfDay, parseTimeZone, parseWeekdays } from '../schedule/schedule-input.js';
import {
  MAX_DIGEST_SIZE,
  MAX_MIN_UPVOTES,
  type DigestLayout,
  type DigestSettings,
  type EmptyDayPolicy,
  type TargetKind,
} from './target.js';

export interface SettingsChange {
  time?: string;
  timezone?: string;
  days?: string;
  size?: number;
  minUpvotes?: number;
  emptyDays?: EmptyDayPolicy;
  layout?: DigestLayout;
  /** on: deliver; paused: stop until resumed. */
  digest?: 'on' | 'paused';
}

export type SettingsChangeResult = { ok: true; settings: DigestSettings } | { ok: false; message: string };

export function hasChanges(change: SettingsChange): boolean {
  return Object.values(change).some((value) => value !== undefined);
}

export function applySettingsChange(current: DigestSettings, change: SettingsChange, kind: TargetKind): SettingsChangeResult {
  const next: DigestSettings = { ...current, weekdays: [...current.weekdays] };
  if (change.time !== undefined) {
    const time = parseTimeOfDay(change.time);
    if (!time.ok) return time;
    next.minuteOfDay = time.value;
  }
  if (change.timezone !== undefined) {
    const zone = parseTimeZone(change.timezone);
    if (!zone.ok) return zone;
    next.timeZone = zone.value;
  }
  if (change.days !== undefined) {
    const days = parseWeekdays(change.days);
    if (!days.ok) return days;
    next.weekdays = days.value;
  }
  if (change.size !== undefined) {
    if (!Number.isInteger(change.size) || change.size < 0 || change.size > MAX_DIGEST_SIZE) {
      return {
        ok: false,
        message: `The size is the number of trending papers, a whole number from 0 to ${MAX_DIGEST_SIZE} (0: topics only).`,
      };
    }
    next.size = change.size;
  }
  if (change.minUpvotes !== undefined) {
    if (!Number.isInteger(change.minUpvotes) || change.minUpvotes < 0 || change.minUpvotes > MAX_MIN_UPVOTES) {
      return { ok: false, message: `Minimum upvotes is a whole number from 0 to ${MAX_MIN_UPVOTES}.` };
    }
    next.minUpvotes = change.minUpvotes;
  }
  if (change.emptyDays !== undefined) next.emptyDay = change.emptyDays;
  if (change.layout !== undefined) {
    // Direct messages have no threads: a personal digest is always plain messages.
    if (change.layout === 'thread' && kind === 'user') {
      return { ok: false, message: 'Threads are for channels; your own digest always arrives as direct messages.' };
    }
    next.layout = change.layout;
  }
  if (change.digest !== undefined) next.paused = change.digest === 'paused';
  return { ok: true, settings: next };
}

const DAY_ABBREVIATIONS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function weekdaysLabel(weekdays: readonly number[]): string {
  const key = weekdays.join(',');
  if (key === '1,2,3,4,5') return 'Monday to Friday';
  if (key === '1,2,3,4,5,6,7') return 'every day';
  if (key === '6,7') return 'weekends';
  return weekdays.map((d) => DAY_ABBREVIATIONS[d - 1] ?? '?').join(', ');
}

/** The settings as lines of "name  value", for /papers settings; the zone's offset is the one it has `at`. */
export function settingsLines(settings: DigestSettings, at: Date): string[] {
  return [
    `time         ${formatScheduleTime(settings.minuteOfDay, settings.timeZone, at)}`,
    `days         ${weekdaysLabel(settings.weekdays)}`,
    `size         ${settings.size === 0 ? 'no trending section (topics only)' : `${settings.size} trending papers`}`,
    `min-upvotes  ${settings.minUpvotes}`,
    `empty-days   ${settings.emptyDay === 'note' ? 'post a short note' : 'post nothing'}`,
    `layout       ${settings.layout === 'thread' ? 'a one-line header, the papers in a thread under it' : 'the papers as messages'}`,
    `digest       ${settings.paused ? 'paused' : 'on'}`,
  ];
}
