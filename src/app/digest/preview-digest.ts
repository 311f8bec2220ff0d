// The digest a target would get now (or on a given day), built exactly like a scheduled one but recorded
// nowhere: /papers digest and `papers digest` show it without using anything up.
import type { Store } from '../../store/database.js';
import { newestDailyDate } from '../../store/digest-candidates.js';
import { listSubscriptions } from '../../store/subscriptions-repository.js';
import { localDay } from '../../core/schedule/next-run.js';
import { zonedTimeToInstant } from '../../core/schedule/zoned-time.js';
import type { Target } from '../../core/targets/target.js';
import { digestCollector } from './digest-collector.js';
import type { Digest } from '../../core/digest/digest.js';
import { digestWindow, TOPIC_LOOKBACK_DAYS } from '../../core/digest/digest-window.js';
import { addDays } from '../../core/days.js';

export interface DigestPreview {
  digest: Digest;
  /** Set when the window had no Daily Papers and the latest day in the store is shown instead. */
  fallbackDay: string | null;
}

/**
 * `day` (YYYY-MM-DD, the target's local date): the digest as scheduled that day, its window one schedule period
 * back. Without it: the digest as it would be sent now, its window from the previous digest.
 */
export async function previewDigest(store: Store, target: Target, now: Date, day?: string): Promise<DigestPreview> {
  const { settings } = target;
  const at =
    day === undefined
      ? now
      : zonedTimeToInstant(
          {
            year: Number(day.slice(0, 4)),
            month: Number(day.slice(5, 7)),
            day: Number(day.slice(8, 10)),
            hour: Math.floor(settings.minuteOfDay / 60),
            minute: settings.minuteOfDay % 60,
          },
          settings.timeZone,
        );
  const subscriptions = target.id > 0 ? await listSubscriptions(store, target.id) : [];
  const collector = digestCollector(store);
  try {
    const window = digestWindow(settings, at, day === undefined ? target.windowStart : null);
    const date = localDay(at, settings.timeZone);
    const built = await collector.collect({ target, date, window, subscriptions });
    if (built.digest.trending.length > 0 || settings.size === 0 || day !== undefined) return { digest: built.digest, fallbackDay: null };
    // Nothing on Daily Papers in the window: the sources are behind (or offline). Show the latest day we have,
    // with the topics' matches around it.
    const newest = await newestDailyDate(store);
    if (newest === null || window.trendingDays.includes(newest)) return { digest: built.digest, fallbackDay: null };
    const fallback = await collector.collect({
      target,
      date,
      window: { ...window, trendingDays: [newest], topicsFrom: addDays(newest, -TOPIC_LOOKBACK_DAYS) },
      subscriptions,
    });
    return { digest: fallback.digest, fallbackDay: newest };
  } finally {
    collector.close();
  }
}
