// A saved topic, compiled once: the MATCH expression that finds its candidates, and its concepts, which say how
// well each candidate matches (see topic-match.ts). A topic understands what a search does (abbreviations the
// store defines, the field vocabulary's other names and kinds: "model compression" catches quantization) but is
// taken as typed otherwise (no typo correction) and never relaxed to "some of the words": every concept must
// match in one of its forms, and the score then keeps loose matches out of a digest.
import type { Store } from '../../store/database.js';
import { anyOf } from '../../store/fts-match.js';
import { indexedPaperCount } from '../../store/search-index.js';
import { idf } from './lexical-ranking.js';
import { filterExpressions, matchExpression } from './query-expression.js';
import { hasCriteria, parseQuery, QueryError } from '../../core/search/query-parser.js';
import { EQUIVALENT_WEIGHT, NARROWER_WEIGHT, queryConcepts, type Concept } from './query-concepts.js';
import type { MatchTerm } from '../../core/search/match-term.js';

/** Another name ("PTQ") or a kind ("quantization") of a topic's concept, and how much a match of it counts. */
export interface TopicName {
  name: string;
  expression: string;
  share: number;
}

export interface TopicConcept {
  label: string;
  /** Rarity in the store (bm25's idf): a topic's rare words weigh more than its common ones. */
  weight: number;
  /** The words as typed, in any of their forms. */
  typed: string;
  names: TopicName[];
}

export interface TopicExpression {
  /** Every concept in one of its forms, and the filters: the papers worth scoring. */
  expression: string;
  /** The topic's since: filter (YYYY-MM-DD), applied to publication dates. */
  since: string | null;
  /** Empty for a topic of filters only (author:, org:, cat:), whose every candidate matches fully. */
  concepts: TopicConcept[];
}

function nameExpression(term: MatchTerm): string {
  return anyOf([term]);
}

/** The words as typed; a prefix also runs as FTS5's own prefix query (exact on a window's small index, and it
 * catches words newer than the vocabulary that search expands prefixes from). */
function typedExpression(concept: Concept): string {
  const [term] = concept.terms;
  const prefix: MatchTerm[] = concept.terms.length === 1 && term?.kind === 'word' && term.prefix ? [term] : [];
  return anyOf([...prefix, ...concept.typed]);
}

function topicConcept(concept: Concept, papers: number): TopicConcept {
  const names = [
    ...concept.equivalent.map((term) => ({ term, share: EQUIVALENT_WEIGHT })),
    ...concept.narrower.map((term) => ({ term, share: NARROWER_WEIGHT })),
  ].map(({ term, share }) => ({
    name: term.kind === 'phrase' ? term.words.join(' ') : term.kind === 'word' ? term.word : term.stem,
    expression: nameExpression(term),
    share,
  }));
  return { label: concept.label, weight: idf(papers, concept.docs), typed: typedExpression(concept), names };
}

function anyForm(concept: TopicConcept): string {
  return concept.names.length === 0 ? concept.typed : `(${[concept.typed, ...concept.names.map((n) => n.expression)].join(' OR ')})`;
}

/** Throws QueryError when the text is not a usable query. */
export async function topicExpression(store: Store, text: string): Promise<TopicExpression> {
  const query = parseQuery(text);
  if (!hasCriteria(query)) throw new QueryError('A topic needs at least one word or filter to match, besides exclusions.');
  if (query.terms.length === 0 && query.authors.length === 0 && query.organizations.length === 0 && query.categories.length === 0) {
    throw new QueryError('A topic needs at least one word, author:, org: or cat: to match.');
  }
  const papers = await indexedPaperCount(store);
  const concepts = (await queryConcepts(store, query.terms, { corrections: [], expansions: [] }, { typos: false })).map((c) =>
    topicConcept(c, papers),
  );
  return {
    expression: matchExpression(query, concepts.map(anyForm), await filterExpressions(store, query)),
    since: query.since,
    concepts,
  };
}
