// The search index as the rest of the bot sees it: the same calls on both databases. Expressions are written in
// one small language (fts-match.ts: quoted words and phrases, `*` prefixes, AND, OR, NOT, column filters), which
// SQLite's FTS5 reads as it is (sqlite-search-index.ts) and PostgreSQL's full-text search reads translated
// (postgres-search-index.ts).
import type { Store } from './database.js';
import * as onPostgres from './postgres-search-index.js';
import * as onSqlite from './sqlite-search-index.js';

export interface Candidate {
  docId: number;
  upvotes: number;
  publishedAt: string | null;
  title: string;
}

export interface CandidateFilter {
  categories: readonly string[];
  excludedCategories: readonly string[];
  /** Published on or after this day (YYYY-MM-DD). */
  since: string | null;
  /** Smallest doc id that can satisfy `since` (doc ids follow arXiv submission order). */
  minDocId: number | null;
  /** MATCH expression of papers to leave out, used when there is no positive MATCH expression. */
  excludedExpression: string | null;
}

export interface VocabularyTerm {
  term: string;
  docCount: number;
}

/** min(number of papers matching, cap): cheap for rare terms, bounded for common ones. */
export function countMatchesUpTo(store: Store, expression: string, cap: number): Promise<number> {
  if (store.dialect === 'postgres') return onPostgres.countMatchesUpTo(store, expression, cap);
  return Promise.resolve(onSqlite.countMatchesUpTo(store, expression, cap));
}

/**
 * countMatchesUpTo for weighing a saved topic's concepts against each other: on PostgreSQL kept in the database
 * for days and shared by every process (a phrase of common words is slow to count there); SQLite counts afresh.
 */
export function conceptCountUpTo(store: Store, expression: string, cap: number): Promise<number> {
  if (store.dialect === 'postgres') return onPostgres.conceptCountUpTo(store, expression, cap);
  return Promise.resolve(onSqlite.countMatchesUpTo(store, expression, cap));
}

/** The newest `cap` papers matching `expression` (or every paper, when it is null) that pass the filter. */
export function newestMatches(store: Store, expression: string | null, filter: CandidateFilter, cap: number): Promise<Candidate[]> {
  if (store.dialect === 'postgres') return onPostgres.newestMatches(store, expression, filter, cap);
  return Promise.resolve(onSqlite.newestMatches(store, expression, filter, cap));
}

/** Relevance (higher is better) of the papers in [minDocId, maxDocId] matching `expression`. */
export function bm25Scores(store: Store, expression: string, minDocId: number, maxDocId: number): Promise<Map<number, number>> {
  if (store.dialect === 'postgres') return onPostgres.bm25Scores(store, expression, minDocId, maxDocId);
  return Promise.resolve(onSqlite.bm25Scores(store, expression, minDocId, maxDocId));
}

/** The `limit` papers best matching `expression` (higher is better), best first. */
export function topBm25(store: Store, expression: string, limit: number): Promise<{ docId: number; score: number }[]> {
  if (store.dialect === 'postgres') return onPostgres.topBm25(store, expression, limit);
  return Promise.resolve(onSqlite.topBm25(store, expression, limit));
}

/** The papers in [minDocId, maxDocId] matching `expression`, without scoring them. */
export function matchingDocIds(store: Store, expression: string, minDocId: number, maxDocId: number): Promise<Set<number>> {
  if (store.dialect === 'postgres') return onPostgres.matchingDocIds(store, expression, minDocId, maxDocId);
  return Promise.resolve(onSqlite.matchingDocIds(store, expression, minDocId, maxDocId));
}

/** The index's own stem of a word, or null when the index would not keep it. */
export function indexStem(store: Store, word: string): Promise<string | null> {
  if (store.dialect === 'postgres') return onPostgres.indexStem(store, word);
  return Promise.resolve(onSqlite.indexStem(store, word));
}

/**
 * Looks up the stems of many words at once, so the indexStem calls that follow are answered from memory (on
 * PostgreSQL each would be a round trip; SQLite answers them in microseconds and has nothing to learn).
 */
export function learnIndexStems(store: Store, words: readonly string[]): Promise<void> {
  if (store.dialect === 'postgres') return onPostgres.learnIndexStems(store, words);
  return Promise.resolve();
}

/** The index's stems of a whole text, with how often each occurs. */
export function indexStemCounts(store: Store, text: string): Promise<Map<string, number>> {
  if (store.dialect === 'postgres') return onPostgres.indexStemCounts(store, text);
  return Promise.resolve(onSqlite.indexStemCounts(store, text));
}

/** Indexed terms starting with `prefix` whose length is in [minLength, maxLength]. */
export function vocabularyNear(
  store: Store,
  prefix: string,
  minLength: number,
  maxLength: number,
  minDocCount = 1,
): Promise<VocabularyTerm[]> {
  if (store.dialect === 'postgres') return onPostgres.vocabularyNear(store, prefix, minLength, maxLength, minDocCount);
  return Promise.resolve(onSqlite.vocabularyNear(store, prefix, minLength, maxLength, minDocCount));
}

/** The most common indexed terms starting with `prefix`. */
export function vocabularyWithPrefix(store: Store, prefix: string, limit: number): Promise<VocabularyTerm[]> {
  if (store.dialect === 'postgres') return onPostgres.vocabularyWithPrefix(store, prefix, limit);
  return Promise.resolve(onSqlite.vocabularyWithPrefix(store, prefix, limit));
}

/** Which of these exact terms are in the index vocabulary. */
export function vocabularyTerms(store: Store, terms: readonly string[]): Promise<VocabularyTerm[]> {
  if (store.dialect === 'postgres') return onPostgres.vocabularyTerms(store, terms);
  return Promise.resolve(onSqlite.vocabularyTerms(store, terms));
}

/** Rebuilds the typo-correction vocabulary from the index; answers how many terms it holds. */
export function refreshSearchVocabulary(store: Store): Promise<number> {
  if (store.dialect === 'postgres') return onPostgres.refreshSearchVocabulary(store);
  return onSqlite.refreshSearchVocabulary(store);
}

/** Whether the typo-correction vocabulary has been built at all. */
export function hasSearchVocabulary(store: Store): Promise<boolean> {
  if (store.dialect === 'postgres') return onPostgres.hasSearchVocabulary(store);
  return Promise.resolve(onSqlite.hasSearchVocabulary(store));
}

/** How many papers the index holds, for weighting words by rarity (kept, refreshed with the vocabulary). */
export function indexedPaperCount(store: Store): Promise<number> {
  if (store.dialect === 'postgres') return onPostgres.indexedPaperCount(store);
  return Promise.resolve(onSqlite.indexedPaperCount(store));
}
