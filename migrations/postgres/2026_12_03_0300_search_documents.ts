// PostgreSQL's search index (what FTS5's papers_fts is on SQLite): one tsvector per indexed field, for filters on
// a field (author:, org:, cat:, the title-or-keywords test of topics), and a weighted document of all of them for
// everything else, with GIN indexes. The `papers` text search configuration stems English with no stop words
// (FTS5's porter tokenizer keeps them too, so phrases such as "mixture of experts" match word for word) and
// strips accents (unaccent), as remove_diacritics does. A PostgreSQL-only migration: SQLite's index is FTS5's.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TEXT SEARCH DICTIONARY papers_stem (TEMPLATE = snowball, Language = english)`.execute(db);
  await sql`CREATE TEXT SEARCH CONFIGURATION papers (COPY = simple)`.execute(db);
  await sql`
    ALTER TEXT SEARCH CONFIGURATION papers
      ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
      WITH unaccent, papers_stem`.execute(db);
  await sql`
    CREATE TABLE paper_search (
      doc_id bigint PRIMARY KEY REFERENCES papers (doc_id) ON DELETE CASCADE,
      title tsvector NOT NULL,
      abstract tsvector NOT NULL,
      keywords tsvector NOT NULL,
      authors tsvector NOT NULL,
      organization tsvector NOT NULL,
      categories tsvector NOT NULL,
      summary tsvector NOT NULL,
      document tsvector NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX paper_search_document ON paper_search USING gin (document)`.execute(db);
  for (const column of ['title', 'authors', 'organization', 'categories']) {
    await sql`CREATE INDEX ${sql.raw(`paper_search_${column}`)} ON paper_search USING gin (${sql.raw(column)})`.execute(db);
  }
  // Prefix ranges of the typo vocabulary compare bytes, as SQLite does; the trigram index serves fuzzy lookups.
  await sql`CREATE INDEX search_vocab_bytes ON search_vocab (term COLLATE "C")`.execute(db);
  await sql`CREATE INDEX search_vocab_trigrams ON search_vocab USING gin (term gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS search_vocab_trigrams`.execute(db);
  await sql`DROP INDEX IF EXISTS search_vocab_bytes`.execute(db);
  await sql`DROP TABLE IF EXISTS paper_search`.execute(db);
  await sql`DROP TEXT SEARCH CONFIGURATION IF EXISTS papers`.execute(db);
  await sql`DROP TEXT SEARCH DICTIONARY IF EXISTS papers_stem`.execute(db);
}
