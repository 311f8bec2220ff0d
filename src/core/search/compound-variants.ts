// Compound words written three ways: "fine-tuning", "fine tuning", "finetuning"; "pre-training"/"pretraining";
// "multi-modal"/"multimodal". The index sees "fine tuning" as two words and "finetuning" as one, so each form
// also searches the other.
import type { Term } from './query-parser.js';

/**
 * Leading parts that ML writing joins to the next word with, or without, a hyphen. Only parts that are rare as
 * words of their own: splitting after "in" or "over" would make a phrase of a very common word, which costs a
 * walk through its whole posting list for little gain.
 */
const JOINABLE_PREFIXES = [
  'pre',
  'post',
  'fine',
  'multi',
  'self',
  'semi',
  'non',
  'cross',
  'zero',
  'few',
  'meta',
  'inter',
  'intra',
  'super',
  're',
];
const MIN_REST = 4;

/** Other ways of writing a term as one word or two; [] when there are none. */
export function compoundVariants(term: Term): Term[] {
  if (term.kind === 'phrase') {
    const [first, second] = term.words;
    return term.words.length === 2 && first !== undefined && second !== undefined
      ? [{ kind: 'word', word: first + second, prefix: false }]
      : [];
  }
  if (term.prefix) return [];
  return JOINABLE_PREFIXES.filter((p) => term.word.startsWith(p) && term.word.length - p.length >= MIN_REST).map((p): Term => ({
    kind: 'phrase',
    words: [p, term.word.slice(p.length)],
  }));
}
