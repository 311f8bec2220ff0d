// The digest bench's audience: N channel targets on platform "bench", spread over a few time zones and schedules
// but all due at one instant, each following topics from the Zipf-popular pool. Created through the same
// repositories the bot uses (ensureTarget, saveTargetSettings, addSubscription).
import type { Store } from '../src/store/database.js';
import { sqlRow, sqlRun } from '../src/store/sql-runner.js';
import { topicKey } from '../src/app/subscriptions.js';
import { topicExpression } from '../src/app/search/topic-expression.js';
import type { DigestSettings } from '../src/core/targets/target.js';
import { addSubscription } from '../src/store/subscriptions-repository.js';
import { ensureTarget, saveTargetSettings } from '../src/store/targets-repository.js';
import { pick, streamFor, type Rng } from './prng.js';
import { buildTopicPool, topicDrawer, TOPIC_CLASSES, type TopicClass } from './topic-pool.js';

export const BENCH_PLATFORM = 'bench';

/**
 * When the measured batch is due: Monday 2026-11-30, 13:00 UTC. The corpus's newest complete Daily Papers days are
 * 11-27 and 11-28 (11-29 is two-thirds listed), so a daily digest covers 11-29's list, a Monday-to-Friday one the
 * weekend (11-27 to 11-29), a weekly one the whole week; topic candidates reach 3 days further back.
 */
export const DIGEST_AT = '2026-11-30T13:00:00.000Z';
/** Targets are configured an hour before, so the schedule's next run is DIGEST_AT. */
const CONFIGURED_AT = '2026-11-30T12:00:00.000Z';

/** Local times that all fall on DIGEST_AT (no zone changes its clock in late November), with their weights. */
const ZONES: { timeZone: string; minuteOfDay: number; weight: number }[] = [
  { timeZone: 'America/New_York', minuteOfDay: 8 * 60, weight: 30 },
  { timeZone: 'Europe/Berlin', minuteOfDay: 14 * 60, weight: 20 },
  { timeZone: 'Europe/London', minuteOfDay: 13 * 60, weight: 15 },
  { timeZone: 'America/Chicago', minuteOfDay: 7 * 60, weight: 10 },
  { timeZone: 'Asia/Kolkata', minuteOfDay: 18 * 60 + 30, weight: 10 },
  { timeZone: 'Asia/Shanghai', minuteOfDay: 21 * 60, weight: 10 },
  { timeZone: 'America/Sao_Paulo', minuteOfDay: 10 * 60, weight: 5 },
];
/** Mondays to Fridays (the default), every day, three days a week, weekly: three distinct windows on a Monday. */
const WEEKDAYS: { days: number[]; weight: number }[] = [
  { days: [1, 2, 3, 4, 5], weight: 60 },
  { days: [1, 2, 3, 4, 5, 6, 7], weight: 25 },
  { days: [1, 3, 5], weight: 10 },
  { days: [1], weight: 5 },
];
const SIZES = [
  { value: 10, weight: 65 },
  { value: 5, weight: 15 },
  { value: 0, weight: 10 },
  { value: 20, weight: 10 },
];
const MIN_UPVOTES = [
  { value: 0, weight: 70 },
  { value: 5, weight: 20 },
  { value: 20, weight: 10 },
];

function weighted<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((sum, i) => sum + i.weight, 0);
  let r = rng() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return pick(rng, items);
}

export interface BenchAudience {
  targets: number;
  subscriptions: number;
  pool: number;
  poolByClass: Record<TopicClass, number>;
  /** Distinct query strings followed (the collector's cache key) and distinct topics by topicKey. */
  distinctQueries: number;
  distinctTopics: number;
  /** Targets following the most popular topic (by topicKey). */
  topTopicFollowers: { topic: string; targets: number };
  /** Pool topics that topicExpression rejects (they would match nothing): 0 expected. */
  invalidTopics: string[];
  setupSeconds: number;
}

/**
 * Empties the digest tables of the bench store, so a kept corpus can be measured again (and the PostgreSQL phase
 * can run its ticks twice on the same targets). One statement at a time, through the SQL runner, on either store.
 */
export async function resetDigestTables(store: Store): Promise<void> {
  for (const table of ['delivered_papers', 'deliveries', 'subscriptions', 'targets']) await sqlRun(store, `DELETE FROM ${table}`);
}

export async function createAudience(
  store: Store,
  options: { seed: number; targets: number; subscriptionsPerTarget: number },
): Promise<BenchAudience> {
  const started = performance.now();
  await resetDigestTables(store);
  const pool = buildTopicPool(options.seed);
  const drawTopics = topicDrawer(options.seed, pool);
  const rng = streamFor(options.seed, 'digest-targets');
  const configuredAt = new Date(CONFIGURED_AT);
  const queries = new Set<string>();
  const followers = new Map<string, number>();
  let subscriptions = 0;
  // One transaction around the async repository calls: creating 10,000 targets one commit each would measure
  // fsync, not the bench. A kysely transaction rather than BEGIN on the raw connection, so it holds one connection
  // on PostgreSQL too; the repositories only use `db`, so they run inside it when handed a store whose db is it.
  await store.db.transaction().execute(async (trx) => {
    const tx: Store = { ...store, db: trx };
    for (let i = 0; i < options.targets; i += 1) {
      const address = { platform: BENCH_PLATFORM, workspace: 'w', kind: 'channel' as const, address: `c${i}` };
      const created = await ensureTarget(tx, address, configuredAt, 'u');
      const zone = weighted(rng, ZONES);
      const settings: DigestSettings = {
        ...created.settings,
        timeZone: zone.timeZone,
        minuteOfDay: zone.minuteOfDay,
        weekdays: weighted(rng, WEEKDAYS).days,
        size: weighted(rng, SIZES).value,
        minUpvotes: weighted(rng, MIN_UPVOTES).value,
        emptyDay: rng() < 0.2 ? 'silent' : 'note',
      };
      const target = await saveTargetSettings(tx, created, settings, configuredAt, 'u');
      for (const query of drawTopics(options.subscriptionsPerTarget)) {
        const added = await addSubscription(tx, {
          targetId: target.id,
          query,
          queryKey: topicKey(query),
          createdBy: 'u',
          now: configuredAt,
        });
        if (added) subscriptions += 1;
        queries.add(query);
        followers.set(topicKey(query), (followers.get(topicKey(query)) ?? 0) + 1);
      }
    }
  });
  const due = await sqlRow<{ n: number }>(
    store,
    'SELECT count(*) AS n FROM targets WHERE platform = ? AND next_run_at = ? AND paused = 0',
    [BENCH_PLATFORM, DIGEST_AT],
  );
  if (due?.n !== options.targets) throw new Error(`only ${due?.n ?? 0} of ${options.targets} bench targets are due at ${DIGEST_AT}`);

  const invalidTopics: string[] = [];
  for (const { query } of pool) {
    try {
      await topicExpression(store, query);
    } catch (error) {
      invalidTopics.push(`${query}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const poolByClass = Object.fromEntries(TOPIC_CLASSES.map((cls) => [cls, pool.filter((t) => t.cls === cls).length])) as Record<
    TopicClass,
    number
  >;
  const [topTopic, topCount] = [...followers].reduce((best, entry) => (entry[1] > best[1] ? entry : best), ['', 0]);
  return {
    targets: options.targets,
    subscriptions,
    pool: pool.length,
    poolByClass,
    distinctQueries: queries.size,
    distinctTopics: followers.size,
    topTopicFollowers: { topic: topTopic, targets: topCount },
    invalidTopics,
    setupSeconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
