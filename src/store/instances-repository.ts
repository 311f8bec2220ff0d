// The bot processes sharing the store, by INSTANCE_NAME. A process holds its name while it heartbeats; a live
// holder keeps a second process of the same name out, and a dead one's name is free once its lease ends (at
// once when the holder ran on this same host and its process is gone: that is a restart).
import type { SqlSession } from './sql-runner.js';
import { inTransaction } from './sql-runner.js';

export interface InstanceClaim {
  name: string;
  host: string;
  pid: number;
  now: Date;
  leaseMs: number;
  /** Whether a process of this host is still running (a restart finds its predecessor gone). */
  isAlive: (pid: number) => boolean;
}

export type InstanceClaimResult =
  { claimed: true } | { claimed: false; holder: { host: string; pid: number; heartbeatAt: string; leaseExpiresAt: string } };

export function claimInstanceName(store: SqlSession, claim: InstanceClaim): Promise<InstanceClaimResult> {
  return inTransaction(store, async (tx): Promise<InstanceClaimResult> => {
    const row = await tx.db.selectFrom('instances').selectAll().where('name', '=', claim.name).executeTakeFirst();
    if (row !== undefined) {
      const live = new Date(row.lease_expires_at).getTime() > claim.now.getTime();
      const itself = row.host === claim.host && row.pid === claim.pid;
      const goneFromThisHost = row.host === claim.host && !claim.isAlive(row.pid);
      if (live && !itself && !goneFromThisHost) {
        return {
          claimed: false,
          holder: { host: row.host, pid: row.pid, heartbeatAt: row.heartbeat_at, leaseExpiresAt: row.lease_expires_at },
        };
      }
    }
    const at = claim.now.toISOString();
    const until = new Date(claim.now.getTime() + claim.leaseMs).toISOString();
    await tx.db
      .insertInto('instances')
      .values({ name: claim.name, host: claim.host, pid: claim.pid, started_at: at, heartbeat_at: at, lease_expires_at: until })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({ host: claim.host, pid: claim.pid, started_at: at, heartbeat_at: at, lease_expires_at: until }),
      )
      .execute();
    return { claimed: true };
  });
}

/** Extends this process's hold on its name; false when another process has taken the name over meanwhile. */
export async function heartbeatInstance(store: SqlSession, claim: Omit<InstanceClaim, 'isAlive'>): Promise<boolean> {
  const result = await store.db
    .updateTable('instances')
    .set({ heartbeat_at: claim.now.toISOString(), lease_expires_at: new Date(claim.now.getTime() + claim.leaseMs).toISOString() })
    .where('name', '=', claim.name)
    .where('host', '=', claim.host)
    .where('pid', '=', claim.pid)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives the name up at a clean stop, so the next start does not wait for the lease. */
export async function releaseInstanceName(store: SqlSession, name: string, host: string, pid: number): Promise<void> {
  await store.db.deleteFrom('instances').where('name', '=', name).where('host', '=', host).where('pid', '=', pid).execute();
}

/**
 * The names held by a live process at `now` (its lease not ended), for the doctor's count of processes sharing
 * the store; null when the database has no instances table yet (it comes with the migrations).
 */
export async function liveInstanceNames(store: SqlSession, now: Date): Promise<string[] | null> {
  try {
    const rows = await store.db
      .selectFrom('instances')
      .select('name')
      .where('lease_expires_at', '>', now.toISOString())
      .orderBy('name')
      .execute();
    return rows.map((r) => r.name);
  } catch (error) {
    if (isMissingTable(error)) return null;
    throw error;
  }
}

/** PostgreSQL's undefined_table, or SQLite's "no such table". */
function isMissingTable(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === '42P01' || (error instanceof Error && /^no such table/.test(error.message));
}
