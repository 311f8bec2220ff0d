// What one query term may match: the word itself, its British/American spellings and compounds, or the index
// terms a prefix stands for (typo corrections and other names are added by query-concepts.ts).
import type { Store } from '../../store/database.js';
import { indexStem, vocabularyTerms, vocabularyWithPrefix } from '../../store/search-index.js';
import type { MatchTerm } from '../../core/search/match-term.js';
import type { Term } from '../../core/search/query-parser.js';
import { compoundVariants } from '../../core/search/compound-variants.js';
import { spellingVariants } from '../../core/search/spelling-variants.js';

/** Terms in more papers than this are "common": bm25 for them would scan much of the index. */
export const COMMON_TERM_DOCS = 2000;
/**
 * A prefix matches the this-many most common index terms that start with it. FTS5's own prefix search
 * merges the posting lists of every such term (tens of milliseconds for "gen*" at a million papers).
 */
const PREFIX_EXPANSION_LIMIT = 24;

/** Endings tried to find a word that stems to a given index term ("diffus" <- "diffuse"). */
const ENDINGS = ['', 'e', 's', 'y', 'ing', 'ed', 'er', 'ion', 'al', 'ate', 'ize', 'ic', 'ous', 'ive'];

/**
 * An index term as a search alternative. Porter stems are not always stable under stemming again, so a word
 * that stems to the term is searched for; failing that, the term is searched as a prefix (slower, wider).
 */
export async function stemTerm(store: Store, stem: string): Promise<MatchTerm> {
  for (const ending of ENDINGS) {
    const word = stem + ending;
    if ((await indexStem(store, word)) === stem)
      return ending === '' ? { kind: 'stem', stem, exact: true } : { kind: 'word', word, prefix: false };
  }
  return { kind: 'stem', stem, exact: false };
}

function spelledAlternatives(term: Term): MatchTerm[] {
  const compounds = compoundVariants(term);
  if (term.kind !== 'word' || term.prefix) return [term, ...compounds];
  return [term, ...spellingVariants(term.word).map((word): MatchTerm => ({ kind: 'word', word, prefix: false })), ...compounds];
}

async function prefixAlternatives(store: Store, prefix: string): Promise<MatchTerm[]> {
  const longer = await vocabularyWithPrefix(store, prefix, PREFIX_EXPANSION_LIMIT);
  // When no index term starts with what was typed, a stem may be shorter than it ("diffusi*" is covered by
  // the stem "diffus"). Only then: "memoriz*" has its own stems and must not widen to "memori" (memory).
  const cuts = longer.length > 0 ? [] : [1, 2, 3].map((n) => prefix.slice(0, -n)).filter((cut) => cut.length >= 3);
  const shorter = await vocabularyTerms(store, cuts);
  const terms = [...new Set([...longer, ...shorter].map((v) => v.term))];
  if (terms.length === 0) return [{ kind: 'word', word: prefix, prefix: true }];
  return Promise.all(terms.map((term) => stemTerm(store, term)));
}

/** What a term may match (spellings, compounds, prefix expansions), without typo correction or counting. */
export function termAlternatives(store: Store, term: Term): Promise<MatchTerm[]> {
  return term.kind === 'word' && term.prefix ? prefixAlternatives(store, term.word) : Promise.resolve(spelledAlternatives(term));
}
