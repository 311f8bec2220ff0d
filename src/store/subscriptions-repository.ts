// Topics (saved searches) each target follows.
import type { Store } from './database.js';

export interface Subscription {
  id: number;
  targetId: number;
  query: string;
  createdBy: string | null;
  createdAt: string;
}

function fromRow(row: { id: number; target_id: number; query: string; created_by: string | null; created_at: string }): Subscription {
  return { id: row.id, targetId: row.target_id, query: row.query, createdBy: row.created_by, createdAt: row.created_at };
}

export async function listSubscriptions(store: Store, targetId: number): Promise<Subscription[]> {
  const rows = await store.db.selectFrom('subscriptions').selectAll().where('target_id', '=', targetId).orderBy('id').execute();
  return rows.map(fromRow);
}

/** Subscriptions of many targets at once, grouped by target, each in the order they were added. */
export async function subscriptionsOfTargets(store: Store, targetIds: readonly number[]): Promise<Map<number, Subscription[]>> {
  const result = new Map<number, Subscription[]>();
  // SQLite allows 32,766 bound parameters; stay far below it.
  for (let i = 0; i < targetIds.length; i += 5000) {
    const rows = await store.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('target_id', 'in', targetIds.slice(i, i + 5000))
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const list = result.get(row.target_id) ?? [];
      list.push(fromRow(row));
      result.set(row.target_id, list);
    }
  }
  return result;
}

/** Adds a topic; false when the target already follows it (same normalised key). */
export async function addSubscription(
  store: Store,
  subscription: { targetId: number; query: string; queryKey: string; createdBy: string | null; now: Date },
): Promise<boolean> {
  const result = await store.db
    .insertInto('subscriptions')
    .values({
      target_id: subscription.targetId,
      query: subscription.query,
      query_key: subscription.queryKey,
      created_by: subscription.createdBy,
      created_at: subscription.now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['target_id', 'query_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeSubscription(store: Store, targetId: number, queryKey: string): Promise<boolean> {
  // PostgreSQL's text holds no NUL byte, so no subscription has such a key there; asking would fail ("invalid byte
  // sequence"). SQLite may still hold one saved before topics with control characters were refused.
  if (store.dialect === 'postgres' && queryKey.includes('\u0000')) return false;
  const result = await store.db
    .deleteFrom('subscriptions')
    .where('target_id', '=', targetId)
    .where('query_key', '=', queryKey)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function countSubscriptions(store: Store, targetId: number): Promise<number> {
  const row = await store.db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('target_id', '=', targetId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
