// The topics the digest bench's targets follow: ~1,000 saved searches built from the corpus vocabulary (same seed →
// same pool), most popular first, and a Zipf draw over that order, so the popular topics are shared by thousands of
// targets and the tail by a handful, as on a real bot.
import { AliasSampler, intBetween, pick, streamFor, zipfWeights, type Rng } from './prng.js';
import { buildVocabulary } from './vocabulary.js';
import { CATEGORIES, ORGANIZATIONS, PHRASES } from './word-lists.js';

/** In the order their heads come in the popularity ranking: the most followed topic is a phrase, then a word, … */
export const TOPIC_CLASSES = ['phrase', 'word', 'category', 'twoWords', 'org', 'author', 'midWord', 'exclusion', 'rareWord'] as const;
export type TopicClass = (typeof TOPIC_CLASSES)[number];

export interface PoolTopic {
  cls: TopicClass;
  /** As a user would type it after /papers subscribe. */
  query: string;
}

/**
 * How many topics of each class the pool holds, 1,000 in all. Words: real ML words (in 3–40% of abstracts),
 * mid-frequency jargon (Zipf ranks 300–3,000) and rare jargon (ranks 3,000–60,000, a few papers a month).
 */
const CLASS_SIZES: Record<TopicClass, number> = {
  word: 120,
  midWord: 180,
  rareWord: 120,
  twoWords: 200,
  phrase: 60,
  category: 60,
  author: 120,
  org: 40,
  exclusion: 100,
};

/** Zipf exponent and offset of topic popularity: the top topic is in ~4% of subscriptions, the 1,000th in ~0.02%. */
const POPULARITY_S = 1.0;
const POPULARITY_Q = 3;

/** `count` distinct integers drawn by `draw`, ascending (a lower Zipf rank is a more frequent, more followed word). */
function distinctSorted(count: number, draw: () => number): number[] {
  const out = new Set<number>();
  while (out.size < count) out.add(draw());
  return [...out].sort((a, b) => a - b);
}

function logUniform(rng: Rng, lo: number, hi: number): number {
  return Math.floor(Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo))));
}

/** `count` distinct strings made by `make` (called with how many there are so far; '' is a miss). */
function distinctStrings(count: number, make: (i: number) => string): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    const s = make(out.size);
    if (s !== '') out.add(s);
  }
  return [...out];
}

/** Each class's topics, most popular first. */
function classTopics(seed: number): Record<TopicClass, string[]> {
  const vocab = buildVocabulary(seed);
  const rng = streamFor(seed, 'digest-topics');
  const word = (rank: number): string => vocab.content[rank] ?? 'model';
  // Ranks 40–299 are the topical real words ("diffusion", "robot", "quantization"); the very top ("model",
  // "propose") is nobody's topic.
  const realWord = (): string => word(intBetween(rng, 40, 299));
  const twoWords = distinctStrings(CLASS_SIZES.twoWords, (i) => {
    // Two words of one corpus topic, so they do co-occur: a head word and another of its words.
    const words = vocab.topics[vocab.topicSampler.sample(rng)]?.words ?? [];
    const head = words.slice(0, 5);
    const [a, b] = [word(pick(rng, head)), word(pick(rng, i % 2 === 0 ? head : words))];
    return a === b ? '' : `${a} ${b}`;
  });
  const exclusions = distinctStrings(CLASS_SIZES.exclusion, () => {
    const [a, b] = [realWord(), realWord()];
    return a === b ? '' : `${a} -${b}`;
  });
  const authors = distinctSorted(CLASS_SIZES.author, () => logUniform(rng, 1, vocab.lastNames.length)).map((rank, i) => {
    const last = vocab.lastNames[rank - 1] ?? 'Zhang';
    // Every sixth is a full name: common first name with a common surname, so some do occur.
    return i % 6 === 0 ? `author:"${vocab.firstNames[intBetween(rng, 0, 30)] ?? 'Wei'} ${last}"` : `author:${last}`;
  });
  const alone = <T>(items: readonly T[], n: number): T[] => items.slice(0, n);
  return {
    word: distinctSorted(CLASS_SIZES.word, () => intBetween(rng, 40, 299)).map(word),
    midWord: distinctSorted(CLASS_SIZES.midWord, () => logUniform(rng, 300, 3000)).map(word),
    rareWord: distinctSorted(CLASS_SIZES.rareWord, () => logUniform(rng, 3000, vocab.content.length)).map(word),
    twoWords,
    phrase: [
      ...PHRASES.map((p) => `"${p}"`),
      ...distinctStrings(CLASS_SIZES.phrase - PHRASES.length, (i) => `"${PHRASES[i % 12] ?? ''}" ${realWord()}`),
    ],
    category: [
      ...alone(CATEGORIES, 8).map((c) => `cat:${c}`),
      ...distinctStrings(CLASS_SIZES.category - 8, (i) => `cat:${CATEGORIES[i % 10] ?? 'cs.LG'} ${realWord()}`),
    ],
    author: authors,
    org: [
      ...alone(ORGANIZATIONS, 25).map((o) => `org:${o.name}`),
      ...distinctStrings(CLASS_SIZES.org - 25, (i) => `org:${ORGANIZATIONS[i % 12]?.name ?? 'google'} ${realWord()}`),
    ],
    exclusion: exclusions,
  };
}

/**
 * The pool, most popular first. Each class is spread evenly over the popularity ranking (its own most popular
 * topics first), so the head holds a bit of everything: "diffusion", "mixture of experts", cat:cs.CL, a big lab.
 */
export function buildTopicPool(seed: number): PoolTopic[] {
  const byClass = classTopics(seed);
  const placed = TOPIC_CLASSES.flatMap((cls, c) => byClass[cls].map((query, i) => ({ cls, query, at: i / byClass[cls].length, c }))).sort(
    (a, b) => a.at - b.at || a.c - b.c,
  );
  const seen = new Set<string>();
  return placed.flatMap(({ cls, query }) => {
    const key = query.toLowerCase();
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ cls, query }];
  });
}

/** Draws a target's topics: Zipf-popular pool entries, distinct within a target, sometimes typed differently. */
export function topicDrawer(seed: number, pool: readonly PoolTopic[]): (count: number) => string[] {
  const rng = streamFor(seed, 'digest-subscriptions');
  const popularity = new AliasSampler(zipfWeights(pool.length, POPULARITY_S, POPULARITY_Q));
  return (count) => {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, pool.length)) chosen.add(popularity.sample(rng));
    return [...chosen].map((i) => {
      const query = pool[i]?.query ?? 'model';
      // One subscription in ten is typed with a capital ("Diffusion models"): the same topic to topicKey, but
      // another query string, as people type it.
      return rng() < 0.1 && /^[a-z]/.test(query) ? query.charAt(0).toUpperCase() + query.slice(1) : query;
    });
  };
}
