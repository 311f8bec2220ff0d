// PostgreSQL's version of the SQLite migration of the same name: due targets claimed for a short lease.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE targets ADD COLUMN claimed_by text, ADD COLUMN claim_expires_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE targets DROP COLUMN claim_expires_at, DROP COLUMN claimed_by`.execute(db);
}
