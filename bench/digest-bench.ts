// Phase 4 of the bench: digests for many targets due together, on the store phase 1 filled. (a) Every due digest
// built with one digestCollector, each collect timed; (b) the real scheduler tick (runDigestTick: ledger claims,
// a no-op messenger) over the same targets, timed as a whole.
import pino from 'pino';
import { digestCollector } from '../src/app/digest/digest-collector.js';
import type { BuiltDigest } from '../src/core/digest/digest.js';
import { utcDay } from '../src/core/days.js';
import { schedulePlanner } from '../src/core/schedule/schedule-planner.js';
import { runDigestTick, type TickReport } from '../src/delivery/digest-scheduler.js';
import type { Messenger } from '../src/delivery/messenger.js';
import type { Store } from '../src/store/database.js';
import { sqlRow } from '../src/store/sql-runner.js';
import { papersArrivedBetween } from '../src/store/digest-candidates.js';
import { subscriptionsOfTargets } from '../src/store/subscriptions-repository.js';
import { dueTargets } from '../src/store/targets-repository.js';
import { BENCH_PLATFORM, createAudience, DIGEST_AT, type BenchAudience } from './digest-targets.js';
import { latencyStats, type LatencyStats } from './latency-stats.js';

export interface DigestWindowResult {
  start: string;
  trendingDays: string[];
  topicsFrom: string;
  targets: number;
  /** Papers the window's topic index holds (listed or published since topicsFrom). */
  candidates: number;
  /** The window's first collect: it reads the trending pool and builds the topic index. */
  firstCollectMs: number;
}

export interface DigestResult {
  scheduledFor: string;
  audience: BenchAudience;
  windows: DigestWindowResult[];
  build: {
    digests: number;
    /** Reading the due targets and their subscriptions, collecting every digest, closing the collector. */
    totalSeconds: number;
    readSeconds: number;
    /** collector.prepare: the shared topic indexes of the windows and the compiled topics, before the first collect. */
    prepareSeconds: number;
    /** The sum of the timed collect calls. */
    collectSeconds: number;
    perDigest: LatencyStats;
    nonEmpty: number;
    itemsPerDigest: number;
    trendingPerDigest: number;
    topicItemsPerDigest: number;
    /** Share of topic sections (5 per digest) with at least one paper. */
    topicSectionsWithPapers: number;
  };
  tick: {
    totalSeconds: number;
    report: TickReport;
    msPerTarget: number;
    deliveries: number;
    deliveredPapers: number;
  };
}

const seconds = (ms: number): number => Math.round(ms / 10) / 100;
const round2 = (v: number): number => Math.round(v * 100) / 100;

function itemsOf({ digest }: BuiltDigest): { trending: number; topics: number; sectionsWithPapers: number } {
  return {
    trending: digest.trending.length,
    topics: digest.topics.reduce((n, t) => n + t.items.length, 0),
    sectionsWithPapers: digest.topics.filter((t) => t.items.length > 0).length,
  };
}

export async function measureBuild(store: Store, now: Date, expected: number) {
  const logger = pino({ level: 'silent' });
  const started = performance.now();
  const due = await dueTargets(store, now, expected + 1, [BENCH_PLATFORM]);
  const subscriptions = await subscriptionsOfTargets(
    store,
    due.map((t) => t.id),
  );
  const read = performance.now() - started;
  const collector = digestCollector(store, logger);
  // As the scheduler does: the few schedules the targets share are worked out once.
  const plan = schedulePlanner();
  const samples: number[] = [];
  let prepared = 0;
  const windows = new Map<string, DigestWindowResult>();
  let nonEmpty = 0;
  let trending = 0;
  let topicItems = 0;
  let sections = 0;
  let sectionsWithPapers = 0;
  try {
    // As the scheduler does: windows ending together share one topic index.
    const preparing = performance.now();
    await collector.prepare(
      due.map((t) => plan.digestWindow(t.settings, t.nextRunAt, t.windowStart)),
      {
        topics: due.flatMap((t) => (subscriptions.get(t.id) ?? []).map((s) => s.query)),
        targets: due.map((target) => ({ target, window: plan.digestWindow(target.settings, target.nextRunAt, target.windowStart) })),
      },
    );
    prepared = performance.now() - preparing;
    for (const target of due) {
      const date = plan.localDay(target.nextRunAt, target.settings.timeZone);
      const window = plan.digestWindow(target.settings, target.nextRunAt, target.windowStart);
      const topics = subscriptions.get(target.id) ?? [];
      const t = performance.now();
      const built = await collector.collect({ target, date, window, subscriptions: topics });
      const ms = performance.now() - t;
      samples.push(ms);
      const key = `${window.topicsFrom}|${window.end.toISOString()}`;
      const seen = windows.get(key);
      if (seen === undefined) {
        windows.set(key, {
          start: window.start.toISOString(),
          trendingDays: window.trendingDays,
          topicsFrom: window.topicsFrom,
          targets: 1,
          candidates: 0,
          firstCollectMs: round2(ms),
        });
      } else seen.targets += 1;
      const items = itemsOf(built);
      if (!built.digest.empty) nonEmpty += 1;
      trending += items.trending;
      topicItems += items.topics;
      sections += topics.length;
      sectionsWithPapers += items.sectionsWithPapers;
    }
  } finally {
    collector.close();
  }
  const totalMs = performance.now() - started;
  // Untimed: how many papers each window's topic index held, so the figures mean something.
  for (const w of windows.values()) {
    w.candidates = (await papersArrivedBetween(store, w.topicsFrom, utcDay(now), now)).length;
  }
  const n = Math.max(1, due.length);
  return {
    windows: [...windows.values()],
    build: {
      digests: due.length,
      totalSeconds: seconds(totalMs),
      readSeconds: seconds(read),
      prepareSeconds: seconds(prepared),
      collectSeconds: seconds(samples.reduce((a, b) => a + b, 0)),
      perDigest: latencyStats(samples),
      nonEmpty,
      itemsPerDigest: round2((trending + topicItems) / n),
      trendingPerDigest: round2(trending / n),
      topicItemsPerDigest: round2(topicItems / n),
      topicSectionsWithPapers: round2(sectionsWithPapers / Math.max(1, sections)),
    },
  };
}

/** A platform that accepts every digest at once: the tick's own cost, without a network. */
export const noopMessenger: Messenger = {
  platform: BENCH_PLATFORM,
  sendDigest: () => Promise.resolve(['m']),
  notifyPaused: () => Promise.resolve(),
};

/** Rows in a ledger table; through the SQL runner, so the PostgreSQL phase reads its ledger the same way. */
export async function countRows(store: Store, table: 'deliveries' | 'delivered_papers'): Promise<number> {
  return (await sqlRow<{ n: number }>(store, `SELECT count(*) AS n FROM ${table}`))?.n ?? 0;
}

async function measureTick(store: Store, now: Date, targets: number) {
  const started = performance.now();
  const report = await runDigestTick({ store, logger: pino({ level: 'silent' }), messengers: [noopMessenger], owner: 'bench' }, now);
  const ms = performance.now() - started;
  return {
    totalSeconds: seconds(ms),
    report,
    msPerTarget: round2(ms / Math.max(1, targets)),
    deliveries: await countRows(store, 'deliveries'),
    deliveredPapers: await countRows(store, 'delivered_papers'),
  };
}

export async function measureDigests(
  store: Store,
  options: { seed: number; targets: number; subscriptionsPerTarget: number; log: (line: string) => void },
): Promise<DigestResult> {
  const now = new Date(DIGEST_AT);
  options.log(`creating ${options.targets.toLocaleString('en-US')} digest targets × ${options.subscriptionsPerTarget} topics…`);
  const audience = await createAudience(store, options);
  options.log(`building ${options.targets.toLocaleString('en-US')} digests with one collector…`);
  const { windows, build } = await measureBuild(store, now, options.targets);
  // Collecting wrote nothing: the same targets are still due, with an empty ledger, for the real tick.
  options.log(`running the scheduler tick for them…`);
  const tick = await measureTick(store, now, options.targets);
  return {
    scheduledFor: DIGEST_AT,
    audience,
    windows,
    build,
    tick,
  };
}
