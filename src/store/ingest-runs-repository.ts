// The record of ingest runs. A run is also a claim on work: while its lease is live, no other process starts
// a run of the same source.
import type { Store } from './database.js';
import { inTransaction, sqlRow, sqlRun, type SqlSession } from './sql-runner.js';
import type { IngestRunsTable } from './schema.js';
import { INGEST_CLAIM_LOCK } from './advisory-locks.js';

export interface IngestRunCounts {
  fetched: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface IngestRun extends IngestRunCounts {
  id: number;
  source: string;
  windowStart: string;
  windowEnd: string;
  status: IngestRunsTable['status'];
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  skippedSamples: { ref: string; reason: string }[];
}

/** Starts a run unless another live one holds the source. Returns the run id, or null when busy. */
export async function claimIngestRun(
  store: Store,
  run: { source: string; windowStart: string; windowEnd: string; now: Date; leaseMs: number },
): Promise<number | null> {
  const nowIso = run.now.toISOString();
  // Check and insert under BEGIN IMMEDIATE on SQLite, which waits (busy_timeout) for another writer. With a
  // deferred transaction two connections (the bot and a CLI run) could both read "free", and SQLite then failed the
  // second one's write at once with "database is locked" instead of that run answering busy.
  // PostgreSQL's transactions read committed rows and take no lock on a SELECT: two claims at once both read
  // "free" and both inserted a run (two processes fetching the same source). A transaction-level advisory lock
  // makes the claims take turns, as BEGIN IMMEDIATE does on SQLite; claims are rare, so one lock serves every source.
  return inTransaction(store, async (tx) => {
    if (tx.dialect === 'postgres') await sqlRun(tx, 'SELECT pg_advisory_xact_lock(?)', [INGEST_CLAIM_LOCK]);
    const live = await tx.db
      .selectFrom('ingest_runs')
      .select('id')
      .where('source', '=', run.source)
      .where('status', '=', 'running')
      .where('lease_expires_at', '>', nowIso)
      .limit(1)
      .executeTakeFirst();
    if (live !== undefined) return null;
    // Runs whose process died are closed here, so the record stays truthful.
    await tx.db
      .updateTable('ingest_runs')
      .set({ status: 'failed', finished_at: nowIso, error: 'abandoned: lease expired before the run finished' })
      .where('source', '=', run.source)
      .where('status', '=', 'running')
      .execute();
    const inserted = await tx.db
      .insertInto('ingest_runs')
      .values({
        source: run.source,
        window_start: run.windowStart,
        window_end: run.windowEnd,
        status: 'running',
        started_at: nowIso,
        lease_expires_at: new Date(run.now.getTime() + run.leaseMs).toISOString(),
        finished_at: null,
        error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  });
}

/** Extends a live run's claim; called after each batch, so a dead process frees its source within one lease. */
export async function renewIngestLease(store: SqlSession, id: number, until: Date): Promise<void> {
  await sqlRun(store, "UPDATE ingest_runs SET lease_expires_at = ? WHERE id = ? AND status = 'running'", [until.toISOString(), id]);
}

export async function finishIngestRun(
  store: Store,
  id: number,
  result: IngestRunCounts & { now: Date; error: string | null; skippedSamples: { ref: string; reason: string }[] },
): Promise<void> {
  await store.db
    .updateTable('ingest_runs')
    .set({
      status: result.error === null ? 'succeeded' : 'failed',
      finished_at: result.now.toISOString(),
      fetched_count: result.fetched,
      new_count: result.new,
      updated_count: result.updated,
      unchanged_count: result.unchanged,
      skipped_count: result.skipped,
      skipped_samples: JSON.stringify(result.skippedSamples),
      error: result.error,
    })
    .where('id', '=', id)
    .execute();
}

export async function recentIngestRuns(store: Store, limit: number): Promise<IngestRun[]> {
  const rows = await store.db.selectFrom('ingest_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    fetched: row.fetched_count,
    new: row.new_count,
    updated: row.updated_count,
    unchanged: row.unchanged_count,
    skipped: row.skipped_count,
    skippedSamples: JSON.parse(row.skipped_samples) as { ref: string; reason: string }[],
  }));
}

/** When the latest successful ingest run of any source finished (ISO text); null before the first. */
export async function lastSucceededIngestAt(store: SqlSession): Promise<string | null> {
  const row = await sqlRow<{ at: string | null }>(store, "SELECT max(finished_at) AS at FROM ingest_runs WHERE status = 'succeeded'");
  return row?.at ?? null;
}

/** When each source's latest successful run finished, by source name. */
export async function lastSucceededIngestBySource(store: Store): Promise<Map<string, string>> {
  const rows = await store.db
    .selectFrom('ingest_runs')
    .select(['source', (eb) => eb.fn.max('finished_at').as('at')])
    .where('status', '=', 'succeeded')
    .groupBy('source')
    .execute();
  return new Map(rows.flatMap((r) => (r.at === null ? [] : [[r.source, r.at] as [string, string]])));
}
