// The papers a digest window can draw on: those listed on Daily Papers on the window's days (trending), and those
// listed or published since the topics' look-back day (topic candidates). Both are small, index-backed reads.
import type { Store } from './database.js';
import { sqlRows, type SqlSession } from './sql-runner.js';
import { paperFromRow } from './paper-rows.js';
import type { Paper } from '../core/paper.js';

export type StoredPaper = readonly [docId: number, paper: Paper];

/**
 * Papers on Daily Papers on these days with at least `minUpvotes`, most upvoted first, at most `cap`. The cap
 * leaves room for papers a target has already been sent.
 */
export async function papersOnDailyDays(store: Store, days: readonly string[], minUpvotes: number, cap: number): Promise<StoredPaper[]> {
  if (days.length === 0) return [];
  const rows = await store.db
    .selectFrom('papers')
    .selectAll()
    .where('daily_date', 'in', [...days])
    .where('upvotes', '>=', minUpvotes)
    .orderBy('upvotes', 'desc')
    .orderBy('doc_id', 'desc')
    .limit(cap)
    .execute();
  return rows.map((row) => [row.doc_id, paperFromRow(row)] as const);
}

/**
 * How many papers Daily Papers listed on these days, whatever their upvotes, and how many of them have fewer than
 * `minUpvotes`: what an empty trending section says about itself ("the 2 papers ... are under the floor of 5").
 */
export async function dailyDayCounts(
  store: Store,
  days: readonly string[],
  minUpvotes: number,
): Promise<{ all: number; belowFloor: number }> {
  if (days.length === 0) return { all: 0, belowFloor: 0 };
  const row = await store.db
    .selectFrom('papers')
    .select((eb) => [
      eb.fn.countAll<number>().as('all'),
      eb.fn.sum<number | null>(eb.case().when('upvotes', '<', minUpvotes).then(1).else(0).end()).as('belowFloor'),
    ])
    .where('daily_date', 'in', [...days])
    .executeTakeFirst();
  return { all: Number(row?.all ?? 0), belowFloor: Number(row?.belowFloor ?? 0) };
}

/** Papers listed on Daily Papers on or after `fromDay` (before `endDay`), or published from `fromDay` until `end`. */
export async function papersArrivedBetween(store: Store, fromDay: string, endDay: string, end: Date): Promise<StoredPaper[]> {
  const rows = await store.db
    .selectFrom('papers')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('daily_date', '>=', fromDay), eb('daily_date', '<', endDay)]),
        eb.and([eb('published_at', '>=', fromDay), eb('published_at', '<', end.toISOString())]),
      ]),
    )
    .execute();
  return rows.map((row) => [row.doc_id, paperFromRow(row)] as const);
}

/**
 * Every paper with a doc id of at least `floor` the target has already been sent: a range scan of the target's
 * part of the delivered_papers key, so it costs what the target has been sent recently, however large the table.
 */
export async function deliveredFrom(store: SqlSession, targetId: number, floor: number): Promise<Set<number>> {
  const rows = await sqlRows<{ docId: number }>(
    store,
    'SELECT doc_id AS "docId" FROM delivered_papers WHERE target_id = ? AND doc_id >= ?',
    [targetId, floor],
  );
  return new Set(rows.map((row) => Number(row.docId)));
}

/**
 * deliveredFrom for many targets in one statement: each target's papers from the smallest floor asked (the
 * caller keeps those at or above its own). A batch of targets due together reads its records at once.
 */
export async function deliveredFromMany(store: Store, targetIds: readonly number[], floor: number): Promise<Map<number, Set<number>>> {
  const delivered = new Map<number, Set<number>>(targetIds.map((id) => [id, new Set<number>()]));
  // In slices: a statement's parameters are bounded (SQLite's 32,766).
  for (let i = 0; i < targetIds.length; i += 5000) {
    const rows = await store.db
      .selectFrom('delivered_papers')
      .select(['target_id', 'doc_id'])
      .where('target_id', 'in', targetIds.slice(i, i + 5000))
      .where('doc_id', '>=', floor)
      .execute();
    for (const row of rows) delivered.get(row.target_id)?.add(row.doc_id);
  }
  return delivered;
}

/** Which of these papers the target has already been sent. */
export async function deliveredAmong(store: Store, targetId: number, docIds: readonly number[]): Promise<Set<number>> {
  const delivered = new Set<number>();
  for (let i = 0; i < docIds.length; i += 5000) {
    const rows = await store.db
      .selectFrom('delivered_papers')
      .select('doc_id')
      .where('target_id', '=', targetId)
      .where('doc_id', 'in', docIds.slice(i, i + 5000))
      .execute();
    for (const row of rows) delivered.add(row.doc_id);
  }
  return delivered;
}

/** The latest day with papers on Daily Papers in the store (an index lookup). */
export async function newestDailyDate(store: Store): Promise<string | null> {
  const row = await store.db
    .selectFrom('papers')
    .select((eb) => eb.fn.max('daily_date').as('day'))
    .executeTakeFirst();
  return row?.day ?? null;
}
