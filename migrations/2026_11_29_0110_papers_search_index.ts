// The full-text index over papers (SQLite FTS5). Contentless with delete support: the text lives once, in
// `papers`; the index keeps only tokens, keyed by papers.doc_id. Porter stemming folds "modelling"/"modeling".
// arXiv categories are indexed too (as single tokens such as "cslg"), so a category filter is a doclist
// intersection inside the index rather than a lookup per matching paper.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create virtual table papers_fts using fts5(
      title, abstract, keywords, authors, organization, categories,
      content = '', contentless_delete = 1,
      tokenize = 'porter unicode61 remove_diacritics 2'
    )`.execute(db);
  // Merge index segments 8 at a time instead of FTS5's default 4: fewer rewrites of the same postings, about 8%
  // faster imports at a million papers, and no measurable cost to query latency (measured with npm run bench).
  await sql`insert into papers_fts (papers_fts, rank) values ('automerge', 8)`.execute(db);
  // Vocabulary view of the index: document frequency per term, used to plan queries and correct typos.
  await sql`create virtual table papers_fts_vocab using fts5vocab(papers_fts, 'row')`.execute(db);
  // A plain, indexed copy of the vocabulary (words without digits), refreshed after ingestion. Typo
  // correction looks up near spellings by prefix here; fts5vocab itself can only be scanned whole.
  await db.schema
    .createTable('search_vocab')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('doc_count', 'integer', (c) => c.notNull())
    .modifyEnd(sql`without rowid`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_vocab').execute();
  await sql`drop table papers_fts_vocab`.execute(db);
  await sql`drop table papers_fts`.execute(db);
}
