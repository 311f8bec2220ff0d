// A saved topic, compiled once: the MATCH expression that finds its candidates, and its concepts, which say how
// well each candidate matches (see topic-match.ts). A topic understands what a search does (abbreviations the
// store defines, the field vocabulary's other names and kinds: "model compression" catches quantization) but is
// taken as typed otherwise (no typo correction) and never relaxed to "some of the words": every concept must
// match in one of its forms, and the score then keeps loose matches out of a digest.
import type { Store } from '../../store/database.js';
import { anyOf } from '../../store/fts-match.js';
import { conceptCountUpTo, indexedPaperCount, indexStem, learnIndexStems, vocabularyTerms } from '../../store/search-index.js';
import { COMMON_TERM_DOCS } from './term-groups.js';
import { idf } from './lexical-ranking.js';
import { filterExpressions, matchExpression } from './query-expression.js';
import { hasCriteria, parseQuery, QueryError } from '../../core/search/query-parser.js';
import { EQUIVALENT_WEIGHT, NARROWER_WEIGHT, queryConcepts, type Concept } from './query-concepts.js';
import type { MatchTerm } from '../../core/search/match-term.js';

/** Words this long are tried as two words written together (query-concepts.ts's splitForms). */
const SPLIT_MIN_LENGTH = 7;

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

/**
 * Learns, in a few statements, what compiling these topics will ask of the store word by word: each word's stem
 * and the vocabulary's count of it. A digest tick compiles hundreds of topics; on PostgreSQL each of those
 * questions would otherwise be a round trip of its own.
 */
export async function learnTopicWords(store: Store, texts: readonly string[]): Promise<void> {
  const words = new Set<string>();
  for (const text of texts) {
    try {
      const typed = parseQuery(text).terms.flatMap((term) => (term.kind === 'word' ? [term.word] : term.words));
      for (const [i, word] of typed.entries()) {
        words.add(word);
        // What reading the topic asks next: two words written apart joined, a long word split in two.
        const next = typed[i + 1];
        if (next !== undefined) words.add(word + next);
        for (const [left, right] of splits(word)) words.add(left).add(right);
      }
    } catch (error) {
      // Not a query: its compile says so where it is collected.
      if (!(error instanceof QueryError)) throw error;
    }
  }
  await learnIndexStems(store, [...words]);
  const stems = await Promise.all([...words].map((word) => indexStem(store, word)));
  await vocabularyTerms(store, [...new Set(stems.filter((stem): stem is string => stem !== null))]);
}

/** The two halves query-concepts.ts's splitForms tries for a long word ("multiobjective": "mul"+"tiobjective", …). */
function splits(word: string): [string, string][] {
  if (word.length < SPLIT_MIN_LENGTH || !/^\p{L}+$/u.test(word)) return [];
  const halves: [string, string][] = [];
  for (let cut = 3; cut <= word.length - 3; cut += 1) halves.push([word.slice(0, cut), word.slice(cut)]);
  return halves;
}

/** Throws QueryError when the text is not a usable query. */
export async function topicExpression(store: Store, text: string): Promise<TopicExpression> {
  const query = parseQuery(text);
  if (!hasCriteria(query)) throw new QueryError('A topic needs at least one word or filter to match, besides exclusions.');
  if (query.terms.length === 0 && query.authors.length === 0 && query.organizations.length === 0 && query.categories.length === 0) {
    throw new QueryError('A topic needs at least one word, author:, org: or cat: to match.');
  }
  const read = await queryConcepts(store, query.terms, { corrections: [], expansions: [] }, { typos: false, parts: false, counts: false });
  // Rarity only weighs concepts against each other: a topic of one concept needs no count (at 100k papers a
  // phrase of common words costs up to a second to count on PostgreSQL, where counts are kept for days).
  const papers = read.length > 1 ? await indexedPaperCount(store) : 0;
  const docs = read.length > 1 ? await Promise.all(read.map((c) => conceptCountUpTo(store, c.expression, COMMON_TERM_DOCS))) : [0];
  const concepts = read.map((c, i) => topicConcept({ ...c, docs: docs[i] ?? 0 }, papers));
  return {
    expression: matchExpression(query, concepts.map(anyForm), await filterExpressions(store, query)),
    since: query.since,
    concepts,
  };
}
