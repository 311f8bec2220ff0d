// A due target is claimed by the process that builds its digest, for a short lease, so that processes sharing the
// store build each digest once between them instead of each building it and all but one losing the claim.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('targets').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('targets').addColumn('claim_expires_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('targets').dropColumn('claim_expires_at').execute();
  await db.schema.alterTable('targets').dropColumn('claimed_by').execute();
}
