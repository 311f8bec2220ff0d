// Words of a paper's text as the LSA model counts them: lowercase letter/digit runs, no stop words, no bare
// numbers, plurals folded to singular so "optimizers" and "optimizer" are one term.

const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers him his how i if in ' +
    'into is it its itself just more most my no nor not now of off on once only or other our ours out over own same she should so ' +
    'some such than that the their theirs them then there these they this those through to too under until up very via was we ' +
    'were what when where which while who whom why will with would you your yours however thus therefore moreover furthermore ' +
    'using use used based via within without across among paper propose proposed present show shows new novel approach ' +
    'method methods results result et al e g i e etc'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}]+/gu;
const DIGITS = /^\p{N}+$/u;

/** Plural → singular, conservatively: "ies" → "y", "sses"/"xes"… → drop "es", else a trailing "s" (not "ss", "us", "is"). */
export function singular(word: string): string {
  if (word.length <= 3 || !word.endsWith('s')) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:sses|xes|ches|shes|zzes)$/.test(word)) return word.slice(0, -2);
  if (/(?:ss|us|is|ys|as|os)$/.test(word)) return word;
  return word.slice(0, -1);
}

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (word.length < 2 || STOP_WORDS.has(word) || DIGITS.test(word)) continue;
    out.push(singular(word));
  }
  return out;
}
