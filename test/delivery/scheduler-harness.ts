// What the digest scheduler tests share: a real temporary store, a fake clock (Date values the test advances),
// and a Messenger that records what it was asked to send and can be told to fail.
import type { Selectable } from 'kysely';
import pino from 'pino';
import type { Digest } from '../../src/core/digest/digest.js';
import type { PaperInput } from '../../src/core/paper.js';
import type { DigestSettings, Target } from '../../src/core/targets/target.js';
import { runDigestTick, type DigestSchedulerOptions, type TickReport } from '../../src/delivery/digest-scheduler.js';
import type { DeliveryAttempt, Messenger } from '../../src/delivery/messenger.js';
import type { Store } from '../../src/store/database.js';
import { deliveriesOfTarget, type Delivery } from '../../src/store/deliveries-repository.js';
import { upsertPapers } from '../../src/store/papers-repository.js';
import type { DeliveriesTable } from '../../src/store/schema.js';
import { ensureTarget, findTargetById, saveTargetSettings } from '../../src/store/targets-repository.js';
import { createStoreOf, type Dialect } from '../helpers/temp-store.js';

export const PLATFORM = 'test';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export interface SentDigest {
  targetId: number;
  digest: Digest;
  deliveryId: number;
  /** The clock's time when the messenger was called. */
  at: string;
  messageIds: string[];
}

/** A Messenger for the made-up "test" platform: records every call, and throws the failures it is given. */
export class RecordingMessenger implements Messenger {
  readonly sent: SentDigest[] = [];
  /** Every sendDigest call, failed or not, with the attempt's number (the delivery's calls so far, this one included). */
  readonly calls: { targetId: number; deliveryId: number; at: string; number: number }[] = [];
  readonly adminNotes: { targetId: number; message: string }[] = [];
  private readonly failures: Error[] = [];
  /** Thrown by every send once the queued failures are used up (null: succeed). */
  alwaysFail: Error | null = null;

  constructor(
    private readonly clock: () => Date,
    readonly platform: string = PLATFORM,
  ) {}

  /** The next sends throw these, one each, in order. */
  failNext(...errors: Error[]): void {
    this.failures.push(...errors);
  }

  sendDigest(target: Target, digest: Digest, { id: deliveryId, number }: DeliveryAttempt): Promise<string[]> {
    const at = this.clock().toISOString();
    this.calls.push({ targetId: target.id, deliveryId, at, number });
    const failure = this.failures.shift() ?? this.alwaysFail;
    if (failure !== null) return Promise.reject(failure);
    const messageIds = [`${this.platform}-msg-${deliveryId}-1`, `${this.platform}-msg-${deliveryId}-2`];
    this.sent.push({ targetId: target.id, digest, deliveryId, at, messageIds });
    return Promise.resolve(messageIds);
  }

  notifyPaused(target: Target, reason: string): Promise<void> {
    this.adminNotes.push({ targetId: target.id, message: reason });
    return Promise.resolve();
  }

  sentTo(targetId: number): SentDigest[] {
    return this.sent.filter((s) => s.targetId === targetId);
  }
}

export interface HarnessStore {
  store: Store;
  /** DATABASE_URL of the store: a second connection (another process) opens it with openStore. */
  path: string;
  cleanup(): Promise<void>;
}

export interface Harness {
  temp: HarnessStore;
  store: Store;
  messenger: RecordingMessenger;
  options: DigestSchedulerOptions;
  /** The fake clock: the `now` of the latest tick. */
  clock: { now: Date };
  /** One tick at `at`, with these options (the harness's own by default). */
  tick(at: string | Date, options?: DigestSchedulerOptions): Promise<TickReport>;
  /** Ticks from `from` to `to` (both included) every `stepMs`; returns every report. */
  tickEvery(from: string, to: string, stepMs: number, options?: DigestSchedulerOptions): Promise<{ at: string; report: TickReport }[]>;
}

export async function createHarness(owner = 'host-a:100', dialect: Dialect = 'sqlite'): Promise<Harness> {
  const created = await createStoreOf(dialect);
  const temp: HarnessStore = { store: created.store, path: created.url, cleanup: () => created.cleanup() };
  const clock = { now: new Date(0) };
  const messenger = new RecordingMessenger(() => clock.now);
  const options: DigestSchedulerOptions = { store: temp.store, logger: pino({ level: 'silent' }), messengers: [messenger], owner };
  const tick = async (at: string | Date, tickOptions = options) => {
    clock.now = new Date(at);
    return runDigestTick(tickOptions, clock.now);
  };
  return {
    temp,
    store: temp.store,
    messenger,
    options,
    clock,
    tick,
    async tickEvery(from, to, stepMs, tickOptions = options) {
      const reports: { at: string; report: TickReport }[] = [];
      for (let t = new Date(from).getTime(); t <= new Date(to).getTime(); t += stepMs) {
        reports.push({ at: new Date(t).toISOString(), report: await tick(new Date(t), tickOptions) });
      }
      return reports;
    },
  };
}

/** A channel on the test platform, created at `now` with the default settings changed by `settings`. */
export async function addTarget(store: Store, address: string, now: string, settings: Partial<DigestSettings> = {}): Promise<Target> {
  const created = await ensureTarget(
    store,
    { platform: PLATFORM, workspace: 'team-1', kind: 'channel', address },
    new Date(now),
    'admin-1',
  );
  if (Object.keys(settings).length === 0) return created;
  return saveTargetSettings(store, created, { ...created.settings, ...settings }, new Date(now), null);
}

export async function reload(store: Store, target: Target): Promise<Target> {
  const fresh = await findTargetById(store, target.id);
  if (fresh === null) throw new Error(`target ${target.id} is gone`);
  return fresh;
}

/** A Daily Papers paper listed on `dailyDate` (published the day before). */
export function dailyPaper(id: string, dailyDate: string, title: string, upvotes = 10, extra: Partial<PaperInput> = {}): PaperInput {
  const published = new Date(`${dailyDate}T00:00:00.000Z`);
  published.setUTCDate(published.getUTCDate() - 1);
  return {
    source: 'hf',
    id,
    title,
    abstract: `${title}. We report experiments on standard benchmarks.`,
    authors: ['Ada Example', 'Ben Sample'],
    publishedAt: published.toISOString(),
    dailyDate,
    upvotes,
    ...extra,
  };
}

export async function addPapers(store: Store, papers: PaperInput[], now = '2026-01-01T00:00:00.000Z'): Promise<void> {
  await upsertPapers(store, papers, now);
}

/** Every paper id a digest shows, trending first. */
export function idsIn(digest: Digest): string[] {
  return [...digest.trending.map((i) => i.id), ...digest.topics.flatMap((t) => t.items.map((i) => i.id))];
}

export async function ledger(store: Store, target: Target): Promise<Delivery[]> {
  return deliveriesOfTarget(store, target.id);
}

/** The raw ledger row, with the lease and retry columns the Delivery type leaves out. */
export async function ledgerRow(store: Store, deliveryId: number): Promise<Selectable<DeliveriesTable>> {
  return store.db.selectFrom('deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirstOrThrow();
}

export function totals(reports: { report: TickReport }[]): TickReport {
  const sum: TickReport = { sent: 0, silent: 0, skipped: 0, retrying: 0, failed: 0 };
  for (const { report } of reports) {
    for (const key of Object.keys(sum) as (keyof TickReport)[]) sum[key] += report[key];
  }
  return sum;
}
