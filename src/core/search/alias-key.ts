// The form in which abbreviations and their long forms are stored and looked up, so that a query meets a
// definition however either was written: case, hyphens, British or American spelling and a plural s do not
// matter ("Post-Training Quantisation" and "post training quantizations" have one key).
import { wordPieces } from './query-parser.js';
import { americanSpelling } from './spelling-variants.js';

/** Singular of a plural English word, by its ending; words that only look plural ("loss", "bus", "analysis") stay. */
export function singular(word: string): string {
  if (word.length <= 3 || /(ss|us|is|ics)$/.test(word)) return word;
  if (/ies$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** The key of one word: lowercase, American spelling, singular. */
export function wordKey(word: string): string {
  return singular(americanSpelling(word.toLowerCase()));
}

/** The key of a run of words ("post-training quantization" -> "post training quantization"). */
export function phraseKey(text: string | readonly string[]): string {
  const words = typeof text === 'string' ? wordPieces(text, Number.POSITIVE_INFINITY) : text;
  return words.map(wordKey).join(' ');
}

/** The key of a short form: its letters and digits, lowercase, as one word ("QK-RoPE" -> "qkrope"). */
export function shortKey(text: string): string {
  return wordPieces(text, Number.POSITIVE_INFINITY).join('');
}
