// Full-text search over the paper store: parse the user's query, forgive spelling, fetch the newest matches
// from the index, score them (see ranking.ts) and return the best page.
import type { Store } from '../../store/database.js';
import { findPapersByDocIds } from '../../store/papers-repository.js';
import { newestMatches, type Candidate, type CandidateFilter } from '../../store/search-index.js';
import { docIdLowerBoundForDate } from '../../core/arxiv-id.js';
import { lexicalScorer } from './lexical-ranking.js';
import { queryConcepts, type Concept, type ConceptNotes } from './query-concepts.js';
import { hasCriteria, parseQuery, QueryError, type ParsedQuery } from '../../core/search/query-parser.js';
import { filterExpressions, matchExpression } from './query-expression.js';
import { blendedScore } from '../../core/search/ranking.js';
import { rankFused, scoreFusion } from '../../core/search/fusion.js';
import { semanticIndexOf, semanticNeighboursOfText, semanticSimilarities } from '../semantic/semantic-search.js';
import { COMMON_TERM_DOCS } from './term-groups.js';
import {
  CANDIDATE_CAP,
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  type SearchOptions,
  type SearchResponse,
} from '../../core/search/search-response.js';

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

  const notes: ConceptNotes = { corrections: [], expansions: [] };
  const concepts = await queryConcepts(store, query.terms, notes);
  const { people, excluded } = await filterExpressions(store, query);
  const sinceFilter = { since: query.since, minDocId: query.since === null ? null : docIdLowerBoundForDate(query.since) };
  const textual = concepts.length > 0 || people.length > 0;
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

  // Papers with every concept first; unless there are plenty of those, papers with some of them too (the
  // rarer ones: a concept most papers have would let any paper in), so a page is full whenever the store holds
  // related papers. Filters (phrases in quotes, exclusions, author:, org:, cat:, since:) hold for both.
  const strict = await newestMatches(store, expressionFor(concepts.map((c) => c.expression)), filter, CANDIDATE_CAP + 1);
  const allMatched = new Set(strict.map((c) => c.docId));
  let candidates = strict;
  // A concept of several words lets in papers with some of its words too.
  const unquotedConcepts = concepts.filter((c) => c.terms.every((t) => t.quoted !== true));
  const unquoted = unquotedConcepts.flatMap((c) => [c, ...c.parts]);
  const partial = unquoted.filter((c) => c.docs > 0 && c.docs < COMMON_TERM_DOCS);
  const loose = partial.length > 0 ? partial : unquoted.filter((c) => c.docs > 0);
  // Papers with some but not all of the words exist only for a query of two unquoted concepts or more, or one of
  // several words (with one, the OR pass would run the strict query again: costly with a phrase).
  const several = unquotedConcepts.length > 1 || unquotedConcepts.some((c) => c.parts.length > 0);
  if (strict.length <= CANDIDATE_CAP && several && loose.length > 0) {
    const strictParts = concepts.filter((c) => c.terms.some((t) => t.quoted === true)).map((c) => c.expression);
    const some = await newestMatches(
      store,
      expressionFor([...strictParts, loose.map((c) => `(${c.expression})`).join(' OR ')]),
      filter,
      CANDIDATE_CAP + 1,
    );
    candidates = [...strict, ...some.filter((c) => !allMatched.has(c.docId))];
  }
  const relaxed = strict.length === 0 && candidates.length > 0;
  const capped = candidates.length > CANDIDATE_CAP;
  if (capped) candidates = candidates.slice(0, CANDIDATE_CAP);

  const scoreOf = await lexicalScorer(store, concepts, candidates, allMatched);
  const lexical = candidates
    .map((c) => ({ docId: c.docId, score: blendedScore(scoreOf(c).relevance, c.upvotes, c.publishedAt, now) }))
    .sort((a, b) => b.score - a.score || b.docId - a.docId);
  const fusedList =
    options.ranking === 'lexical' || concepts.length === 0 ? null : await fusedRanking(store, query, concepts, lexical, candidates, now);
  const ranked = (fusedList ?? lexical).slice(offset, offset + limit);
  const papers = await findPapersByDocIds(
    store,
    ranked.map((r) => r.docId),
  );
  const hits = ranked.flatMap((r) => {
    const paper = papers.get(r.docId);
    return paper === undefined ? [] : [{ paper, score: r.score, complete: allMatched.has(r.docId) }];
  });
  const total = candidates.length + (fusedList === null ? 0 : fusedList.length - lexical.length);
  return { hits, total, capped, corrections: notes.corrections, expansions: notes.expansions, relaxed, query };
}

/** Papers only the semantic layer finds, per query: a page and a half, enough to fill a page the words missed. */
const SEMANTIC_NEIGHBOURS = 15;
/** ...looked for when the words matched fewer papers than this. */
const SEMANTIC_FILL_BELOW = 100;
/** The semantic similarity counts this much against the lexical score in the fusion (see fusion.ts). */
const SEMANTIC_WEIGHT = 0.35;

/** Whether a query holds filters a paper the words did not find cannot be checked against (see fusedRanking). */
function hasFilters(query: ParsedQuery): boolean {
  return (
    query.terms.some((t) => t.quoted === true) ||
    query.excluded.length > 0 ||
    query.authors.length > 0 ||
    query.organizations.length > 0 ||
    query.categories.length > 0 ||
    query.excludedCategories.length > 0 ||
    query.since !== null
  );
}

/**
 * The lexical ranking fused with the semantic one (see fusion.ts), or null when the store has no semantic model
 * yet. The semantic layer reorders the lexical candidates and, for a query of words only that matched few papers,
 * adds the nearest papers the words missed; with filters (phrases, exclusions, author:, org:, cat:, since:) it only reorders, so the
 * filters stay strict.
 */
async function fusedRanking(
  store: Store,
  query: ParsedQuery,
  concepts: readonly Concept[],
  lexical: readonly { docId: number; score: number }[],
  candidates: readonly Candidate[],
  now: Date,
): Promise<{ docId: number; score: number }[] | null> {
  if ((await semanticIndexOf(store)) === null) return null;
  // The words typed, and the other names the store and the vocabulary gave them: "PTQ" means its long form.
  const text = [...concepts.map((c) => c.label), ...concepts.flatMap((c) => c.related.slice(0, 3))].join(' ');
  const similarity = await semanticSimilarities(
    store,
    text,
    lexical.map((l) => l.docId),
  );
  // The nearest papers the words missed are looked for when the words found few: with hundreds of matches a page
  // is full of papers that have the words, and the scan of the index's lists is most of a fused search's cost.
  const neighbours =
    hasFilters(query) || lexical.length >= SEMANTIC_FILL_BELOW ? [] : await semanticNeighboursOfText(store, text, SEMANTIC_NEIGHBOURS);
  for (const n of neighbours) if (!similarity.has(n.docId)) similarity.set(n.docId, n.similarity);
  const semantic = [...similarity].filter(([, sim]) => sim > 0).sort((a, b) => b[1] - a[1] || b[0] - a[0]);
  const fused = scoreFusion(lexical, semantic, SEMANTIC_WEIGHT);
  const known = new Map(candidates.map((c) => [c.docId, c]));
  const added = await findPapersByDocIds(
    store,
    [...fused.keys()].filter((docId) => !known.has(docId)),
  );
  return rankFused(fused, (docId) => known.get(docId) ?? added.get(docId), now);
}
