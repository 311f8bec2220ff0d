// Full-text search over the paper store: parse the user's query, forgive spelling, fetch the newest matches
// from the index, score them (see ranking.ts) and return the best page.
import type { Store } from '../../store/database.js';
import { allOf, anyOf, inColumn, without } from '../../store/fts-match.js';
import { findPapersByDocIds } from '../../store/papers-repository.js';
import {
  bm25Scores,
  countMatchesUpTo,
  matchingDocIds,
  newestMatches,
  type Candidate,
  type CandidateFilter,
} from '../../store/search-index.js';
import { docIdLowerBoundForDate } from '../arxiv-id.js';
import type { Paper } from '../paper.js';
import { hasCriteria, parseQuery, QueryError, type ParsedQuery, type Term } from './query-parser.js';
import { blendedScore, bm25Relevance, titleOnlyRelevance } from './ranking.js';
import { spellingVariants } from './spelling-variants.js';
import { correctTypo } from './typo-correction.js';

export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 50;
/**
 * Ranking looks at the newest CANDIDATE_CAP matches. A query that matches more papers than that is made of
 * common words; its older matches would rank low on freshness anyway, and reading them all would cost
 * hundreds of milliseconds at a million papers.
 */
export const CANDIDATE_CAP = 1000;
/** Terms in more papers than this are "common": bm25 for them would scan much of the index. */
export const COMMON_TERM_DOCS = 2000;
/** A word found in at most this many papers may be a typo of a common word; its corrections are added. */
const TYPO_SUSPECT_DOCS = 2;
/** ...but only corrections this many times more common than the word itself (a rare name is not a typo). */
const TYPO_EVIDENCE_RATIO = 50;

export interface SearchOptions {
  limit?: number;
  offset?: number;
  now?: Date;
}

export interface SearchHit {
  paper: Paper;
  score: number;
}

export interface SearchResponse {
  hits: SearchHit[];
  /** Matches considered (at most CANDIDATE_CAP); `capped` says there were more. */
  total: number;
  capped: boolean;
  /** Words that were also searched as other spellings found in the index. */
  corrections: { word: string; alternatives: string[] }[];
  /** No paper had every word, so papers with some of them are shown. */
  relaxed: boolean;
  query: ParsedQuery;
}

interface TermGroup {
  alternatives: Term[];
  expression: string;
  /** Papers matching, up to COMMON_TERM_DOCS. */
  docs: number;
}

function alternativesOf(term: Term): Term[] {
  if (term.kind !== 'word' || term.prefix) return [term];
  return [term, ...spellingVariants(term.word).map((word): Term => ({ kind: 'word', word, prefix: false }))];
}

function groupFor(store: Store, term: Term, corrections: SearchResponse['corrections']): TermGroup {
  const alternatives = alternativesOf(term);
  let expression = anyOf(alternatives);
  let docs = countMatchesUpTo(store, expression, COMMON_TERM_DOCS);
  if (term.kind === 'word' && !term.prefix && docs <= TYPO_SUSPECT_DOCS) {
    const fixes = correctTypo(store, term.word)
      .filter((fix) => docs === 0 || fix.docCount >= TYPO_EVIDENCE_RATIO * docs)
      .map((fix) => fix.term);
    if (fixes.length > 0) {
      corrections.push({ word: term.word, alternatives: fixes });
      alternatives.push(...fixes.map((word): Term => ({ kind: 'word', word, prefix: false })));
      expression = anyOf(alternatives);
      docs = countMatchesUpTo(store, expression, COMMON_TERM_DOCS);
    }
  }
  return { alternatives, expression, docs };
}

function phrase(words: string[]): Term {
  return words.length === 1 ? { kind: 'word', word: words[0] ?? '', prefix: false } : { kind: 'phrase', words };
}

function scoreCandidates(store: Store, groups: TermGroup[], candidates: Candidate[], now: Date): { docId: number; score: number }[] {
  if (candidates.length === 0) return [];
  const docIds = candidates.map((c) => c.docId);
  const min = Math.min(...docIds);
  const max = Math.max(...docIds);
  const selective = groups.filter((g) => g.docs < COMMON_TERM_DOCS);
  let relevance: (docId: number) => number = () => 1;
  if (selective.length > 0) {
    const scores = bm25Scores(store, selective.map((g) => `(${g.expression})`).join(' OR '), min, max);
    relevance = (docId) => bm25Relevance(scores.get(docId) ?? 0);
  } else if (groups.length > 0) {
    const inTitle = groups.map((g) => matchingDocIds(store, inColumn('title', g.expression), min, max));
    relevance = (docId) => titleOnlyRelevance(inTitle.filter((set) => set.has(docId)).length);
  }
  return candidates.map((c) => ({ docId: c.docId, score: blendedScore(relevance(c.docId), c.upvotes, c.publishedAt, now) }));
}

function validatedLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_SEARCH_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_SEARCH_LIMIT) {
    throw new QueryError(`The result limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT}.`);
  }
  return value;
}

export async function searchPapers(store: Store, text: string, options: SearchOptions = {}): Promise<SearchResponse> {
  const limit = validatedLimit(options.limit);
  const offset = Math.max(0, Math.trunc(options.offset ?? 0));
  const now = options.now ?? new Date();
  const query = parseQuery(text);
  if (!hasCriteria(query)) {
    throw new QueryError(
      query.excluded.length > 0 ? 'Add a word or filter to search for, besides the excluded words.' : 'Type at least one word to search for.',
    );
  }

  const corrections: SearchResponse['corrections'] = [];
  const groups = query.terms.map((term) => groupFor(store, term, corrections));
  const columnFilters = [
    ...query.authors.map((words) => inColumn('authors', anyOf([phrase(words)]))),
    ...query.organizations.map((words) => inColumn('organization', anyOf([phrase(words)]))),
  ];
  const excluded = query.excluded.map((term) => anyOf(alternativesOf(term)));
  const filter: CandidateFilter = {
    categories: query.categories,
    excludedCategories: query.excludedCategories,
    since: query.since,
    minDocId: query.since === null ? null : docIdLowerBoundForDate(query.since),
    excludedExpression: null,
  };
  const expressionFor = (termPart: string[]): string | null => {
    const positive = [...termPart, ...columnFilters];
    if (positive.length === 0) return null;
    return without(allOf(positive), excluded);
  };
  if (groups.length === 0 && columnFilters.length === 0 && excluded.length > 0) {
    filter.excludedExpression = excluded.join(' OR ');
  }

  let relaxed = false;
  let candidates = newestMatches(store, expressionFor(groups.map((g) => g.expression)), filter, CANDIDATE_CAP + 1);
  if (candidates.length === 0 && groups.length > 1) {
    // Nobody wrote every word: show papers with some of them, best matches first.
    relaxed = true;
    candidates = newestMatches(store, expressionFor([groups.map((g) => `(${g.expression})`).join(' OR ')]), filter, CANDIDATE_CAP + 1);
  }
  const capped = candidates.length > CANDIDATE_CAP;
  if (capped) candidates = candidates.slice(0, CANDIDATE_CAP);

  const ranked = scoreCandidates(store, groups, candidates, now)
    .sort((a, b) => b.score - a.score || b.docId - a.docId)
    .slice(offset, offset + limit);
  const papers = await findPapersByDocIds(store, ranked.map((r) => r.docId));
  const hits = ranked.flatMap((r) => {
    const paper = papers.get(r.docId);
    return paper === undefined ? [] : [{ paper, score: r.score }];
  });
  return { hits, total: candidates.length, capped, corrections, relaxed, query };
}
