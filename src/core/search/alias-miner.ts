// Finds the abbreviations a paper defines ("post-training quantization (PTQ)", "large language models (LLMs)"),
// so search learns them from the store. The algorithm is Schwartz & Hearst's ("A simple algorithm for identifying
// abbreviation definitions in biomedical text", PSB 2003): a short form in parentheses, and the shortest run of
// the words just before it whose letters, read right to left, contain every letter of the short form, the first
// one starting a word.

export interface MinedAlias {
  /** As written, without a plural s ("LLM", "PTQ"). */
  shortForm: string;
  /** As written, hyphens kept ("post-training quantization"). */
  longForm: string;
}

const PARENTHESIS = /\(([^()]{2,12})\)/g;
/** A short form: one token, starting with a letter or digit, with at least two letters and one capital. */
const SHORT_FORM = /^[\p{L}\p{N}][\p{L}\p{N}\-./+]*$/u;
const MAX_ALIASES_PER_TEXT = 40;

function plainShortForm(text: string): string | null {
  let short = text.trim();
  if (!SHORT_FORM.test(short)) return null;
  // "LLMs" defines "LLM": a lowercase s after capitals is a plural.
  if (/[A-Z]s$/.test(short)) short = short.slice(0, -1);
  short = short.replace(/[-./+]+$/, '');
  const letters = short.match(/\p{L}/gu) ?? [];
  if (letters.length < 2 || !/\p{Lu}/u.test(short) || short.length > 10) return null;
  // A number with a unit ("7x", "15%"), a citation year or a model size is not an abbreviation.
  if (/^\d/.test(short)) return null;
  return short;
}

/**
 * The words just before the parenthesis whose initials spell the short form ("Proximal Policy Optimization"),
 * hyphenated parts counting as words. Tried first: the letter scan alone would settle for "Policy Optimization",
 * finding the second p inside "optimization".
 */
function initialsLongForm(letters: readonly string[], before: string): string | null {
  const parts = [...before.trimEnd().matchAll(/[\p{L}\p{N}]+/gu)];
  if (parts.length < letters.length) return null;
  const run = parts.slice(-letters.length);
  if (!run.every((part, i) => part[0].toLowerCase().startsWith(letters[i] ?? ''))) return null;
  return before
    .slice(run[0]?.index ?? 0)
    .trim()
    .replace(/[^\p{L}\p{N}]+$/u, '');
}

/** The long form for a short form, from the words just before the parenthesis; null when there is none. */
function longFormFor(short: string, before: string): string | null {
  const letters = [...short.toLowerCase()].filter((c) => /[\p{L}\p{N}]/u.test(c));
  const byInitials = letters.length >= 2 ? initialsLongForm(letters, before) : null;
  if (byInitials !== null && byInitials.split(/[\s-]+/).length >= 2) return byInitials;
  // Schwartz & Hearst look back at most min(|A| + 5, 2|A|) words.
  const maxWords = Math.min(letters.length + 5, letters.length * 2);
  const words = before.trimEnd().split(/\s+/).slice(-maxWords);
  const text = words.join(' ').toLowerCase();
  let s = letters.length - 1;
  let l = text.length - 1;
  while (s >= 0) {
    const c = letters[s] ?? '';
    // Scan left for the letter; the short form's first letter must begin a word.
    while (l >= 0 && (text[l] !== c || (s === 0 && l > 0 && /[\p{L}\p{N}]/u.test(text[l - 1] ?? '')))) l -= 1;
    if (l < 0) return null;
    s -= 1;
    l -= 1;
  }
  const start = text.lastIndexOf(' ', l) + 1;
  const long = words
    .join(' ')
    .slice(start)
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .replace(/[^\p{L}\p{N}]+$/u, '');
  const longWords = long.split(/[\s-]+/).filter((w) => w !== '');
  // Too many words for the letters is a sentence fragment, not a definition; the short form must not be a word of it.
  if (longWords.length < 2 || longWords.length > letters.length + 2) return null;
  if (longWords.some((w) => w.toLowerCase() === short.toLowerCase())) return null;
  return long;
}

/** Every abbreviation defined in a text, in order of appearance (duplicates removed). */
export function mineAliases(text: string): MinedAlias[] {
  const found = new Map<string, MinedAlias>();
  for (const match of text.matchAll(PARENTHESIS)) {
    if (found.size >= MAX_ALIASES_PER_TEXT) break;
    const short = plainShortForm(match[1] ?? '');
    if (short === null) continue;
    // Only the current sentence can hold the long form.
    const before =
      text
        .slice(Math.max(0, match.index - 200), match.index)
        .split(/[.;:!?]\s/)
        .at(-1) ?? '';
    const long = longFormFor(short, before);
    if (long === null) continue;
    const key = `${short.toLowerCase()}|${long.toLowerCase()}`;
    if (!found.has(key)) found.set(key, { shortForm: short, longForm: long });
  }
  return [...found.values()];
}
