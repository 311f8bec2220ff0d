// The search index on PostgreSQL. Not written yet: every call refuses plainly (NotOnPostgresError).
import type { PostgresStore } from './database.js';
import type { Candidate, CandidateFilter, VocabularyTerm } from './search-index.js';
import { NotOnPostgresError } from './store-errors.js';

const notYet = <T>(): Promise<T> => Promise.reject(new NotOnPostgresError());

export const countMatchesUpTo = (_store: PostgresStore, _expression: string, _cap: number): Promise<number> => notYet();
export const newestMatches = (
  _store: PostgresStore,
  _expression: string | null,
  _filter: CandidateFilter,
  _cap: number,
): Promise<Candidate[]> => notYet();
export const bm25Scores = (_store: PostgresStore, _expression: string, _min: number, _max: number): Promise<Map<number, number>> =>
  notYet();
export const topBm25 = (_store: PostgresStore, _expression: string, _limit: number): Promise<{ docId: number; score: number }[]> =>
  notYet();
export const matchingDocIds = (_store: PostgresStore, _expression: string, _min: number, _max: number): Promise<Set<number>> => notYet();
export const indexStem = (_store: PostgresStore, _word: string): Promise<string | null> => notYet();
export const indexStemCounts = (_store: PostgresStore, _text: string): Promise<Map<string, number>> => notYet();
export const vocabularyNear = (
  _store: PostgresStore,
  _prefix: string,
  _min: number,
  _max: number,
  _minDocCount: number,
): Promise<VocabularyTerm[]> => notYet();
export const vocabularyWithPrefix = (_store: PostgresStore, _prefix: string, _limit: number): Promise<VocabularyTerm[]> => notYet();
export const vocabularyTerms = (_store: PostgresStore, _terms: readonly string[]): Promise<VocabularyTerm[]> => notYet();
export const refreshSearchVocabulary = (_store: PostgresStore): Promise<number> => notYet();
export const hasSearchVocabulary = (_store: PostgresStore): Promise<boolean> => notYet();
export const indexedPaperCount = (_store: PostgresStore): Promise<number> => notYet();
