// What a query means, as a list of concepts. A concept is one thing the user asked for, which may be one word
// ("quantisation"), several ("multi objective", "post training quantization", "4 bit") or an abbreviation
// ("PTQ"). Each concept matches what was typed in any of its forms (spellings, compounds, singular and plural,
// typo corrections: `typed`), and, weighted less, its other names (abbreviations the store's papers define, the
// field vocabulary's equivalents: `equivalent`) and the kinds of it (`narrower`: "model compression" covers
// quantization). Quoted words and prefixes are taken as written.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Store } from '../../store/database.js';
import { longFormsOf, shortFormsOf, type AliasRow } from '../../store/aliases-repository.js';
import { anyOf } from '../../store/fts-match.js';
import { countMatchesUpTo, indexStem, vocabularyTerms, type VocabularyTerm } from '../../store/search-index.js';
import { phraseKey, shortKey, wordKey } from '../../core/search/alias-key.js';
import { LONGEST_VOCABULARY_NAME, vocabularyMeaning } from '../../core/search/field-vocabulary-index.js';
import type { MatchTerm } from '../../core/search/match-term.js';
import type { Term } from '../../core/search/query-parser.js';
import type { Correction, Expansion } from '../../core/search/search-response.js';
import { COMMON_TERM_DOCS, stemTerm, termAlternatives } from './term-groups.js';
import { americanSpelling } from '../../core/search/spelling-variants.js';
import { correctTypo } from './typo-correction.js';

/** How much a match of another name counts against a match of the words typed. */
export const EQUIVALENT_WEIGHT = 0.85;
/** ...and of a kind of it ("quantization" for "model compression"). */
export const NARROWER_WEIGHT = 0.6;
/** A typo correction is added only when it is this many times more common than the word as typed. */
const TYPO_EVIDENCE_RATIO = 50;
/** Abbreviations defined by fewer papers than this share of the most common definition are noise. */
const ALIAS_MIN_SHARE = 0.1;
const MAX_RELATED_PER_KIND = 8;

export interface Concept {
  /** The words as typed, for notes ("PTQ", "multi objective"). */
  label: string;
  /** The query terms it stands for. */
  terms: Term[];
  typed: MatchTerm[];
  equivalent: MatchTerm[];
  narrower: MatchTerm[];
  /** Display forms of the other names searched, for "also searched" (equivalents first). */
  related: string[];
  typedExpression: string;
  equivalentExpression: string | null;
  narrowerExpression: string | null;
  /** Any of its forms. */
  expression: string;
  /** Papers matching any form, counted up to COMMON_TERM_DOCS. */
  docs: number;
  /**
   * For a concept of several words, each word as a concept of its own: a paper with some of the words ("multi
   * objective optimisation": optimization) matches part of it, and ranks after the papers that match it all.
   */
  parts: Concept[];
}

export interface ConceptNotes {
  corrections: Correction[];
  expansions: Expansion[];
}

/** A name from the vocabulary or an alias table as a match term: one word, or a phrase of its words. */
function nameTerm(name: string): MatchTerm | null {
  const words = name.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.length === 1 ? { kind: 'word', word: words[0] ?? '', prefix: false } : { kind: 'phrase', words };
}

/**
 * A name as match terms: its words as a phrase, and with two of them joined where the index holds them as one
 * ("parameter-efficient fine-tuning" also as "parameter efficient finetuning").
 */
async function nameTerms(store: Store, name: string): Promise<MatchTerm[]> {
  const term = nameTerm(name);
  if (term === null || term.kind !== 'phrase') return term === null ? [] : [term];
  const { words } = term;
  const joined: MatchTerm[] = [];
  for (let j = 0; j + 1 < words.length; j += 1) {
    const [a, b] = [words[j] ?? '', words[j + 1] ?? ''];
    if (!LETTERS.test(a) || !LETTERS.test(b) || !(await inVocabulary(store, a + b))) continue;
    const merged = [...words.slice(0, j), a + b, ...words.slice(j + 2)];
    joined.push(merged.length === 1 ? { kind: 'word', word: merged[0] ?? '', prefix: false } : { kind: 'phrase', words: merged });
  }
  return [term, ...joined];
}

function termWords(term: Term): string[] {
  return term.kind === 'word' ? [term.word] : term.words;
}

function expandable(term: Term): boolean {
  return term.quoted !== true && !(term.kind === 'word' && term.prefix);
}

const UNIT = /^(bit|bits)$/;
const DIGITS = /^\d+$/;
const LETTERS = /^\p{L}+$/u;

/** Forms of a word with digits: "4bit" <-> "4 bit", "fp8" <-> "fp 8", "int4" (also "int 4"). */
function numberForms(word: string): MatchTerm[] {
  const split = /^(\p{L}+)(\d+)$/u.exec(word) ?? /^(\d+)(\p{L}+)$/u.exec(word);
  if (split?.[1] === undefined || split[2] === undefined) return [];
  return [{ kind: 'phrase', words: [split[1], split[2]] }];
}

/** "4 bit" and "int4" are two names of the same width: a query for one also searches the other, weighted less. */
function bitWidthRelated(words: readonly string[]): string[] {
  const joined = words.join('');
  const bits = /^(\d+)bits?$/.exec(joined)?.[1];
  if (bits !== undefined) return [`int${bits}`, `fp${bits}`];
  const width = /^(?:int|fp)(\d+)$/.exec(joined)?.[1];
  return width === undefined ? [] : [`${width} bit`];
}

/** Whether the index knows a word (by its stem). */
async function inVocabulary(store: Store, word: string): Promise<boolean> {
  return (await vocabularyDocs(store, word)) > 0;
}

/** Papers whose text has the word (by its stem), 0 when the index does not know it. */
async function vocabularyDocs(store: Store, word: string): Promise<number> {
  const stem = await indexStem(store, word);
  return stem === null ? 0 : ((await vocabularyTerms(store, [stem]))[0]?.docCount ?? 0);
}

/**
 * "multiobjective" -> "multi objective", when the index holds both halves as words next to each other. A phrase
 * of two words that most papers have ("multi model") costs a walk through both their position lists at a million
 * papers, so one of the halves must be selective.
 */
async function splitForms(store: Store, word: string): Promise<MatchTerm[]> {
  if (word.length < 7 || !LETTERS.test(word)) return [];
  for (let cut = 3; cut <= word.length - 3; cut += 1) {
    const [left, right] = [word.slice(0, cut), word.slice(cut)];
    const docs = [await vocabularyDocs(store, left), await vocabularyDocs(store, right)];
    if (docs.some((d) => d === 0) || Math.min(...docs) >= COMMON_TERM_DOCS) continue;
    const phrase: MatchTerm = { kind: 'phrase', words: [left, right] };
    if ((await countMatchesUpTo(store, anyOf([phrase]), 1)) > 0) return [phrase];
  }
  return [];
}

function aliasesFor(rows: AliasRow[], pick: (row: AliasRow) => string): string[] {
  const top = rows[0]?.papers ?? 0;
  return rows.filter((row) => row.papers >= Math.max(1, ALIAS_MIN_SHARE * top)).map(pick);
}

/** Other names and kinds of a run of words, from the store's abbreviations and the field vocabulary. */
async function meaningOf(store: Store, words: readonly string[]): Promise<{ equivalents: string[]; narrower: string[] }> {
  const key = phraseKey(words);
  const equivalents: string[] = [];
  const narrower: string[] = [];
  const vocabulary = vocabularyMeaning(key);
  if (vocabulary !== undefined) {
    equivalents.push(...vocabulary.equivalents);
    narrower.push(...vocabulary.narrower);
  }
  if (words.length >= 2) equivalents.push(...aliasesFor(await shortFormsOf(store, key, 1), (row) => row.shortForm));
  const short = shortKey(words.join(''));
  if (short.length >= 2 && words.length <= 2) {
    // "LLMs" is stored as "llm"; a plural s typed after an abbreviation is dropped too.
    const singularShort = words.length === 1 ? wordKey(short) : short;
    equivalents.push(...aliasesFor(await longFormsOf(store, singularShort, 1), (row) => row.longForm));
  }
  const seen = new Set([key]);
  const unique = (names: string[]) =>
    names.filter((name) => {
      const k = phraseKey(name);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  return { equivalents: unique(equivalents).slice(0, MAX_RELATED_PER_KIND), narrower: unique(narrower).slice(0, MAX_RELATED_PER_KIND) };
}

/**
 * The forms of what was typed: spellings, compounds both ways, numbers with units. A run of words is also
 * searched in American spelling, as it was meant (a misspelt word corrected), and with two words the index holds
 * as one joined ("multi objective optimisation" -> "multiobjective optimization").
 */
async function typedForms(store: Store, terms: readonly Term[], meant?: readonly string[]): Promise<MatchTerm[]> {
  const words = terms.flatMap(termWords);
  const forms: MatchTerm[] = [];
  const phrases = new Set<string>();
  const addPhrase = (phrase: readonly string[]) => {
    const key = phrase.join(' ');
    if (phrase.length < 2 || phrases.has(key)) return;
    phrases.add(key);
    forms.push({ kind: 'phrase', words: [...phrase] });
  };
  if (terms.length === 1 && terms[0] !== undefined) forms.push(...(await termAlternatives(store, terms[0])));
  else {
    const american = words.map(americanSpelling);
    for (const phrase of [words, american, meant ?? words]) addPhrase(phrase);
    for (let j = 0; j + 1 < american.length && american.length > 2; j += 1) {
      const [a, b] = [american[j] ?? '', american[j + 1] ?? ''];
      if (LETTERS.test(a) && LETTERS.test(b) && (await inVocabulary(store, a + b)))
        addPhrase([...american.slice(0, j), a + b, ...american.slice(j + 2)]);
    }
  }
  if (words.length === 2) {
    // "multi objective", "fp 8", "4 bit": also the joined word.
    const joined = words.join('');
    if (!forms.some((f) => f.kind === 'word' && f.word === joined)) forms.push({ kind: 'word', word: joined, prefix: false });
  }
  if (words.length === 1 && words[0] !== undefined) {
    forms.push(...numberForms(words[0]), ...(await splitForms(store, words[0])));
  }
  return forms;
}

/**
 * Typo corrections of a word, remembered for the query being read: a word is looked at both as a concept and
 * inside the names of longer spans, and each look costs a scan of the vocabulary near it. Each queryConcepts
 * call has its own memo (through async context, since queries are read concurrently), so none outlives a query.
 */
const typoMemos = new AsyncLocalStorage<Map<string, Promise<VocabularyTerm[]>>>();
function typoFixes(store: Store, word: string, minDocCount: number): Promise<VocabularyTerm[]> {
  const memo = typoMemos.getStore();
  const key = `${minDocCount}|${word}`;
  const known = memo?.get(key);
  if (known !== undefined) return known;
  const fixes = correctTypo(store, word, Math.ceil(minDocCount));
  memo?.set(key, fixes);
  return fixes;
}

/** Typo corrections of a one-word concept, added when the index holds a far more common near spelling. */
async function corrected(store: Store, word: string, docs: number, notes: ConceptNotes | null, typos: boolean): Promise<MatchTerm[]> {
  if (notes === null || !typos || docs >= COMMON_TERM_DOCS || !LETTERS.test(word)) return [];
  const fixes = (await typoFixes(store, word, docs === 0 ? 1 : TYPO_EVIDENCE_RATIO * docs)).map((fix) => fix.term);
  if (fixes.length === 0) return [];
  notes.corrections.push({ word, alternatives: fixes });
  return Promise.all(fixes.map((stem) => stemTerm(store, stem)));
}

function labelOf(terms: readonly Term[]): string {
  return terms.map((t) => (t.kind === 'word' ? t.word : t.words.join('-'))).join(' ');
}

async function concept(
  store: Store,
  terms: Term[],
  expand: boolean,
  notes: ConceptNotes | null,
  reading: Reading,
  meant?: readonly string[],
): Promise<Concept> {
  const { typos } = reading;
  const label = labelOf(terms);
  const words = terms.flatMap(termWords);
  let typed = expand
    ? await typedForms(store, terms, meant)
    : await termAlternatives(store, terms[0] ?? { kind: 'word', word: '', prefix: false });
  const meaning = expand ? await meaningOf(store, meant ?? words) : { equivalents: [], narrower: [] };
  if (expand) meaning.narrower.push(...bitWidthRelated(words).filter((n) => !meaning.narrower.includes(n)));
  // Counting is what a correction is weighed by; a reading without corrections (a topic) skips it.
  if (expand && typos && notes !== null && words.length === 1 && words[0] !== undefined) {
    const docs = await countMatchesUpTo(store, anyOf(typed), COMMON_TERM_DOCS);
    typed = [...typed, ...(await corrected(store, words[0], docs, notes, typos))];
  }
  const equivalent = (await Promise.all(meaning.equivalents.map((n) => nameTerms(store, n)))).flat();
  const narrower = (await Promise.all(meaning.narrower.map((n) => nameTerms(store, n)))).flat();
  const related = [...meaning.equivalents, ...meaning.narrower];
  const expression = anyOf([...typed, ...equivalent, ...narrower]);
  return {
    label,
    terms,
    typed,
    equivalent,
    narrower,
    related,
    typedExpression: anyOf(typed),
    equivalentExpression: equivalent.length > 0 ? anyOf(equivalent) : null,
    narrowerExpression: narrower.length > 0 ? anyOf(narrower) : null,
    expression,
    docs: reading.counts ? await countMatchesUpTo(store, expression, COMMON_TERM_DOCS) : 0,
    // Corrections of a part are not told: the whole was searched as typed, and its parts only rank what is left.
    parts:
      expand && reading.parts && terms.length > 1
        ? await Promise.all(terms.map((t) => concept(store, [t], true, { corrections: [], expansions: [] }, reading)))
        : [],
  };
}

/** Whether some words name something the store or the vocabulary knows another name or kinds of. */
async function knownWords(store: Store, words: readonly string[]): Promise<boolean> {
  const m = await meaningOf(store, words);
  return m.equivalents.length > 0 || m.narrower.length > 0;
}

/** Endings that rebuild a whole word from a stem ("reinforc" -> "reinforcement"), likeliest first. */
const WORD_ENDINGS = ['', 'ement', 'ment', 'ation', 'ing', 'e', 'ion', 'ed', 'er', 's', 'al', 'ity', 'ize', 'ization', 'y', 'ic', 'ive'];
const MAX_MEANT_PER_WORD = 4;
/** Readings of a run with two misspelt words tried at most (each a lookup). */
const MAX_READINGS = 64;
/** Long words only: a short word's stem-mates are many and mostly real words of their own. */
const MIN_RESPELT_LENGTH = 8;

/**
 * Whole words a word may have meant: its American spelling; for a word the index lacks, words built on the stem
 * of its typo correction; for a long word, the other words of its own stem ("reinforcment" stems like
 * "reinforcement", so the index finds it, but names are looked up by whole words: "reinforcment learning from
 * human feedback" must be read as "reinforcement ..." to meet its abbreviation, RLHF).
 */
async function meantWords(store: Store, word: string, typos: boolean): Promise<string[]> {
  if (!LETTERS.test(word) || word.length < 4) return [];
  const american = americanSpelling(word);
  if (american !== word) return [american];
  if (!typos) return [];
  const stem = (await inVocabulary(store, word))
    ? word.length >= MIN_RESPELT_LENGTH
      ? await indexStem(store, word)
      : null
    : (await typoFixes(store, word, 1))[0]?.term;
  if (stem === null || stem === undefined) return [];
  const meant: string[] = [];
  for (const candidate of WORD_ENDINGS.map((ending) => stem + ending)) {
    if (meant.length >= MAX_MEANT_PER_WORD) break;
    if (candidate !== word && (await indexStem(store, candidate)) === stem) meant.push(candidate);
  }
  return meant;
}

/**
 * The words a run of terms is known by, when something knows it by another name or has kinds of it: as typed,
 * else with one misspelt word read as it was meant; null when nothing knows it.
 */
async function knownAs(store: Store, terms: readonly Term[], typos: boolean): Promise<string[] | null> {
  const words = terms.flatMap(termWords);
  if (await knownWords(store, words)) return words;
  const meant: string[][] = [];
  for (const word of words) meant.push(await meantWords(store, word, typos));
  for (const [i, options] of meant.entries()) {
    for (const option of options) {
      const fixed = words.map((w, j) => (j === i ? option : w));
      if (await knownWords(store, fixed)) return fixed;
    }
  }
  // Two misspelt words at once: each pair of readings, a bounded number of them.
  let tried = 0;
  for (let i = 0; i < words.length; i += 1) {
    for (let j = i + 1; j < words.length; j += 1) {
      for (const a of meant[i] ?? []) {
        for (const b of meant[j] ?? []) {
          if ((tried += 1) > MAX_READINGS) return null;
          const fixed = words.map((w, at) => (at === i ? a : at === j ? b : w));
          if (await knownWords(store, fixed)) return fixed;
        }
      }
    }
  }
  return null;
}

/** Two words written apart that the index holds as one ("multi objective" -> "multiobjective"), or a number and its unit. */
async function joinable(store: Store, a: Term, b: Term): Promise<boolean> {
  if (a.kind !== 'word' || b.kind !== 'word') return false;
  if ((DIGITS.test(a.word) && UNIT.test(b.word)) || (LETTERS.test(a.word) && DIGITS.test(b.word) && a.word.length <= 5)) return true;
  return LETTERS.test(a.word) && LETTERS.test(b.word) && (await inVocabulary(store, a.word + b.word));
}

/**
 * The concepts of a query's terms. Runs of plain words are read longest name first: "post training
 * quantization" is one concept when something knows it by another name (PTQ), else each word is its own.
 * `notes` collects the corrections and expansions to tell the user; null takes the words as typed (exclusions).
 * `typos: false` expands names but corrects no spelling (a saved topic means what it says). `parts: false` leaves
 * out each concept's parts, which only search's ranking reads (a topic scores by whole concepts); `counts: false`
 * leaves each concept's `docs` at 0, for a caller that counts only when it needs to.
 */
export function queryConcepts(
  store: Store,
  terms: readonly Term[],
  notes: ConceptNotes | null,
  options: Partial<Reading> = {},
): Promise<Concept[]> {
  const reading = { typos: options.typos ?? true, parts: options.parts ?? true, counts: options.counts ?? true };
  return typoMemos.run(new Map(), () => readConcepts(store, terms, notes, reading));
}

/** How a query is read: with typo corrections, with each concept's parts, with its papers counted. */
interface Reading {
  typos: boolean;
  parts: boolean;
  counts: boolean;
}

async function readConcepts(store: Store, terms: readonly Term[], notes: ConceptNotes | null, reading: Reading): Promise<Concept[]> {
  const { typos } = reading;
  const concepts: Concept[] = [];
  let i = 0;
  while (i < terms.length) {
    const term = terms[i];
    if (term === undefined) break;
    if (notes === null || !expandable(term)) {
      concepts.push(await concept(store, [term], false, notes, reading));
      i += 1;
      continue;
    }
    let taken = 1;
    let meant: string[] | undefined;
    for (let length = Math.min(LONGEST_VOCABULARY_NAME, terms.length - i); length >= 2; length -= 1) {
      const span = terms.slice(i, i + length);
      const words = span.every(expandable) ? await knownAs(store, span, typos) : null;
      if (words !== null) {
        taken = length;
        meant = words;
        break;
      }
    }
    const next = terms[i + 1];
    if (taken === 1 && next !== undefined && expandable(next) && (await joinable(store, term, next))) taken = 2;
    const span = terms.slice(i, i + taken);
    const typedWords = span.flatMap(termWords);
    if (meant !== undefined) {
      // Tell the user which word was read otherwise.
      for (const [j, word] of typedWords.entries()) {
        const fixed = meant[j];
        if (fixed !== undefined && fixed !== word && americanSpelling(word) !== fixed)
          notes.corrections.push({ word, alternatives: [fixed] });
      }
    }
    const built = await concept(store, span, true, notes, reading, meant);
    if (built.related.length > 0) notes.expansions.push({ from: built.label, to: built.related.slice(0, 4) });
    concepts.push(built);
    i += taken;
  }
  return concepts;
}
