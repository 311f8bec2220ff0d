// Digest destinations and their settings. A target's row is also the scheduler's clock for it: `next_run_at`.
import { nextRunAfter } from '../core/schedule/next-run.js';
import type { Selectable } from 'kysely';
import { defaultSettings, type DigestSettings, type Target, type TargetAddress } from '../core/targets/target.js';
import type { Store } from './database.js';
import { sqlRows, sqlRun, type SqlDialect, type SqlSession } from './sql-runner.js';

import type { TargetsTable } from './schema.js';

type TargetRow = Selectable<TargetsTable>;

export function targetFromRow(row: TargetRow): Target {
  return {
    id: row.id,
    platform: row.platform,
    workspace: row.workspace,
    kind: row.kind,
    address: row.address,
    settings: {
      minuteOfDay: row.minute_of_day,
      timeZone: row.time_zone,
      weekdays: JSON.parse(row.weekdays) as number[],
      size: row.digest_size,
      minUpvotes: row.min_upvotes,
      emptyDay: row.empty_day,
      layout: row.layout,
      paused: row.paused === 1,
    },
    pausedReason: row.paused_reason,
    adminUser: row.admin_user,
    nextRunAt: new Date(row.next_run_at),
    windowStart: row.window_start === null ? null : new Date(row.window_start),
  };
}

function settingsColumns(settings: DigestSettings) {
  return {
    minute_of_day: settings.minuteOfDay,
    time_zone: settings.timeZone,
    weekdays: JSON.stringify(settings.weekdays),
    digest_size: settings.size,
    min_upvotes: settings.minUpvotes,
    empty_day: settings.emptyDay,
    layout: settings.layout,
    paused: settings.paused ? 1 : 0,
  };
}

export async function findTarget(store: Store, address: TargetAddress): Promise<Target | null> {
  const row = await store.db
    .selectFrom('targets')
    .selectAll()
    .where('platform', '=', address.platform)
    .where('workspace', '=', address.workspace)
    .where('kind', '=', address.kind)
    .where('address', '=', address.address)
    .executeTakeFirst();
  return row === undefined ? null : targetFromRow(row);
}

export async function findTargetById(store: Store, id: number): Promise<Target | null> {
  const row = await store.db.selectFrom('targets').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : targetFromRow(row);
}

/** The target at this address, created with the default settings if it is new. */
export async function ensureTarget(store: Store, address: TargetAddress, now: Date, adminUser: string | null): Promise<Target> {
  const existing = await findTarget(store, address);
  if (existing !== null) return existing;
  const settings = defaultSettings(address.kind);
  await store.db
    .insertInto('targets')
    .values({
      ...address,
      ...settingsColumns(settings),
      admin_user: adminUser,
      paused_reason: null,
      next_run_at: nextRunAfter(settings, now).toISOString(),
      window_start: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const created = await findTarget(store, address);
  if (created === null) throw new Error('target vanished right after it was created');
  return created;
}

/**
 * Saves new settings. A changed schedule, or a resume, moves the next run to the schedule's next time after now;
 * a resume also drops the old window, so a paused channel does not receive a backlog.
 */
export async function saveTargetSettings(
  store: Store,
  target: Target,
  settings: DigestSettings,
  now: Date,
  adminUser: string | null,
): Promise<Target> {
  const scheduleChanged =
    settings.minuteOfDay !== target.settings.minuteOfDay ||
    settings.timeZone !== target.settings.timeZone ||
    settings.weekdays.join() !== target.settings.weekdays.join();
  const resumed = target.settings.paused && !settings.paused;
  await store.db
    .updateTable('targets')
    .set({
      ...settingsColumns(settings),
      ...(scheduleChanged || resumed ? { next_run_at: nextRunAfter(settings, now).toISOString() } : {}),
      ...(resumed ? { window_start: null, paused_reason: null } : {}),
      ...(adminUser !== null ? { admin_user: adminUser } : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', target.id)
    .execute();
  const saved = await findTargetById(store, target.id);
  if (saved === null) throw new Error(`target ${target.id} vanished while saving its settings`);
  return saved;
}

export async function noteTargetAdmin(store: Store, targetId: number, adminUser: string, now: Date): Promise<void> {
  await store.db.updateTable('targets').set({ admin_user: adminUser, updated_at: now.toISOString() }).where('id', '=', targetId).execute();
}

const CLAIM_DUE: Record<SqlDialect, string> = {
  // SQLite has one writer at a time: the statement itself is the claim.
  sqlite: `UPDATE targets SET claimed_by = ?, claim_expires_at = ?
    WHERE id IN (SELECT id FROM targets WHERE paused = 0 AND platform IN (SELECT value FROM json_each(?)) AND next_run_at <= ?
                   AND (claim_expires_at IS NULL OR claim_expires_at <= ?) ORDER BY next_run_at, id LIMIT ?)
    RETURNING *`,
  // Processes claiming together each lock and take different rows, none waiting for another's.
  postgres: `UPDATE targets SET claimed_by = ?, claim_expires_at = ?
    WHERE id IN (SELECT id FROM targets WHERE paused = 0 AND platform = ANY(SELECT jsonb_array_elements_text(?::jsonb)) AND next_run_at <= ?
                   AND (claim_expires_at IS NULL OR claim_expires_at <= ?) ORDER BY next_run_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
    RETURNING *`,
};

/**
 * Claims up to `limit` due targets on these platforms for `owner` until `now + leaseMs`, oldest first: while the
 * claim holds, no other process builds their digests. The claim is only a way to share the work: claimDigest's
 * compare-and-set on next_run_at still decides who records each digest, and a claim left by a process that died
 * ends with its lease.
 */
export async function claimDueTargets(
  store: SqlSession,
  claim: { now: Date; limit: number; platforms: readonly string[]; owner: string; leaseMs: number },
): Promise<Target[]> {
  if (claim.platforms.length === 0) return [];
  const nowIso = claim.now.toISOString();
  const rows = await sqlRows<TargetRow>(store, CLAIM_DUE[store.dialect], [
    claim.owner,
    new Date(claim.now.getTime() + claim.leaseMs).toISOString(),
    JSON.stringify(claim.platforms),
    nowIso,
    nowIso,
    claim.limit,
  ]);
  return rows.map((row) => targetFromRow(row)).sort((a, b) => a.nextRunAt.getTime() - b.nextRunAt.getTime() || a.id - b.id);
}

/**
 * At start: due targets an earlier run of this same instance claimed and never built (it was killed) are let go
 * at once instead of when their claims end. Owners are "instance:pid"; only another pid of this instance is touched.
 */
export async function releaseEarlierRunsTargetClaims(store: SqlSession, instance: string, owner: string): Promise<number> {
  return sqlRun(
    store,
    'UPDATE targets SET claimed_by = NULL, claim_expires_at = NULL WHERE substr(claimed_by, 1, ?) = ? AND claimed_by <> ?',
    [instance.length + 1, `${instance}:`, owner],
  );
}

/** Lets go of the due targets `owner` claimed and has not built yet (a clean stop): others take them at once. */
export async function releaseTargetClaims(store: SqlSession, owner: string): Promise<void> {
  await store.db.updateTable('targets').set({ claimed_by: null, claim_expires_at: null }).where('claimed_by', '=', owner).execute();
}

/** Targets on these platforms whose next digest is due at `now`, oldest first. */
export async function dueTargets(store: Store, now: Date, limit: number, platforms: readonly string[]): Promise<Target[]> {
  if (platforms.length === 0) return [];
  const rows = await store.db
    .selectFrom('targets')
    .selectAll()
    .where('paused', '=', 0)
    .where('platform', 'in', [...platforms])
    .where('next_run_at', '<=', now.toISOString())
    .orderBy('next_run_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => targetFromRow(row));
}

/** The bot stops delivering to a target it cannot reach, and remembers why. */
export async function pauseTarget(store: Store, targetId: number, reason: string, now: Date): Promise<void> {
  await store.db
    .updateTable('targets')
    .set({ paused: 1, paused_reason: reason, updated_at: now.toISOString() })
    .where('id', '=', targetId)
    .execute();
}

export async function listTargets(store: Store, platform?: string): Promise<Target[]> {
  let query = store.db.selectFrom('targets').selectAll().orderBy('id');
  if (platform !== undefined) query = query.where('platform', '=', platform);
  return (await query.execute()).map((row) => targetFromRow(row));
}

/**
 * Pauses every active target in a workspace (the bot was removed from a Discord server), remembering why.
 * Returns the targets paused, so their admins can be told.
 */
export async function pauseWorkspace(store: Store, platform: string, workspace: string, reason: string, now: Date): Promise<Target[]> {
  const rows = await store.db
    .updateTable('targets')
    .set({ paused: 1, paused_reason: reason, updated_at: now.toISOString() })
    .where('platform', '=', platform)
    .where('workspace', '=', workspace)
    .where('paused', '=', 0)
    .returningAll()
    .execute();
  return rows.map(targetFromRow);
}

/**
 * Resumes the targets of a workspace that the bot paused for `reason` (and only those: a digest someone paused
 * by hand stays paused). Like any resume, the window starts one period back and the next run is recomputed.
 */
export async function resumeWorkspace(store: Store, platform: string, workspace: string, reason: string, now: Date): Promise<Target[]> {
  const paused = await store.db
    .selectFrom('targets')
    .selectAll()
    .where('platform', '=', platform)
    .where('workspace', '=', workspace)
    .where('paused', '=', 1)
    .where('paused_reason', '=', reason)
    .execute();
  const resumed: Target[] = [];
  for (const row of paused) {
    const target = targetFromRow(row);
    resumed.push(await saveTargetSettings(store, target, { ...target.settings, paused: false }, now, null));
  }
  return resumed;
}

/** The channel targets of one workspace, oldest first, for the queries below to narrow. */
function channelsOf(store: Store, platform: string, workspace: string) {
  return store.db
    .selectFrom('targets')
    .selectAll()
    .where('platform', '=', platform)
    .where('workspace', '=', workspace)
    .where('kind', '=', 'channel')
    .orderBy('id');
}

/** Channels of a workspace whose digest the bot paused because it could not deliver (a reason is recorded). */
export async function channelsPausedByBot(store: Store, platform: string, workspace: string, limit = 5): Promise<Target[]> {
  const rows = await channelsOf(store, platform, workspace)
    .where('paused', '=', 1)
    .where('paused_reason', 'is not', null)
    .limit(limit)
    .execute();
  return rows.map(targetFromRow);
}

/**
 * Resumes a target the bot paused, now that it can deliver again; a target someone paused by hand, or one
 * resumed meanwhile, is left as it is (null).
 */
export async function resumePausedByBot(store: Store, targetId: number, now: Date): Promise<Target | null> {
  const target = await findTargetById(store, targetId);
  if (target === null || !target.settings.paused || target.pausedReason === null) return null;
  return saveTargetSettings(store, target, { ...target.settings, paused: false }, now, null);
}

/** The channels of a workspace whose digest this person configured last: what they manage (Slack's App Home). */
export async function channelsConfiguredBy(store: Store, platform: string, workspace: string, user: string, limit = 20): Promise<Target[]> {
  const rows = await channelsOf(store, platform, workspace).where('admin_user', '=', user).limit(limit).execute();
  return rows.map(targetFromRow);
}

/** At most `cap` channel targets of a platform, oldest first, and how many there are in all. */
export async function channelTargetsOf(store: Store, platform: string, cap: number): Promise<{ targets: Target[]; total: number }> {
  const rows = await store.db
    .selectFrom('targets')
    .selectAll()
    .where('platform', '=', platform)
    .where('kind', '=', 'channel')
    .orderBy('id')
    .limit(cap + 1)
    .execute();
  if (rows.length <= cap) return { targets: rows.map(targetFromRow), total: rows.length };
  const { n } = await store.db
    .selectFrom('targets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('platform', '=', platform)
    .where('kind', '=', 'channel')
    .executeTakeFirstOrThrow();
  return { targets: rows.slice(0, cap).map(targetFromRow), total: Number(n) };
}

export interface TargetCount {
  platform: string;
  kind: string;
  count: number;
  paused: number;
}

/** How many targets each platform has, channels and people apart, and how many of them are paused. */
export async function targetCounts(store: Store): Promise<TargetCount[]> {
  const rows = await store.db
    .selectFrom('targets')
    .select(['platform', 'kind', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('paused').as('paused')])
    .groupBy(['platform', 'kind'])
    .execute();
  return rows.map((r) => ({ platform: r.platform, kind: r.kind, count: Number(r.n), paused: Number(r.paused ?? 0) }));
}
