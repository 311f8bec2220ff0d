// How a schedule's time zone is shown, the same everywhere (settings, next-digest lines, Slack's Home tab): the
// name as the person chose it, then the offset it has at the instant shown ("America/New_York, UTC−05:00"), so
// an old or unfamiliar name still says what clock it means. The offset is computed, not taken from Intl's
// "GMT-5" style, whose form differs between locales and ICU versions.
import { utcOffsetMinutes } from './zoned-time.js';

// The database's names for UTC itself: "09:00 UTC, UTC+00:00" would say it twice.
const UTC_NAMES = new Set(['utc', 'gmt', 'uct', 'universal', 'zulu', 'greenwich', 'gmt0', 'gmt+0', 'gmt-0']);

/** 330 -> "UTC+05:30", -300 -> "UTC−05:00" (a true minus sign, U+2212, as typeset offsets use). */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '\u2212' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "America/New_York, UTC−05:00" at a winter instant; "UTC" for UTC's own names. */
export function zoneLabel(timeZone: string, at: Date): string {
  if (UTC_NAMES.has(timeZone.toLowerCase().replace(/^etc\//, ''))) return timeZone;
  return `${timeZone}, ${formatUtcOffset(utcOffsetMinutes(at, timeZone))}`;
}
