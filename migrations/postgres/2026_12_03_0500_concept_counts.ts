// PostgreSQL only: how many papers a saved topic's concepts match, kept for every process. Weighing a topic's
// concepts against each other counts each concept's papers up to a cap, and a phrase of common words costs up to
// a second to count at 100k papers (a GIN index cannot check word positions, so each candidate's document is
// read). Counted once when a topic is saved or first compiled, the answer serves every process's digest ticks
// for days. SQLite counts in microseconds and keeps nothing.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The key is md5 of the cap and the expression: an expression can outgrow what a btree key may hold.
  await sql`CREATE TABLE concept_counts (key text PRIMARY KEY, docs integer NOT NULL, counted_at timestamptz NOT NULL)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE concept_counts`.execute(db);
}
