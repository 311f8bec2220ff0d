// Full-text search over the paper store: parse the user's query, forgive spelling, fetch the newest matches
// from the index, score them (see ranking.ts) and return the best page.
import type { Store } from '../../store/database.js';
import { findPapersByDocIds } from '../../store/papers-repository.js';
import { bm25Scores, newestMatches, type Candidate, type CandidateFilter } from '../../store/search-index.js';
import { docIdLowerBoundForDate } from '../arxiv-id.js';
import type { Paper } from '../paper.js';
import { hasCriteria, parseQuery, QueryError, type ParsedQuery } from './query-parser.js';
import { filterExpressions, matchExpression } from './query-expression.js';
import { blendedScore, relevance } from './ranking.js';
import { buildTermGroup, COMMON_TERM_DOCS, type Correction, type TermGroup } from './term-groups.js';
import { titleMatcher } from './title-match.js';

export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 50;
/**
 * Ranking looks at the newest CANDIDATE_CAP matches. A query that matches more papers than that is made of
 * common words; its older matches would rank low on freshness anyway, and reading them all would cost
 * hundreds of milliseconds at a million papers.
 */
export const CANDIDATE_CAP = 1000;

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
  corrections: Correction[];
  /** No paper had every word, so papers with some of them are shown. */
  relaxed: boolean;
  query: ParsedQuery;
}

/** Relevance of each candidate (see ranking.ts): bm25 over the selective groups, plus title hits of all. */
function relevanceOf(store: Store, groups: TermGroup[], candidates: Candidate[]): (c: Candidate) => number {
  if (groups.length === 0 || candidates.length === 0) return () => 1;
  const selective = groups.filter((g) => g.docs < COMMON_TERM_DOCS);
  let bm25: (docId: number) => number = () => 0;
  if (selective.length > 0) {
    const docIds = candidates.map((c) => c.docId);
    const expression = selective.map((g) => `(${g.expression})`).join(' OR ');
    const scores = bm25Scores(store, expression, Math.min(...docIds), Math.max(...docIds));
    bm25 = (docId) => scores.get(docId) ?? 0;
  }
  const titleHits = titleMatcher(
    store,
    groups.map((g) => g.alternatives),
  );
  return (c) => relevance(bm25(c.docId), titleHits(c.title));
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
      query.excluded.length > 0
        ? 'Add a word or filter to search for, besides the excluded words.'
        : 'Type at least one word to search for.',
    );
  }

  const corrections: Correction[] = [];
  const groups = query.terms.map((term) => buildTermGroup(store, term, corrections));
  const { people, excluded } = filterExpressions(store, query);
  const sinceFilter = { since: query.since, minDocId: query.since === null ? null : docIdLowerBoundForDate(query.since) };
  const textual = groups.length > 0 || people.length > 0;
  // With words to match, categories are filtered inside the index; without, from the category table.
  const filter: CandidateFilter = textual
    ? { ...sinceFilter, categories: [], excludedCategories: [], excludedExpression: null }
    : {
        ...sinceFilter,
        categories: query.categories,
        excludedCategories: query.excludedCategories,
        excludedExpression: excluded.length > 0 ? excluded.join(' OR ') : null,
      };
  const expressionFor = (termPart: string[]): string | null => (textual ? matchExpression(query, termPart, { people, excluded }) : null);

  let relaxed = false;
  let candidates = newestMatches(store, expressionFor(groups.map((g) => g.expression)), filter, CANDIDATE_CAP + 1);
  if (candidates.length === 0 && groups.length > 1) {
    // Nobody wrote every word: show papers with some of them, best matches first.
    relaxed = true;
    candidates = newestMatches(store, expressionFor([groups.map((g) => `(${g.expression})`).join(' OR ')]), filter, CANDIDATE_CAP + 1);
  }
  const capped = candidates.length > CANDIDATE_CAP;
  if (capped) candidates = candidates.slice(0, CANDIDATE_CAP);

  const relevanceOfCandidate = relevanceOf(store, groups, candidates);
  const ranked = candidates
    .map((c) => ({ docId: c.docId, score: blendedScore(relevanceOfCandidate(c), c.upvotes, c.publishedAt, now) }))
    .sort((a, b) => b.score - a.score || b.docId - a.docId)
    .slice(offset, offset + limit);
  const papers = await findPapersByDocIds(
    store,
    ranked.map((r) => r.docId),
  );
  const hits = ranked.flatMap((r) => {
    const paper = papers.get(r.docId);
    return paper === undefined ? [] : [{ paper, score: r.score }];
  });
  return { hits, total: candidates.length, capped, corrections, relaxed, query };
}
