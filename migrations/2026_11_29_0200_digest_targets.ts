// Where digests go (targets, with their schedule), what each follows (subscriptions), the delivery ledger, and
// which papers each target has already been sent.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('targets')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('platform', 'text', (c) => c.notNull())
    // Discord guild, Slack workspace, or "local" for the console.
    .addColumn('workspace', 'text', (c) => c.notNull())
    // "channel" (a team) or "user" (one person's direct messages).
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('minute_of_day', 'integer', (c) => c.notNull().defaultTo(540))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('weekdays', 'text', (c) => c.notNull().defaultTo('[1,2,3,4,5]'))
    .addColumn('digest_size', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('min_upvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('empty_day', 'text', (c) => c.notNull().defaultTo('note'))
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    // Why it was paused when the bot did it (no access, channel gone), so the admin can be told.
    .addColumn('paused_reason', 'text')
    // The person who last configured it: told when its digest cannot be delivered.
    .addColumn('admin_user', 'text')
    // When its next digest is due (an instant); the scheduler's tick compares only this.
    .addColumn('next_run_at', 'text', (c) => c.notNull())
    // Where the next digest's window starts: the previous digest's scheduled time, or null for one period back.
    .addColumn('window_start', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('targets_address_unique', ['platform', 'workspace', 'kind', 'address'])
    .execute();
  await db.schema.createIndex('targets_due').on('targets').columns(['paused', 'next_run_at']).execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('target_id', 'integer', (c) => c.notNull().references('targets.id').onDelete('cascade'))
    .addColumn('query', 'text', (c) => c.notNull())
    // The query normalised (case, spacing), so the same topic cannot be added twice.
    .addColumn('query_key', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('subscriptions_topic_unique', ['target_id', 'query_key'])
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('target_id', 'integer', (c) => c.notNull().references('targets.id').onDelete('cascade'))
    // The target's local date of the scheduled run: one digest per target and day, ever.
    .addColumn('digest_date', 'text', (c) => c.notNull())
    .addColumn('scheduled_for', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    // pending (claimed, not yet sent) | sent | empty (nothing to say, nothing sent) | skipped (missed) | failed
    .addColumn('status', 'text', (c) => c.notNull())
    // The digest's papers, fixed at claim time, so a retry sends the same digest.
    .addColumn('content', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // A pending delivery belongs to one sender until its lease expires; then another may take it over.
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('next_attempt_at', 'text')
    .addColumn('message_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('deliveries_target_day_unique', ['target_id', 'digest_date'])
    .execute();
  await db.schema.createIndex('deliveries_open').on('deliveries').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('delivered_papers')
    .addColumn('target_id', 'integer', (c) => c.notNull().references('targets.id').onDelete('cascade'))
    .addColumn('doc_id', 'integer', (c) => c.notNull())
    .addColumn('delivery_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivered_papers_pk', ['target_id', 'doc_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  // A delivery that is never sent gives its papers back (see closeDelivery).
  await db.schema.createIndex('delivered_papers_delivery').on('delivered_papers').column('delivery_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('delivered_papers').execute();
  await db.schema.dropTable('deliveries').execute();
  await db.schema.dropTable('subscriptions').execute();
  await db.schema.dropTable('targets').execute();
}
