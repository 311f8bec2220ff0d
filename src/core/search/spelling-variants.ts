// British and American spellings of the same word ("optimiser"/"optimizer", "quantisation"/"quantization",
// "modelling"/"modeling", "behaviour"/"behavior"). A query word matches papers written either way.

interface Rule {
  /** Suffix pattern on one side and its replacement on the other. */
  from: RegExp;
  to: string;
  minLength: number;
}

const RULES: Rule[] = [
  // -ise/-ize family: optimise, optimiser, optimising, optimisation, normalised ...
  { from: /is(e|es|ed|ing|er|ers|ation|ations|able)$/, to: 'iz$1', minLength: 5 },
  { from: /iz(e|es|ed|ing|er|ers|ation|ations|able)$/, to: 'is$1', minLength: 5 },
  { from: /ys(e|es|ed|ing|er|ers)$/, to: 'yz$1', minLength: 5 },
  { from: /yz(e|es|ed|ing|er|ers)$/, to: 'ys$1', minLength: 5 },
  // modelling/modeling, labelled/labeled, travelling/traveling
  { from: /([aeiou])ll(ing|ed|er|ers)$/, to: '$1l$2', minLength: 6 },
  { from: /([aeiou])l(ing|ed|er|ers)$/, to: '$1ll$2', minLength: 6 },
  // behaviour/behavior, colour/color, neighbour/neighbor
  { from: /our(s|ed|ing|al|hood|hoods)?$/, to: 'or$1', minLength: 6 },
  { from: /([^aeiou]|i)or(s|ed|ing|al|hood|hoods)?$/, to: '$1our$2', minLength: 6 },
  // centre/center, metre/meter
  { from: /tre(s|d)?$/, to: 'ter$1', minLength: 5 },
  // catalogue/catalog, dialogue/dialog, analogue/analog
  { from: /ogue(s)?$/, to: 'og$1', minLength: 6 },
  { from: /og(s)?$/, to: 'ogue$1', minLength: 5 },
  // defence/defense, licence/license
  { from: /([fc])ence(s)?$/, to: '$1ense$2', minLength: 6 },
  { from: /([fc])ense(s)?$/, to: '$1ence$2', minLength: 6 },
];

/** Other spellings of a lowercase word (not including the word itself). */
export function spellingVariants(word: string): string[] {
  const variants = new Set<string>();
  for (const rule of RULES) {
    if (word.length < rule.minLength || !rule.from.test(word)) continue;
    const variant = word.replace(rule.from, rule.to);
    if (variant !== word) variants.add(variant);
  }
  return [...variants];
}

/** The American spelling of a word (the rules from British to American above) when one applies ("quantisation" -> "quantization"), else the word. */
export function americanSpelling(word: string): string {
  const british = [0, 2, 4, 6, 8, 9, 11].flatMap((i) => RULES.slice(i, i + 1));
  for (const rule of british) {
    if (word.length >= rule.minLength && rule.from.test(word)) return word.replace(rule.from, rule.to);
  }
  return word;
}
