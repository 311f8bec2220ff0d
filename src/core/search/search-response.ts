// What a search is asked and what it answers: page sizes, the candidate cap, the hits and the notes on what was
// searched besides the words typed. Pure types and constants, shared by the search itself (src/app/search) and
// every view of its answer.
import type { Paper } from '../paper.js';
import type { ParsedQuery } from './query-parser.js';

/** A word also searched as other spellings found in the index. */
export interface Correction {
  word: string;
  alternatives: string[];
}

/** Other names and kinds also searched ("PTQ" -> "post-training quantization"). */
export interface Expansion {
  from: string;
  to: string[];
}

export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 50;
/**
 * Ranking looks at the newest CANDIDATE_CAP matches. A query that matches more papers than that is made of
 * common words; its older matches would rank low on freshness anyway, and reading them all would cost
 * hundreds of milliseconds at a million papers. Reading the candidates is most of a search's time: at a million
 * papers, 1,000 of them made the median search 7.7 ms (lexical) and 10.2-10.9 ms (fused), 500 make it 5.2-5.6
 * and 6.9-7.6 ms (bench/results.json).
 */
export const CANDIDATE_CAP = 500;

export interface SearchOptions {
  limit?: number;
  offset?: number;
  now?: Date;
  /**
   * 'fused' (the default): the lexical ranking fused with the semantic layer's. 'lexical': the lexical ranking
   * alone (the relevance bench compares the two).
   */
  ranking?: 'lexical' | 'fused';
}

export interface SearchHit {
  paper: Paper;
  score: number;
  /** The paper matches every word of the query (in one of its forms), not only most of them. */
  complete?: boolean;
}

export interface SearchResponse {
  hits: SearchHit[];
  /** Matches considered (at most CANDIDATE_CAP); `capped` says there were more. */
  total: number;
  capped: boolean;
  /** Words that were also searched as other spellings found in the index. */
  corrections: Correction[];
  /** Other names and kinds also searched ("PTQ" -> "post-training quantization"). */
  expansions: Expansion[];
  /** No paper had every word, so papers with some of them are shown. */
  relaxed: boolean;
  query: ParsedQuery;
}
