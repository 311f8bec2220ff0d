// What search reads of each of its candidates (the newest matches of each query): upvotes, publication
// date and title. From the table, each is a row of a couple of kilobytes (the abstract, authors, summary), about
// one page per candidate; from this covering index, ~40 candidates per page. At a million papers the median
// full-text search went from 8.9 to 7.7 ms, the p99 from 37.9 to 36.0 ms (bench, 1,000 candidates). newestMatches
// names it with INDEXED BY: SQLite's planner always prefers the integer primary key for a rowid lookup.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('papers_ranking').on('papers').columns(['doc_id', 'upvotes', 'published_at', 'title']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('papers_ranking').execute();
}
