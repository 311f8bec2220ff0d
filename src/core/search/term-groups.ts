// Each query term becomes a group of alternatives that may match it: the word itself, its British/American
// spellings, corrections of a likely typo, or the index terms a prefix stands for.
import type { Store } from '../../store/database.js';
import { anyOf } from '../../store/fts-match.js';
import { countMatchesUpTo, indexStem, vocabularyTerms, vocabularyWithPrefix } from '../../store/search-index.js';
import type { MatchTerm } from './match-term.js';
import type { Term } from './query-parser.js';
import { compoundVariants } from './compound-variants.js';
import { spellingVariants } from './spelling-variants.js';
import { correctTypo } from './typo-correction.js';

/** Terms in more papers than this are "common": bm25 for them would scan much of the index. */
export const COMMON_TERM_DOCS = 2000;
/** A word found in at most this many papers may be a typo of a common word; its corrections are added. */
const TYPO_SUSPECT_DOCS = 2;
/** ...but only corrections this many times more common than the word itself (a rare name is not a typo). */
const TYPO_EVIDENCE_RATIO = 50;
/**
 * A prefix matches the this-many most common index terms that start with it. FTS5's own prefix search
 * merges the posting lists of every such term (tens of milliseconds for "gen*" at a million papers).
 */
const PREFIX_EXPANSION_LIMIT = 24;

export interface TermGroup {
  term: Term;
  alternatives: MatchTerm[];
  expression: string;
  /** Papers matching, counted up to COMMON_TERM_DOCS. */
  docs: number;
}

export interface Correction {
  word: string;
  alternatives: string[];
}

/** Endings tried to find a word that stems to a given index term ("diffus" <- "diffuse"). */
const ENDINGS = ['', 'e', 's', 'y', 'ing', 'ed', 'er', 'ion', 'al', 'ate', 'ize', 'ic', 'ous', 'ive'];

/**
 * An index term as a search alternative. Porter stems are not always stable under stemming again, so a word
 * that stems to the term is searched for; failing that, the term is searched as a prefix (slower, wider).
 */
export function stemTerm(store: Store, stem: string): MatchTerm {
  for (const ending of ENDINGS) {
    const word = stem + ending;
    if (indexStem(store, word) === stem) return ending === '' ? { kind: 'stem', stem, exact: true } : { kind: 'word', word, prefix: false };
  }
  return { kind: 'stem', stem, exact: false };
}

function spelledAlternatives(term: Term): MatchTerm[] {
  const compounds = compoundVariants(term);
  if (term.kind !== 'word' || term.prefix) return [term, ...compounds];
  return [term, ...spellingVariants(term.word).map((word): MatchTerm => ({ kind: 'word', word, prefix: false })), ...compounds];
}

function prefixAlternatives(store: Store, prefix: string): MatchTerm[] {
  const longer = vocabularyWithPrefix(store, prefix, PREFIX_EXPANSION_LIMIT);
  // When no index term starts with what was typed, a stem may be shorter than it ("diffusi*" is covered by
  // the stem "diffus"). Only then: "memoriz*" has its own stems and must not widen to "memori" (memory).
  const cuts = longer.length > 0 ? [] : [1, 2, 3].map((n) => prefix.slice(0, -n)).filter((cut) => cut.length >= 3);
  const shorter = vocabularyTerms(store, cuts);
  const terms = [...new Set([...longer, ...shorter].map((v) => v.term))];
  if (terms.length === 0) return [{ kind: 'word', word: prefix, prefix: true }];
  return terms.map((term) => stemTerm(store, term));
}

/** `corrections` collects typo corrections; pass null to take the words as typed (for exclusions). */
/** What a term may match (spellings, compounds, prefix expansions), without typo correction or counting. */
export function termAlternatives(store: Store, term: Term): MatchTerm[] {
  return term.kind === 'word' && term.prefix ? prefixAlternatives(store, term.word) : spelledAlternatives(term);
}

export function buildTermGroup(store: Store, term: Term, corrections: Correction[] | null): TermGroup {
  const alternatives = termAlternatives(store, term);
  let expression = anyOf(alternatives);
  let docs = countMatchesUpTo(store, expression, COMMON_TERM_DOCS);
  if (corrections !== null && term.kind === 'word' && !term.prefix && docs <= TYPO_SUSPECT_DOCS) {
    const fixes = correctTypo(store, term.word)
      .filter((fix) => docs === 0 || fix.docCount >= TYPO_EVIDENCE_RATIO * docs)
      .map((fix) => fix.term);
    if (fixes.length > 0) {
      corrections.push({ word: term.word, alternatives: fixes });
      alternatives.push(...fixes.map((stem) => stemTerm(store, stem)));
      expression = anyOf(alternatives);
      docs = countMatchesUpTo(store, expression, COMMON_TERM_DOCS);
    }
  }
  return { term, alternatives, expression, docs };
}
