// One scheduler tick: send what is due, exactly once. First the ledger's open deliveries (a crashed sender's,
// or retries whose time has come), then every target whose next run has arrived. Each digest is claimed in the
// ledger (with a lease) before it is sent and marked sent after, so a crash or a second process never repeats it.
// Only sends the platform answered count as attempts: a digest taken over after a crash has lost none.
import type { Logger } from 'pino';
import { digestCollector, type DigestCollector } from '../app/digest/digest-collector.js';
import type { Digest } from '../core/digest/digest.js';
import { deliveryContent, storedDigest } from '../app/digest/stored-digest.js';
import { localDay, previousRunBefore } from '../core/schedule/next-run.js';
import { schedulePlanner } from '../core/schedule/schedule-planner.js';
import type { Target } from '../core/targets/target.js';
import type { Store } from '../store/database.js';
import {
  beginDeliveryCall,
  claimDigest,
  claimOpenDeliveries,
  closeDelivery,
  markDeliverySent,
  recordDeliveryMessage,
  releaseDelivery,
  scheduleDeliveryRetry,
  type Delivery,
} from '../store/deliveries-repository.js';
import { subscriptionsOfTargets } from '../store/subscriptions-repository.js';
import { claimDueTargets, findTargetById, pauseTarget, releaseTargetClaims } from '../store/targets-repository.js';
import { storeTroubleKind } from '../store/store-trouble.js';
import { classifyDeliveryFailure } from './delivery-failure.js';
import type { Messenger } from './messenger.js';

export interface DigestSchedulerOptions {
  store: Store;
  logger: Logger;
  messengers: readonly Messenger[];
  /** Names this process in leases (host and pid, say). */
  owner: string;
  /** How long a claimed delivery stays ours before another process may take it over. */
  leaseMs?: number;
  /** Targets read per batch. */
  batchSize?: number;
  /**
   * Failed attempts (sends the platform answered with a failure) before a delivery is given up as failed. A send
   * a crash cut short, or a claim taken over from a dead process, is not an attempt.
   */
  maxAttempts?: number;
  /**
   * Stopping (SIGTERM): no new digest is claimed once this is aborted; the one being sent is finished. What is
   * left stays due (or pending in the ledger) for the next run.
   */
  signal?: AbortSignal;
  /**
   * Digests sent at the same time per platform, unless its messenger says otherwise. Claims are made one at a
   * time; sends overlap, so a channel waiting out a rate limit does not hold up the others.
   */
  concurrency?: number;
  /** Told of each digest's outcome, by platform (metrics). */
  onOutcome?: (platform: string, outcome: 'sent' | 'failed' | 'skipped' | 'silent' | 'retrying') => void;
  /** Told of each digest built for a due target, by platform (metrics). */
  onBuilt?: (platform: string) => void;
  /**
   * Deliveries whose send the store cut short (it could not record a part, or the outcome), kept from one tick to
   * the next: each tick gives them back once the store answers, and whoever claims one next finds the parts
   * already posted. Without it they wait for their lease to end.
   */
  cutShortByStore?: Set<number>;
}

export interface TickReport {
  /** Digests sent. */
  sent: number;
  /** Empty days left silent, as the target asked. */
  silent: number;
  /** Missed digests skipped because their local day was over. */
  skipped: number;
  /** Sends that failed and will be tried again. */
  retrying: number;
  /** Sends given up: the target is paused and its admin told. */
  failed: number;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
/**
 * How long a process keeps the due targets it took to build their digests (a batch takes a second or two): past
 * it, a process that died while building leaves them to the others.
 */
export const TARGET_CLAIM_MS = 2 * 60_000;
/** Due targets, or open deliveries, one process takes at a time. */
export const CLAIM_BATCH = 50;
export const DEFAULT_CONCURRENCY = 8;
/**
 * Calls cut short (the process died before the platform answered) after which a digest is given up: crashes are
 * not attempts, but a digest that brings the bot down each time it is sent would otherwise crash every restart
 * until its day ends. Far above what kills during one fan-out do (each can cut a digest short once).
 */
export const MAX_CALLS_CUT_SHORT = 20;
const MINUTE_MS = 60_000;
const RETRY_BASE_MS = MINUTE_MS;
const RETRY_MAX_MS = 30 * MINUTE_MS;

function retryDelay(attempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * When a failed send is tried again. The backoff is counted in ticks: a tick comes each minute, a little after the
 * minute starts (later when the event loop is busy), so a retry due a minute after this tick's instant would
 * fall just after the next tick and wait for the one after. It is due at the start of the minute `backoff`
 * after this tick's minute instead, which the tick of that minute always finds due. A wait the platform asked
 * for (Retry-After) is kept to the millisecond.
 */
function retryTime(now: Date, attempts: number, retryAfterMs: number | null = null): Date {
  const thisMinute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  return new Date(Math.max(thisMinute + retryDelay(attempts), now.getTime() + (retryAfterMs ?? 0)));
}

export async function runDigestTick(options: DigestSchedulerOptions, now: Date): Promise<TickReport> {
  const { store, logger } = options;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  // Taken a batch at a time, so processes sharing the store share a fan-out instead of one taking all of it.
  const batchSize = options.batchSize ?? CLAIM_BATCH;
  const maxAttempts = options.maxAttempts ?? 8;
  const messengers = new Map(options.messengers.map((m) => [m.platform, m]));
  const report: TickReport = { sent: 0, silent: 0, skipped: 0, retrying: 0, failed: 0 };
  const cutShortByStore = options.cutShortByStore ?? new Set<number>();

  /**
   * Sends a claimed digest; `failedBefore`: attempts the platform failed earlier (none for a fresh claim). When
   * the store fails on the way (it cannot be reached, say), the send is not an attempt: the delivery stays pending
   * and ours until the store answers again, then it is given back (see cutShortByStore), and the next call finds
   * the parts already posted.
   */
  const send = async (
    target: Target,
    messenger: Messenger,
    deliveryId: number,
    failedBefore: number,
    digest: Digest,
    sent: readonly string[],
    calling: () => void,
  ) => {
    const log = logger.child({ target: target.id, platform: target.platform, delivery: deliveryId, date: digest.date });
    // Where a store failure is put, when a messenger may report it as its own.
    const storeFailures: unknown[] = [];
    const attempt = async () => {
      // Recorded before the platform hears of it: if this process dies during the call, the next one looks for the
      // parts it may have posted. Not an attempt yet: that takes the platform's answer.
      const call = await beginDeliveryCall(store, deliveryId);
      if (call === null) {
        log.warn('delivery no longer pending; not sending it');
        return;
      }
      const attempts = failedBefore + 1;
      const cutShort = call - 1 - failedBefore;
      if (cutShort >= MAX_CALLS_CUT_SHORT) {
        await giveUp(
          target,
          messenger,
          deliveryId,
          `gave up after ${cutShort} sends cut short by the bot stopping (does this digest crash it?)`,
          log,
        );
        return;
      }
      /** A store write during the send: its failure is remembered, then passed on. */
      const storeWrite = (write: Promise<void>) =>
        write.catch((error: unknown) => {
          storeFailures.push(error);
          throw error;
        });
      const recordSent = (messageId: string) => storeWrite(recordDeliveryMessage(store, deliveryId, messageId));
      try {
        calling();
        const messageIds = await messenger.sendDigest(target, digest, { id: deliveryId, number: call, sent, recordSent });
        await storeWrite(markDeliverySent(store, deliveryId, messageIds, now));
        report.sent += 1;
        options.onOutcome?.(target.platform, 'sent');
        log.info(
          {
            event: 'digest.sent',
            messages: messageIds.length,
            papers: digest.trending.length + digest.topics.reduce((n, t) => n + t.items.length, 0),
          },
          'digest sent',
        );
      } catch (error) {
        // Not the platform's failure: see send.
        if (storeFailures.length > 0) throw storeFailures[0];
        const failure = classifyDeliveryFailure(error);
        if (failure.kind === 'retry' && attempts < maxAttempts) {
          const retryAt = retryTime(now, attempts, failure.retryAfterMs);
          await scheduleDeliveryRetry(store, deliveryId, failure.reason, retryAt);
          report.retrying += 1;
          options.onOutcome?.(target.platform, 'retrying');
          log.warn({ event: 'digest.retry', reason: failure.reason, attempts, retryAt }, 'digest send failed; will retry');
          return;
        }
        const reason = failure.kind === 'stop' ? failure.reason : `gave up after ${attempts} attempts: ${failure.reason}`;
        await giveUp(target, messenger, deliveryId, reason, log, failure.reason);
      }
    };
    try {
      await attempt();
    } catch (error) {
      if (storeFailures.length === 0 && storeTroubleKind(error) === null) throw error;
      cutShortByStore.add(deliveryId);
      log.warn(
        { event: 'digest.store-failed', err: storeFailures[0] ?? error },
        'the store failed during the send; the digest is finished once it answers again',
      );
    }
  };

  /** Closes a delivery as failed, pauses its target and tells the admin why. */
  const giveUp = async (target: Target, messenger: Messenger, deliveryId: number, reason: string, log: Logger, error = reason) => {
    await closeDelivery(store, deliveryId, 'failed', error, now);
    report.failed += 1;
    options.onOutcome?.(target.platform, 'failed');
    await pauseTarget(store, target.id, reason, now);
    log.error({ event: 'target.paused', reason }, 'digest could not be delivered; target paused');
    try {
      await messenger.notifyPaused(target, reason);
    } catch (notifyError) {
      log.warn({ err: notifyError }, 'could not tell the admin that the digest is paused');
    }
  };

  const platforms = [...messengers.keys()];

  // Sends in flight per platform, at most its concurrency; each settles on its own (send() reports its failures).
  // launch returns once the job has called the platform (or ended without calling it): the tick claims the next
  // digest only after this one is under way, so a stop asked for during the call claims nothing more.
  const inFlightOf = new Map<string, Set<Promise<void>>>();
  const launch = async (platform: string, job: (calling: () => void) => Promise<void>): Promise<void> => {
    const limit = Math.max(1, messengers.get(platform)?.concurrency ?? options.concurrency ?? DEFAULT_CONCURRENCY);
    let mine = inFlightOf.get(platform);
    if (mine === undefined) inFlightOf.set(platform, (mine = new Set()));
    while (mine.size >= limit) await Promise.race(mine);
    let calling: () => void = () => undefined;
    const called = new Promise<void>((resolve) => (calling = resolve));
    const running: Promise<void> = job(calling)
      .catch((error: unknown) => logger.error({ err: error }, 'a digest send failed unexpectedly; the ledger keeps it for a retry'))
      .finally(() => mine.delete(running));
    mine.add(running);
    await Promise.race([called, running]);
  };

  const plan = schedulePlanner();

  // 0. Sends the store cut short in an earlier tick: given back, now that it may answer (if not, next tick).
  for (const id of [...cutShortByStore]) {
    try {
      await releaseDelivery(store, id, options.owner);
      cutShortByStore.delete(id);
    } catch (error) {
      if (storeTroubleKind(error) === null) throw error;
      logger.warn({ err: error, delivery: id }, 'the store is still failing; the digest is given back at the next tick');
      break;
    }
  }

  // 1. Deliveries claimed earlier but not finished: a crashed sender's, or retries that are due. Each goes through
  // its platform's pool, like a fresh digest: after a restart, these are most of the work.
  const stopping = () => options.signal?.aborted === true;
  // A batch at a time (each claimed delivery holds a lease, so none comes back within the tick).
  for (;;) {
    const batch = stopping() ? [] : await claimOpenDeliveries(store, now, options.owner, leaseMs, batchSize, platforms);
    for (const delivery of batch) {
      // Claimed but not started: given back at once, for whoever runs next.
      if (stopping()) {
        await releaseDelivery(store, delivery.id, options.owner);
        continue;
      }
      const target = await findTargetById(store, delivery.targetId);
      // claimOpenDeliveries takes only deliveries of this process's platforms, so a messenger is there.
      const messenger = target === null ? undefined : messengers.get(target.platform);
      if (target === null || messenger === undefined) continue;
      // A stop that comes while it waits for room in the pool gives it back untried as well.
      await launch(target.platform, (calling) =>
        stopping()
          ? releaseDelivery(store, delivery.id, options.owner)
          : resumeDelivery(delivery, target, messenger, calling).catch((error: unknown) => {
              // Reading its digest or closing it failed in the store: given back once the store answers again.
              if (storeTroubleKind(error) === null) throw error;
              cutShortByStore.add(delivery.id);
              logger.warn({ err: error, delivery: delivery.id }, 'the store failed while resuming a digest; it is given back later');
            }),
      );
    }
    if (batch.length < batchSize) break;
  }

  async function resumeDelivery(delivery: Delivery, target: Target, messenger: Messenger, calling: () => void): Promise<void> {
    if (target.settings.paused || localDay(now, target.settings.timeZone) !== delivery.digestDate) {
      const why = target.settings.paused ? 'the target was paused' : 'its day ended before it could be delivered';
      await closeDelivery(store, delivery.id, 'skipped', why, now);
      report.skipped += 1;
      options.onOutcome?.(target.platform, 'skipped');
      logger.warn(
        { event: 'digest.skipped', target: target.id, platform: target.platform, delivery: delivery.id, date: delivery.digestDate },
        `digest skipped: ${why}`,
      );
      return;
    }
    await send(target, messenger, delivery.id, delivery.attempts, await storedDigest(store, delivery), delivery.messageIds, calling);
  }

  // 2. Targets whose next run has come. One collector for the whole tick: targets due together share windows,
  // and each window's papers, topic index and topic matches are read once.
  const collector = digestCollector(store, logger);
  try {
    while (!stopping()) {
      const due = await claimDueTargets(store, { now, limit: batchSize, platforms, owner: options.owner, leaseMs: TARGET_CLAIM_MS });
      if (due.length === 0) break;
      const subscriptions = await subscriptionsOfTargets(
        store,
        due.map((t) => t.id),
      );
      // Windows ending together share one topic index: build it for the earliest of them first. The batch's
      // topics are compiled together too.
      const collectingToday = due.filter(
        (t) => subscriptions.has(t.id) && plan.localDay(now, t.settings.timeZone) === plan.localDay(t.nextRunAt, t.settings.timeZone),
      );
      const windowsDue = due.map((target) => ({
        target,
        window: plan.digestWindow(target.settings, target.nextRunAt, target.windowStart),
      }));
      await collector.prepare(
        collectingToday.map((t) => plan.digestWindow(t.settings, t.nextRunAt, t.windowStart)),
        { topics: collectingToday.flatMap((t) => (subscriptions.get(t.id) ?? []).map((s) => s.query)), targets: windowsDue },
      );
      let progressed = false;
      for (const target of due) {
        if (stopping()) break;
        const messenger = messengers.get(target.platform);
        if (messenger === undefined) continue;
        try {
          const outcome = await claimAndSend(target, messenger, collector, subscriptions.get(target.id) ?? []);
          progressed ||= outcome;
        } catch (error) {
          logger.error({ err: error, target: target.id }, 'digest tick failed for a target; it stays due');
        }
      }
      // A batch in which no target could be advanced would come back unchanged: leave it to the next tick.
      if (!progressed || due.length < batchSize) break;
    }
  } finally {
    collector.close();
    await Promise.all([...inFlightOf.values()].flatMap((pool) => [...pool]));
    // Targets taken but not advanced (a failure, a stop) are due again for whoever ticks next, at once.
    await releaseTargetClaims(store, options.owner).catch((error: unknown) =>
      logger.warn({ err: error }, 'could not let go of claimed targets; they free themselves when the claim ends'),
    );
  }
  return report;

  /** Claims the target's due digest and sends it. False when the target could not be advanced. */
  async function claimAndSend(
    target: Target,
    messenger: Messenger,
    collector: DigestCollector,
    subscriptions: Parameters<DigestCollector['collect']>[0]['subscriptions'],
  ): Promise<boolean> {
    const { settings } = target;
    const scheduledFor = target.nextRunAt;
    const date = plan.localDay(scheduledFor, settings.timeZone);
    const nextRunAt = plan.nextRunAfter(settings, now);
    const base = { targetId: target.id, expectedRunAt: scheduledFor, nextRunAt, digestDate: date, owner: options.owner, leaseMs, now };
    const today = plan.localDay(now, settings.timeZone);
    if (today !== date) {
      // Missed while the bot was down, and its day is over: skip it (the next digest's window still covers it).
      // If today's run has come as well, the target moves to it rather than past it, and today's digest, missed
      // but with its day not over, is sent right after: once, like any missed digest of the same day.
      const todaysRun = previousRunBefore(settings, new Date(now.getTime() + 1));
      const catchUp = todaysRun > scheduledFor && localDay(todaysRun, settings.timeZone) === today;
      const result = await claimDigest(store, {
        ...base,
        nextRunAt: catchUp ? todaysRun : nextRunAt,
        nextWindowStart: target.windowStart,
        windowStart: target.windowStart ?? scheduledFor,
        windowEnd: scheduledFor,
        status: 'skipped',
        content: { trending: [], topics: [] },
        paperIds: [],
        error: 'missed: the bot was not running on that day',
      });
      if (result.claimed) {
        report.skipped += 1;
        options.onOutcome?.(target.platform, 'skipped');
        logger.warn({ event: 'digest.skipped', target: target.id, date, scheduledFor }, 'missed digest skipped: its day is over');
      }
      const advanced = result.claimed || result.reason === 'already-done';
      if (advanced && catchUp) return claimAndSend({ ...target, nextRunAt: todaysRun }, messenger, collector, subscriptions);
      return advanced;
    }
    const window = plan.digestWindow(settings, scheduledFor, target.windowStart);
    const built = await collector.collect({ target, date, window, subscriptions });
    options.onBuilt?.(target.platform);
    // Building it took a while: if the process was asked to stop meanwhile, the target stays due for the next one.
    if (stopping()) return false;
    const silent = built.digest.empty && settings.emptyDay === 'silent';
    const result = await claimDigest(store, {
      ...base,
      nextWindowStart: scheduledFor,
      windowStart: window.start,
      windowEnd: window.end,
      status: silent ? 'empty' : 'pending',
      content: deliveryContent(built),
      paperIds: built.paperIds,
      docIds: built.docIds,
      error: null,
    });
    if (!result.claimed) {
      if (result.reason === 'already-done')
        logger.info({ target: target.id, date }, 'digest for this day already handled; not sending again');
      return result.reason === 'already-done';
    }
    if (silent) {
      report.silent += 1;
      options.onOutcome?.(target.platform, 'silent');
      return true;
    }
    const deliveryId = result.deliveryId;
    await launch(target.platform, (calling) => send(target, messenger, deliveryId, 0, built.digest, [], calling));
    return true;
  }
}
