// The search index on SQLite (FTS5): probing how common a term is, fetching the newest matches, scoring them
// with bm25, and the vocabulary used for typo correction. Synchronous, on the raw connection; search-index.ts is
// what the rest of the bot calls.
import type SQLite from 'better-sqlite3';
import { type Store, sqliteOf } from './database.js';
import { cachedStatement } from './statement-cache.js';
import { inTransaction, sqlRun } from './sql-runner.js';
import type { Candidate, CandidateFilter } from './search-index.js';

/**
 * bm25 column weights, in index column order: title, abstract, keywords, authors, organization, categories,
 * summary. A word in the title counts five times a word in the abstract; Hugging Face's AI keywords, picked
 * from the paper as its key terms, three times; its AI summary, a restatement of the abstract, half (a word in
 * both then counts 1.5 times, not twice); categories are filters, not relevance.
 */
export const BM25_WEIGHTS = [5.0, 1.0, 3.0, 2.0, 3.0, 0.0, 0.5] as const;
/** FTS5's bm25 with those weights (lower is better, as FTS5 ranks). */
const WEIGHTED_BM25 = `bm25(papers_fts, ${BM25_WEIGHTS.join(', ')})`;

function filterSql(filter: CandidateFilter, docIdColumn: string): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.minDocId !== null) {
    clauses.push(`${docIdColumn} >= ?`);
    params.push(filter.minDocId);
  }
  if (filter.since !== null) {
    clauses.push('p.published_at >= ?');
    params.push(filter.since);
  }
  // paper_categories holds categories lowercased, so these are primary-key lookups.
  for (const category of filter.categories) {
    clauses.push(`EXISTS (SELECT 1 FROM paper_categories c WHERE c.category = ? AND c.doc_id = ${docIdColumn})`);
    params.push(category.toLowerCase());
  }
  for (const category of filter.excludedCategories) {
    clauses.push(`NOT EXISTS (SELECT 1 FROM paper_categories c WHERE c.category = ? AND c.doc_id = ${docIdColumn})`);
    params.push(category.toLowerCase());
  }
  if (filter.excludedExpression !== null) {
    clauses.push(`${docIdColumn} NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)`);
    params.push(filter.excludedExpression);
  }
  return { sql: clauses.map((c) => ` AND ${c}`).join(''), params };
}

/** min(number of papers matching, cap): cheap for rare terms, bounded for common ones. */
export function countMatchesUpTo(store: Store, expression: string, cap: number): number {
  const row = cachedStatement<[string, number], { n: number }>(
    sqliteOf(store),
    'SELECT count(*) AS n FROM (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? LIMIT ?)',
  ).get(expression, cap);
  return row?.n ?? 0;
}

/**
 * The newest `cap` papers matching `expression` (or every paper, when it is null) that pass the filter.
 * Newest first is a reverse walk of the index, so this costs O(cap), however common the words are. The columns
 * read come from the covering index papers_ranking (see its migration), not from the rows.
 */
export function newestMatches(store: Store, expression: string | null, filter: CandidateFilter, cap: number): Candidate[] {
  const [firstCategory, ...otherCategories] = filter.categories;
  if (expression === null && firstCategory !== undefined) {
    // Walk the category's own index newest first, instead of every paper.
    const { sql, params } = filterSql({ ...filter, categories: otherCategories }, 'p.doc_id');
    return cachedStatement<unknown[], Candidate>(
      sqliteOf(store),
      `SELECT p.doc_id AS docId, p.upvotes AS upvotes, p.published_at AS publishedAt, p.title AS title
         FROM paper_categories pc JOIN papers p INDEXED BY papers_ranking ON p.doc_id = pc.doc_id
        WHERE pc.category = ?${sql}
        ORDER BY pc.doc_id DESC LIMIT ?`,
    ).all(firstCategory.toLowerCase(), ...params, cap);
  }
  if (expression === null) {
    const { sql, params } = filterSql(filter, 'p.doc_id');
    return cachedStatement<unknown[], Candidate>(
      sqliteOf(store),
      `SELECT p.doc_id AS docId, p.upvotes AS upvotes, p.published_at AS publishedAt, p.title AS title FROM papers p INDEXED BY papers_ranking WHERE 1 = 1${sql} ORDER BY p.doc_id DESC LIMIT ?`,
    ).all(...params, cap);
  }
  const { sql, params } = filterSql({ ...filter, excludedExpression: null }, 'papers_fts.rowid');
  return cachedStatement<unknown[], Candidate>(
    sqliteOf(store),
    `SELECT papers_fts.rowid AS docId, p.upvotes AS upvotes, p.published_at AS publishedAt, p.title AS title
         FROM papers_fts JOIN papers p INDEXED BY papers_ranking ON p.doc_id = papers_fts.rowid
        WHERE papers_fts MATCH ?${sql}
        ORDER BY papers_fts.rowid DESC LIMIT ?`,
  ).all(expression, ...params, cap);
}

/**
 * bm25 relevance (higher is better) of the papers in [minDocId, maxDocId] matching `expression`. Only call it
 * with selective expressions: FTS5's bm25 counts every match of each phrase in the whole index first.
 */
export function bm25Scores(store: Store, expression: string, minDocId: number, maxDocId: number): Map<number, number> {
  const rows = cachedStatement<[string, number, number], { docId: number; score: number }>(
    sqliteOf(store),
    `SELECT rowid AS docId, -${WEIGHTED_BM25} AS score
         FROM papers_fts WHERE papers_fts MATCH ? AND rowid BETWEEN ? AND ?`,
  ).all(expression, minDocId, maxDocId);
  return new Map(rows.map((r) => [r.docId, r.score]));
}

/**
 * The `limit` papers best matching `expression` by bm25 (higher is better), best first. FTS5 ranks inside SQLite,
 * so only those rows reach JavaScript (a "more like this" query of a dozen words matches tens of thousands).
 */
export function topBm25(store: Store, expression: string, limit: number): { docId: number; score: number }[] {
  return cachedStatement<[string, number], { docId: number; score: number }>(
    sqliteOf(store),
    `SELECT rowid AS docId, -${WEIGHTED_BM25} AS score
         FROM papers_fts WHERE papers_fts MATCH ? ORDER BY ${WEIGHTED_BM25}, rowid DESC LIMIT ?`,
  ).all(expression, limit);
}

/** The papers in [minDocId, maxDocId] matching `expression`, without scoring them (no whole-index counts). */
export function matchingDocIds(store: Store, expression: string, minDocId: number, maxDocId: number): Set<number> {
  const rows = cachedStatement<[string, number, number], { docId: number }>(
    sqliteOf(store),
    'SELECT rowid AS docId FROM papers_fts WHERE papers_fts MATCH ? AND rowid BETWEEN ? AND ?',
  ).all(expression, minDocId, maxDocId);
  return new Set(rows.map((r) => r.docId));
}

const stemmerReady = new WeakSet<object>();
/** Stemming is a pure function of the word; remember recent answers (bounded). */
const stemCache = new Map<string, string | null>();
const STEM_CACHE_LIMIT = 10_000;

/** The index's own stem of a word (porter), read back through a scratch FTS table in the temp schema. */
export function indexStem(store: Store, word: string): string | null {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  const stem = stemThroughIndex(store, word);
  stemCache.set(word, stem);
  return stem;
}

function ensureStemmer(sqlite: SQLite.Database): void {
  if (!stemmerReady.has(sqlite)) {
    sqlite.exec(`
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stemmer USING fts5(word, tokenize = 'porter unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stemmer_vocab USING fts5vocab(temp, search_stemmer, 'row');`);
    stemmerReady.add(sqlite);
  }
}

function stemThroughIndex(store: Store, word: string): string | null {
  const sqlite = sqliteOf(store);
  ensureStemmer(sqlite);
  sqlite.prepare('INSERT INTO temp.search_stemmer (rowid, word) VALUES (1, ?)').run(word);
  try {
    const row = sqlite.prepare<[], { term: string }>('SELECT term FROM temp.search_stemmer_vocab LIMIT 1').get();
    return row?.term ?? null;
  } finally {
    sqlite.prepare('DELETE FROM temp.search_stemmer').run();
  }
}

/** The index's stems of a whole text, with how often each occurs: one pass of the tokenizer. */
export function indexStemCounts(store: Store, text: string): Map<string, number> {
  const sqlite = sqliteOf(store);
  ensureStemmer(sqlite);
  sqlite.prepare('INSERT INTO temp.search_stemmer (rowid, word) VALUES (1, ?)').run(text);
  try {
    const rows = sqlite.prepare<[], { term: string; cnt: number }>('SELECT term, cnt FROM temp.search_stemmer_vocab').all();
    return new Map(rows.map((r) => [r.term, r.cnt]));
  } finally {
    sqlite.prepare('DELETE FROM temp.search_stemmer').run();
  }
}

/** Indexed terms starting with `prefix` whose length is in [minLength, maxLength]. */
export function vocabularyNear(
  store: Store,
  prefix: string,
  minLength: number,
  maxLength: number,
  minDocCount = 1,
): { term: string; docCount: number }[] {
  return cachedStatement<[string, string, number, number, number], { term: string; docCount: number }>(
    sqliteOf(store),
    `SELECT term, doc_count AS docCount FROM search_vocab
        WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ? AND doc_count >= ?`,
  ).all(prefix, `${prefix}\uffff`, minLength, maxLength, minDocCount);
}

/** The most common indexed terms starting with `prefix`. */
export function vocabularyWithPrefix(store: Store, prefix: string, limit: number): { term: string; docCount: number }[] {
  return cachedStatement<[string, string, number], { term: string; docCount: number }>(
    sqliteOf(store),
    `SELECT term, doc_count AS docCount FROM search_vocab WHERE term >= ? AND term < ? ORDER BY doc_count DESC LIMIT ?`,
  ).all(prefix, `${prefix}\uffff`, limit);
}

/** Which of these exact terms are in the index vocabulary. */
export function vocabularyTerms(store: Store, terms: readonly string[]): { term: string; docCount: number }[] {
  if (terms.length === 0) return [];
  return sqliteOf(store)
    .prepare<string[], { term: string; docCount: number }>(
      `SELECT term, doc_count AS docCount FROM search_vocab WHERE term IN (${terms.map(() => '?').join(', ')})`,
    )
    .all(...terms);
}

/**
 * Rebuilds the typo-correction vocabulary from the index. Terms with digits ("gpt4", "2024") are left out:
 * they are names and numbers, not words a person misspells, and they would bloat the table.
 */
export async function refreshSearchVocabulary(store: Store): Promise<number> {
  forgetPaperCount(store);
  return inTransaction(store, async (tx) => {
    await sqlRun(tx, 'DELETE FROM search_vocab');
    return sqlRun(tx, "INSERT INTO search_vocab (term, doc_count) SELECT term, doc FROM papers_fts_vocab WHERE term NOT GLOB '*[0-9]*'");
  });
}

/** Whether the typo-correction vocabulary has been built at all (every write of papers rebuilds it after). */
export function hasSearchVocabulary(store: Store): boolean {
  return cachedStatement<[], { one: number }>(sqliteOf(store), 'SELECT 1 AS one FROM search_vocab LIMIT 1').get() !== undefined;
}

const paperCounts = new WeakMap<object, number>();

/**
 * How many papers the index holds, for weighting words by rarity. Counting a million rows takes milliseconds, so
 * the count is kept per connection and refreshed with the vocabulary (after every ingest that changed the index).
 */
export function indexedPaperCount(store: Store): number {
  let count = paperCounts.get(sqliteOf(store));
  if (count === undefined) {
    count = cachedStatement<[], { n: number }>(sqliteOf(store), 'SELECT count(*) AS n FROM papers').get()?.n ?? 0;
    paperCounts.set(sqliteOf(store), count);
  }
  return count;
}

/** Forgets the kept paper count, so the next read counts again. */
export function forgetPaperCount(store: Store): void {
  paperCounts.delete(sqliteOf(store));
}
