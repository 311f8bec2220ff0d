// How a channel's digest is laid out: every message in the channel, or a one-line header in the channel with the
// papers in a thread under it (to keep a busy channel calm).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // "messages" (the digest in the channel) or "thread" (a header in the channel, the papers in a thread under it).
  await db.schema
    .alterTable('targets')
    .addColumn('layout', 'text', (c) => c.notNull().defaultTo('messages'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('targets').dropColumn('layout').execute();
}
