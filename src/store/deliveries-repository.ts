// The delivery ledger: one row per target and local day, written before a digest is sent and marked sent (with
// the platform's message ids) after. A pending row is a claim with a lease, so after a crash another process
// (or the restarted one) takes it over, and no two processes ever send the same digest. Taking a digest over is
// not an attempt at it: only sends the platform answered count towards giving it up.
import { sql, type Selectable } from 'kysely';
import type { DigestContext } from '../core/digest/digest.js';
import type { Store } from './database.js';
import { inTransaction, sqlRow, sqlRun, type SqlDialect, type SqlSession } from './sql-runner.js';
import type { DeliveriesTable, DeliveryStatus } from './schema.js';

/** The papers of a digest, fixed when it is claimed, so a retry sends the same digest. */
export interface DeliveryContent {
  trending: string[];
  topics: { topic: string; ids: string[]; more: number }[];
  /** The topics each paper matched, by paper id (only papers that matched any). */
  labels?: Record<string, string[]>;
  /** What the digest was built from, so a digest sent (or re-sent) empty says why; absent in older rows. */
  context?: DigestContext;
}

export interface Delivery {
  id: number;
  targetId: number;
  digestDate: string;
  scheduledFor: Date;
  windowStart: Date;
  windowEnd: Date;
  status: DeliveryStatus;
  content: DeliveryContent;
  /** Sends the platform answered: its failures, and the send that succeeded. A claim or a crash is not one. */
  attempts: number;
  /** Times the platform was called with it (each recorded before the call), calls a crash cut short included. */
  calls: number;
  messageIds: string[];
  error: string | null;
}

function fromRow(row: Selectable<DeliveriesTable>): Delivery {
  return {
    id: row.id,
    targetId: row.target_id,
    digestDate: row.digest_date,
    scheduledFor: new Date(row.scheduled_for),
    windowStart: new Date(row.window_start),
    windowEnd: new Date(row.window_end),
    status: row.status,
    content: { trending: [], topics: [], ...(JSON.parse(row.content) as Partial<DeliveryContent>) },
    attempts: row.attempts,
    calls: row.calls,
    messageIds: JSON.parse(row.message_ids) as string[],
    error: row.error,
  };
}

export interface DigestClaim {
  targetId: number;
  /** The target's next_run_at as read; the claim fails if another process has moved it since. */
  expectedRunAt: Date;
  nextRunAt: Date;
  /** Where the target's following window starts. */
  nextWindowStart: Date | null;
  digestDate: string;
  windowStart: Date;
  windowEnd: Date;
  /** pending: to send now; empty: nothing to say and the target wants silence; skipped: missed while down. */
  status: 'pending' | 'empty' | 'skipped';
  content: DeliveryContent;
  /** Papers recorded as delivered to the target (they are never sent to it again). */
  paperIds: readonly string[];
  /** Their doc ids, when the caller has them (saves a lookup per paper). */
  docIds?: readonly number[];
  error: string | null;
  owner: string;
  leaseMs: number;
  now: Date;
}

export type ClaimResult = { claimed: true; deliveryId: number } | { claimed: false; reason: 'taken' | 'already-done' };

// A tick claims thousands of digests: the statements are written out (plain SQL any database takes) and
// prepared once per connection, instead of being built and prepared for each claim.
const ADVANCE_TARGET = `UPDATE targets SET next_run_at = ?, window_start = ?, updated_at = ?
  WHERE id = ? AND next_run_at = ? AND paused = 0`;
const INSERT_DELIVERY = `INSERT INTO deliveries (target_id, digest_date, scheduled_for, window_start, window_end, status, content,
    lease_owner, lease_expires_at, next_attempt_at, error, created_at, finished_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
  ON CONFLICT (target_id, digest_date) DO NOTHING RETURNING id`;
// A digest's papers in one statement each way, the list passed as one JSON array (a statement per paper cost more
// than the rest of the claim).
const RECORD_BY_DOC_IDS: Record<SqlDialect, string> = {
  sqlite: `INSERT INTO delivered_papers (target_id, doc_id, delivery_id) SELECT ?, value, ? FROM json_each(?) WHERE true
    ON CONFLICT DO NOTHING`,
  postgres: `INSERT INTO delivered_papers (target_id, doc_id, delivery_id) SELECT ?, value::bigint, ? FROM jsonb_array_elements_text(?::jsonb)
    ON CONFLICT DO NOTHING`,
};
const RECORD_BY_PAPER_IDS: Record<SqlDialect, string> = {
  sqlite: `INSERT INTO delivered_papers (target_id, doc_id, delivery_id) SELECT ?, doc_id, ? FROM papers
    WHERE id IN (SELECT value FROM json_each(?)) ON CONFLICT DO NOTHING`,
  postgres: `INSERT INTO delivered_papers (target_id, doc_id, delivery_id) SELECT ?, doc_id, ? FROM papers
    WHERE id IN (SELECT jsonb_array_elements_text(?::jsonb)) ON CONFLICT DO NOTHING`,
};

/**
 * Advances the target to its next run and records the digest, in one transaction. `taken`: another process
 * advanced the target first. `already-done`: the target already had a digest for that local day (its schedule
 * was moved later after it was sent); the target is still advanced, and nothing is sent twice.
 */
export function claimDigest(store: SqlSession, claim: DigestClaim): Promise<ClaimResult> {
  return inTransaction(store, async (tx): Promise<ClaimResult> => {
    const nowIso = claim.now.toISOString();
    const advanced = await sqlRun(tx, ADVANCE_TARGET, [
      claim.nextRunAt.toISOString(),
      claim.nextWindowStart?.toISOString() ?? null,
      nowIso,
      claim.targetId,
      claim.expectedRunAt.toISOString(),
    ]);
    if (advanced === 0) return { claimed: false, reason: 'taken' };
    const pending = claim.status === 'pending';
    const row = await sqlRow<{ id: number }>(tx, INSERT_DELIVERY, [
      claim.targetId,
      claim.digestDate,
      claim.expectedRunAt.toISOString(),
      claim.windowStart.toISOString(),
      claim.windowEnd.toISOString(),
      claim.status,
      JSON.stringify(claim.content),
      pending ? claim.owner : null,
      pending ? new Date(claim.now.getTime() + claim.leaseMs).toISOString() : null,
      claim.error,
      nowIso,
      pending ? null : nowIso,
    ]);
    if (row === undefined) return { claimed: false, reason: 'already-done' };
    if (claim.docIds !== undefined && claim.docIds.length === claim.paperIds.length) {
      if (claim.docIds.length > 0) await sqlRun(tx, RECORD_BY_DOC_IDS[tx.dialect], [claim.targetId, row.id, JSON.stringify(claim.docIds)]);
    } else if (claim.paperIds.length > 0) {
      await sqlRun(tx, RECORD_BY_PAPER_IDS[tx.dialect], [claim.targetId, row.id, JSON.stringify(claim.paperIds)]);
    }
    return { claimed: true, deliveryId: row.id };
  });
}

/**
 * Gives back a delivery `owner` holds, so anyone may take it at once: one claimed but not tried (the process is
 * stopping), or one whose send the store cut short. A lease that has passed to another process is left alone.
 */
export async function releaseDelivery(store: Store, id: number, owner: string): Promise<void> {
  await store.db
    .updateTable('deliveries')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('lease_owner', '=', owner)
    .execute();
}

/**
 * At start: digests an earlier run of this same instance claimed but did not finish (it was killed, or the
 * machine went down) are given up at once, instead of when their leases expire, so the restarted process
 * goes on with them right away. Owners are "instance:pid"; only another pid of the same instance is touched.
 */
export async function releaseEarlierRunsLeases(store: Store, instance: string, owner: string): Promise<number> {
  const released = await store.db
    .updateTable('deliveries')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('status', '=', 'pending')
    // A prefix compared as text (LIKE would read "_" in an instance name as a wildcard).
    .where(sql<boolean>`substr(lease_owner, 1, ${instance.length + 1}) = ${`${instance}:`}`)
    .where('lease_owner', '!=', owner)
    .executeTakeFirst();
  return Number(released.numUpdatedRows);
}

/**
 * Pending deliveries nobody is working on (a crashed sender's lease has expired, or a retry's time has come),
 * each claimed for `owner` with a fresh lease. At most `limit`. Only those of targets on `platforms`: a process
 * never takes a delivery it cannot send away from one that can.
 */
export async function claimOpenDeliveries(
  store: SqlSession,
  now: Date,
  owner: string,
  leaseMs: number,
  limit: number,
  platforms: readonly string[],
): Promise<Delivery[]> {
  if (platforms.length === 0) return [];
  const nowIso = now.toISOString();
  return inTransaction(store, async (tx) => {
    const servedTargets = tx.db
      .selectFrom('targets')
      .select('id')
      .where('platform', 'in', [...platforms]);
    const open = tx.db
      .selectFrom('deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('target_id', 'in', servedTargets)
      .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', nowIso)]))
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', nowIso)]))
      .orderBy('id')
      .limit(limit);
    // PostgreSQL: processes taking over together each lock and take different rows, none waiting for another's.
    const candidates = await (tx.dialect === 'postgres' ? open.forUpdate().skipLocked() : open).execute();
    const claimed: Delivery[] = [];
    for (const { id } of candidates) {
      const row = await tx.db
        .updateTable('deliveries')
        // Taking it over is not an attempt: the platform has not been asked anything yet (see beginDeliveryCall).
        .set({ lease_owner: owner, lease_expires_at: new Date(now.getTime() + leaseMs).toISOString() })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', nowIso)]))
        .returningAll()
        .executeTakeFirst();
      if (row !== undefined) claimed.push(fromRow(row));
    }
    return claimed;
  });
}

const BEGIN_CALL = `UPDATE deliveries SET calls = calls + 1 WHERE id = ? AND status = 'pending' RETURNING calls`;

/**
 * Records that the platform is about to be called with the delivery, before the call: should the process die
 * during it, the next call knows an earlier one may have posted parts it never recorded. Returns the number of
 * calls so far, this one included, or null when the delivery is no longer pending (it must not be sent).
 */
export async function beginDeliveryCall(store: SqlSession, id: number): Promise<number | null> {
  const row = await sqlRow<{ calls: number }>(store, BEGIN_CALL, [id]);
  return row?.calls ?? null;
}

const MARK_SENT = `UPDATE deliveries SET status = 'sent', message_ids = ?, finished_at = ?, lease_owner = NULL, lease_expires_at = NULL,
  error = NULL, attempts = attempts + 1 WHERE id = ?`;

export async function markDeliverySent(store: SqlSession, id: number, messageIds: readonly string[], now: Date): Promise<void> {
  await sqlRun(store, MARK_SENT, [JSON.stringify(messageIds), now.toISOString(), id]);
}

// Appends to the JSON array, only while the delivery is still being sent (json_insert with '$[#]' on SQLite).
const RECORD_MESSAGE: Record<SqlDialect, string> = {
  sqlite: `UPDATE deliveries SET message_ids = json_insert(message_ids, '$[#]', ?) WHERE id = ? AND status = 'pending'`,
  postgres: `UPDATE deliveries SET message_ids = (message_ids::jsonb || jsonb_build_array(?::text))::text WHERE id = ? AND status = 'pending'`,
};

/**
 * Records one more message of a digest as posted, as soon as the platform confirms it: a retry (after a failure
 * part way, or a crash) starts after the messages recorded, and never posts them again.
 */
export async function recordDeliveryMessage(store: SqlSession, id: number, messageId: string): Promise<void> {
  await sqlRun(store, RECORD_MESSAGE[store.dialect], [messageId, id]);
}

/** Gives the delivery back after the platform failed it (one more attempt), to be tried again at `retryAt`. */
export async function scheduleDeliveryRetry(store: Store, id: number, error: string, retryAt: Date): Promise<void> {
  await store.db
    .updateTable('deliveries')
    .set((eb) => ({
      next_attempt_at: retryAt.toISOString(),
      lease_owner: null,
      lease_expires_at: null,
      error,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Closes a delivery that will not be sent: `failed` (the platform's answer to an attempt: the target cannot be
 * reached, or the last attempt failed; counted as one) or `skipped` (too late; no attempt). Its papers were never
 * seen, so they stop counting as delivered, and when no later digest has been claimed the target's next window
 * goes back to where this one started: nothing in it is lost.
 */
export function closeDelivery(store: SqlSession, id: number, status: 'failed' | 'skipped', error: string, now: Date): Promise<void> {
  return inTransaction(store, async (tx) => {
    const row = await tx.db
      .updateTable('deliveries')
      .set((eb) => ({
        status,
        error,
        finished_at: now.toISOString(),
        lease_owner: null,
        lease_expires_at: null,
        attempts: eb('attempts', '+', status === 'failed' ? 1 : 0),
      }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returning(['target_id', 'window_start', 'scheduled_for'])
      .executeTakeFirst();
    if (row === undefined) return;
    await tx.db.deleteFrom('delivered_papers').where('delivery_id', '=', id).execute();
    await tx.db
      .updateTable('targets')
      .set({ window_start: row.window_start })
      .where('id', '=', row.target_id)
      .where('window_start', '=', row.scheduled_for)
      .execute();
  });
}

export async function findDelivery(store: Store, id: number): Promise<Delivery | null> {
  const row = await store.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : fromRow(row);
}

export async function deliveriesOfTarget(store: Store, targetId: number): Promise<Delivery[]> {
  const rows = await store.db.selectFrom('deliveries').selectAll().where('target_id', '=', targetId).orderBy('id').execute();
  return rows.map(fromRow);
}

/** The most recent delivery that was sent to the target, if any. */
export async function lastSentDelivery(store: Store, targetId: number): Promise<Delivery | null> {
  const row = await store.db
    .selectFrom('deliveries')
    .selectAll()
    .where('target_id', '=', targetId)
    .where('status', '=', 'sent')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? null : fromRow(row);
}

/** Digests claimed but not yet sent: the ledger's backlog (the metrics gauge reads it at every scrape). */
export async function pendingDeliveryCount(store: SqlSession): Promise<number> {
  const row = await sqlRow<{ n: number }>(store, "SELECT count(*) AS n FROM deliveries WHERE status = 'pending'");
  return Number(row?.n ?? 0);
}
