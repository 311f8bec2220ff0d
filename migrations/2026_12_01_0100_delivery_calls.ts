// A crash is not a failed attempt. The ledger counted an attempt each time a digest was claimed, so every restart
// that took over an unfinished digest spent one of its attempts, sent or not, and after enough restarts a single
// temporary failure gave the digest up. From now on `attempts` counts only the sends the platform answered (its
// failures, and the send that succeeded), and `calls` counts every time the platform was called with the digest,
// written before the call: a call a crash cut short is not an attempt, but it may have posted a part, so the next
// one looks for it first.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('deliveries')
    .addColumn('calls', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // What the old count knew: every claim may have called the platform.
  await sql`UPDATE deliveries SET calls = attempts`.execute(db);
  // A digest still pending with no failure recorded was only ever claimed (crashes and takeovers): no attempt yet.
  await sql`UPDATE deliveries SET attempts = 0 WHERE status = 'pending' AND error IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').dropColumn('calls').execute();
}
