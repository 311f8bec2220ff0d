// Finds the indexed terms a misspelt word most likely meant. The index holds porter stems ("transform",
// "quantiz"), so the word is stemmed the same way first and compared with the stems of the vocabulary.
import type { Store } from '../../store/database.js';
import { indexStem, vocabularyNear } from '../../store/search-index.js';
import { editDistance, typoBudget } from '../../core/search/edit-distance.js';

const MAX_CORRECTIONS = 3;
/** A typo inside a suffix hides the suffix from the stemmer ("quantizaton"): allow that many trailing letters. */
const MAX_UNSTEMMED_TAIL = 5;
/** Suffixes the stemmer removes; an unexplained tail must be one of these, give or take one letter. */
const SUFFIXES = [
  's',
  'es',
  'ed',
  'ing',
  'er',
  'ers',
  'or',
  'ors',
  'ion',
  'ions',
  'ation',
  'ations',
  'ment',
  'ments',
  'ness',
  'ity',
  'ive',
  'al',
  'ally',
  'ly',
  'ize',
  'ise',
  'ism',
  'ist',
  'able',
  'ence',
  'ance',
];

function looksLikeSuffix(tail: string): boolean {
  return SUFFIXES.some((suffix) => editDistance(tail, suffix, 1) <= 1 && Math.abs(tail.length - suffix.length) <= 1 && tail.length >= 2);
}

function distanceToStem(stem: string, tailAllowed: boolean, term: string, budget: number): number {
  let best = editDistance(stem, term, budget);
  if (tailAllowed) {
    for (let cut = term.length - budget; cut <= Math.min(stem.length - 1, term.length + budget); cut += 1) {
      if (cut < 1 || stem.length - cut > MAX_UNSTEMMED_TAIL || !looksLikeSuffix(stem.slice(cut))) continue;
      // One extra edit for the unexplained tail, so an exact whole-word match still ranks first.
      best = Math.min(best, editDistance(stem.slice(0, cut), term, budget) + 1);
    }
  }
  return best;
}

export interface Correction {
  term: string;
  docCount: number;
}

/**
 * Index terms (stems) within the typo budget of `word`, closest and most common first; only terms in at least
 * `minDocCount` papers (a correction must be far more common than the word as typed: asking the index for those
 * alone skips comparing the word with thousands of rare ones).
 */
export async function correctTypo(store: Store, word: string, minDocCount = 1): Promise<Correction[]> {
  const budget = typoBudget(word.length);
  if (budget === 0) return [];
  const stem = (await indexStem(store, word)) ?? word;
  const [first, second] = stem;
  if (first === undefined || second === undefined) return [];
  const tailAllowed = stem === word;
  const minLength = Math.max(2, stem.length - budget - (tailAllowed ? MAX_UNSTEMMED_TAIL : 0));
  // Candidates share the first two letters (or have them swapped): a narrow, indexed slice of the vocabulary.
  const prefixes = first === second ? [first + second] : [first + second, second + first];
  const near = await Promise.all(prefixes.map((prefix) => vocabularyNear(store, prefix, minLength, stem.length + budget, minDocCount)));
  const scored = near
    .flat()
    .map((entry) => ({ ...entry, distance: distanceToStem(stem, tailAllowed, entry.term, budget) }))
    .filter((entry) => entry.distance <= budget && entry.term !== stem);
  if (scored.length === 0) return [];
  const closest = Math.min(...scored.map((e) => e.distance));
  return scored
    .filter((e) => e.distance === closest)
    .sort((a, b) => b.docCount - a.docCount || a.term.localeCompare(b.term))
    .slice(0, MAX_CORRECTIONS)
    .map((e) => ({ term: e.term, docCount: e.docCount }));
}
