// The corpus vocabulary, built deterministically from the seed: real ML words at the head of a Zipf ranking,
// ~60k pseudo-words in the long tail, topics (word clusters) for co-occurrence, and name lists for authors.
import { AliasSampler, intBetween, pick, streamFor, zipfWeights, type Rng } from './prng.js';
import { CATEGORIES, FIRST_NAMES, FUNCTION_WORDS, LAST_NAMES, ML_WORDS, ORGANIZATIONS, PHRASES } from './word-lists.js';

export interface Topic {
  /** Indices into Vocabulary.content: words this topic uses far more than the corpus at large. */
  words: number[];
  phrases: string[];
  category: string;
}

export interface Vocabulary {
  /** Content words by Zipf rank (index 0 = most frequent). */
  content: string[];
  contentSampler: AliasSampler;
  functionWords: string[];
  functionSampler: AliasSampler;
  phrases: string[];
  phraseSampler: AliasSampler;
  topics: Topic[];
  topicSampler: AliasSampler;
  firstNames: string[];
  firstNameSampler: AliasSampler;
  lastNames: string[];
  lastNameSampler: AliasSampler;
  organizationSampler: AliasSampler;
}

export const CONTENT_WORDS = 60_000;
const TOPICS = 200;
const FIRST_NAME_COUNT = 600;
const LAST_NAME_COUNT = 8_000;

// Single letters are listed twice so most syllables are short: tail words should look like jargon, not noise.
const ONSETS = 'b c d f g h k l m n p r s t v z b c d f g h k l m n p r s t v z br cr dr gr pl pr st tr sh ch th qu'.split(' ');
const VOWELS = 'a e i o u a e i o u a e i o ai ea io ou y'.split(' ');
const CODAS = ['', '', '', '', '', '', 'n', 'r', 'l', 's', 't', 'm', 'x', 'nd', 'rk', 'st', 'ng'];
// Jargon-looking endings, so the tail reads like method names and rare technical terms rather than noise.
const SUFFIXES = ['', '', '', '', '', '', '', '', '', '', 'ization', 'former', 'net', 'ive', 'ing', 'ed', 'ity', 'ous', 'ic', 'er'];
const NAME_SUFFIXES = ['', '', '', 'ov', 'son', 'ez', 'ini', 'berg', 'ski', 'ara', 'ić', 'ian', 'oglu', 'ley'];

function syllables(rng: Rng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i += 1) out += pick(rng, ONSETS) + pick(rng, VOWELS) + pick(rng, CODAS);
  return out;
}

/** `count` distinct pseudo-words of at least 4 letters that collide with no word in `taken`. */
function pseudoWords(rng: Rng, count: number, taken: Set<string>, suffixes: readonly string[]): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const word = syllables(rng, rng() < 0.75 ? 2 : 3) + pick(rng, suffixes);
    if (word.length < 4 || taken.has(word)) continue;
    taken.add(word);
    out.push(word);
  }
  return out;
}

const capitalize = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

function unique(list: readonly string[]): string[] {
  const seen = new Set<string>();
  return list.filter((w) => {
    const key = w.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Log-uniform rank in [lo, hi): topics draw mostly mid-frequency words, like real subfield jargon. */
function logUniformRank(rng: Rng, lo: number, hi: number): number {
  return Math.floor(Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo))));
}

export function buildVocabulary(seed: number): Vocabulary {
  const rng = streamFor(seed, 'vocabulary');
  const real = unique(ML_WORDS);
  const taken = new Set([...real, ...FUNCTION_WORDS].map((w) => w.toLowerCase()));
  const content = [...real, ...pseudoWords(rng, CONTENT_WORDS - real.length, taken, SUFFIXES)];

  const topics: Topic[] = [];
  for (let t = 0; t < TOPICS; t += 1) {
    const words = new Set<number>();
    // A few head words (e.g. "diffusion", "robot") anchor the topic; the rest is mid/long-tail jargon.
    for (let i = 0; i < 5; i += 1) words.add(intBetween(rng, 20, real.length - 1));
    while (words.size < 40) words.add(logUniformRank(rng, 30, CONTENT_WORDS));
    topics.push({
      words: [...words],
      phrases: [pick(rng, PHRASES), pick(rng, PHRASES)],
      category: pick(rng, CATEGORIES.slice(0, t % 3 === 0 ? 4 : CATEGORIES.length)),
    });
  }

  const firstNames = [...FIRST_NAMES, ...pseudoWords(rng, FIRST_NAME_COUNT - FIRST_NAMES.length, taken, ['']).map(capitalize)];
  const lastNames = unique([...LAST_NAMES, ...pseudoWords(rng, LAST_NAME_COUNT, taken, NAME_SUFFIXES).map(capitalize)]).slice(
    0,
    LAST_NAME_COUNT,
  );

  return {
    content,
    // s=1.15, q=5: "model" in ~90% of abstracts, rank 20 in ~40%, rank 300 in ~3%, rank 30k in ~150 papers per
    // 1M; ~40% of content tokens fall outside the 300 real words, as jargon and names do in real abstracts.
    contentSampler: new AliasSampler(zipfWeights(content.length, 1.15, 5)),
    functionWords: FUNCTION_WORDS,
    functionSampler: new AliasSampler(zipfWeights(FUNCTION_WORDS.length, 1.0, 1)),
    phrases: PHRASES,
    phraseSampler: new AliasSampler(zipfWeights(PHRASES.length, 0.9, 1)),
    topics,
    topicSampler: new AliasSampler(zipfWeights(TOPICS, 0.8, 2)),
    firstNames,
    firstNameSampler: new AliasSampler(zipfWeights(firstNames.length, 0.9, 2)),
    lastNames,
    lastNameSampler: new AliasSampler(zipfWeights(lastNames.length, 1.0, 2)),
    organizationSampler: new AliasSampler(zipfWeights(ORGANIZATIONS.length, 1.0, 1)),
  };
}
