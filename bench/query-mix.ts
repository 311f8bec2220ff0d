// The fixed query mix: ~200 queries in 11 classes, derived from the corpus vocabulary (same seed → same
// queries), so rare words really are rare and author names really occur. Each query also carries its intent in
// a plain form, from which the naive LIKE baseline builds its SQL.
import { intBetween, pick, streamFor } from './prng.js';
import { buildVocabulary } from './vocabulary.js';
import { PHRASES } from './word-lists.js';

export const QUERY_CLASSES = [
  'rare',
  'medium',
  'common',
  'phrase',
  'prefix',
  'exclusion',
  'category',
  'since',
  'author',
  'org',
  'typo',
] as const;
export type QueryClass = (typeof QUERY_CLASSES)[number];

export interface QueryIntent {
  /** Words or phrases (containing spaces) that must all occur. */
  terms: string[];
  /** Prefixes, typed as `stem*`. */
  prefixes: string[];
  /** Words typed as `-word`. */
  exclude: string[];
  category?: string;
  since?: string;
  author?: string;
  org?: string;
}

export interface BenchQuery {
  cls: QueryClass;
  /** What a user types; this string goes to searchPapers. */
  text: string;
  intent: QueryIntent;
}

const PER_CLASS = 18;

function render(intent: QueryIntent): string {
  const parts: string[] = [];
  if (intent.category !== undefined) parts.push(`cat:${intent.category}`);
  if (intent.since !== undefined) parts.push(`since:${intent.since}`);
  if (intent.author !== undefined) parts.push(`author:${intent.author}`);
  if (intent.org !== undefined) parts.push(`org:${intent.org}`);
  for (const t of intent.terms) parts.push(t.includes(' ') ? `"${t}"` : t);
  for (const p of intent.prefixes) parts.push(`${p}*`);
  for (const e of intent.exclude) parts.push(`-${e}`);
  return parts.join(' ');
}

const intent = (terms: string[], extra: Partial<QueryIntent> = {}): QueryIntent => ({ terms, prefixes: [], exclude: [], ...extra });
const words = (text: string): string[] => text.split(' ');

/** Swaps two neighbouring inner letters: the commonest typing slip. */
function transpose(word: string, at: number): string {
  const i = 1 + (at % Math.max(1, word.length - 3));
  return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
}

export function buildQueryMix(seed: number): BenchQuery[] {
  const vocab = buildVocabulary(seed);
  const rng = streamFor(seed, 'queries');
  const tail = (lo: number): string => vocab.content[intBetween(rng, lo, vocab.content.length - 1)] ?? 'model';
  const realWord = (lo: number, hi: number): string => vocab.content[intBetween(rng, lo, hi)] ?? 'model';
  const topicTailPair = (): string[] => {
    const words = (vocab.topics[intBetween(rng, 0, 19)]?.words ?? []).filter((w) => w > 3000);
    return [vocab.content[pick(rng, words)] ?? 'model', vocab.content[pick(rng, words)] ?? 'data'];
  };
  const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

  const byClass: Record<QueryClass, QueryIntent[]> = {
    // One rare word (a few dozen to a few hundred papers per 1M), or two from one topic, which do co-occur.
    rare: [...times(12, () => intent([tail(5000)])), ...times(6, () => intent(topicTailPair()))],
    medium: [...times(8, () => intent([realWord(40, 299)])), ...times(10, () => intent([realWord(40, 299), realWord(40, 299)]))],
    // The head of the distribution: each of these words is in most abstracts, the worst case for ranking.
    common: [
      'model',
      'learning',
      'language',
      'data',
      'training',
      'learning model',
      'language model',
      'language model training',
      'model performance',
      'large language model',
      'training data',
      'model data',
      'performance tasks',
      'image generation',
      'neural network',
      'model training data',
      'deep learning',
      'language data model training',
    ].map((q) => intent(words(q))),
    phrase: [
      ...PHRASES.slice(0, 14).map((p) => intent([p])),
      intent(['chain of thought', 'reasoning']),
      intent(['mixture of experts', 'routing']),
      intent(['direct preference optimization', 'alignment']),
      intent(['model', 'diffusion models']),
    ],
    prefix: [
      ...['transform', 'diffus', 'reinforc', 'multi', 'lang', 'gen', 'segment', 'halluc', 'embed', 'quant', 'pre', 'con'].map((p) =>
        intent([], { prefixes: [p] }),
      ),
      ...times(4, () => intent([], { prefixes: [tail(1000).slice(0, 4)] })),
      intent(['language'], { prefixes: ['transform'] }),
      intent(['manipulation'], { prefixes: ['robot'] }),
    ],
    exclusion: [
      ['model', 'vision'],
      ['diffusion', 'image'],
      ['reinforcement learning', 'robot'],
      ['language model', 'English'],
      ['transformer', 'attention'],
      ['agents', 'games'],
      ['retrieval', 'ranking'],
      ['chain of thought', 'math'],
      ['segmentation', 'medical'],
      ['learning', 'data'],
      ['video generation', 'audio'],
      ['graph', 'molecular'],
      ['speech', 'music'],
      ['quantization', 'LLMs'],
      ['tokens', 'vision'],
      ['reward', 'human'],
    ]
      .map(([q = '', e = '']) => intent(q.includes(' ') && !PHRASES.includes(q) ? words(q) : [q], { exclude: [e] }))
      .concat(times(2, () => intent([tail(2000)], { exclude: ['model'] }))),
    category: [
      ['cs.CL', 'language model'],
      ['cs.CV', 'diffusion'],
      ['cs.LG', 'optimization'],
      ['cs.AI', 'agents'],
      ['stat.ML', 'Bayesian'],
      ['cs.RO', 'robot manipulation'],
      ['cs.CL', ''],
      ['cs.CV', ''],
      ['cs.IR', 'retrieval'],
      ['cs.SD', 'speech'],
      ['cs.CL', 'model'],
      ['cs.LG', 'learning'],
      ['cs.CR', 'adversarial attacks'],
      ['eess.IV', 'images'],
      ['cs.CV', 'segmentation'],
      ['cs.AI', 'reasoning'],
    ]
      .map(([c = '', q = '']) => intent(q === '' ? [] : words(q), { category: c }))
      .concat(times(2, () => intent([tail(3000)], { category: 'cs.LG' }))),
    since: [
      ['2026-01-01', 'agents'],
      ['2026-06-01', 'model'],
      ['2025-01-01', 'mixture of experts'],
      ['2026-11-01', 'language'],
      ['2024-01-01', 'diffusion'],
      ['2026-11-20', ''],
      ['2026-10-01', 'reasoning'],
      ['2025-06-01', 'chain of thought'],
      ['2026-01-01', 'learning model'],
      ['2023-06-01', 'transformer'],
      ['2026-09-01', 'video'],
      ['2026-01-01', ''],
      ['2025-01-01', 'robot'],
      ['2026-03-01', 'test-time compute'],
      ['2024-06-01', 'speech'],
      ['2026-11-25', 'model'],
    ]
      .map(([d = '', q = '']) => intent(q === '' ? [] : PHRASES.includes(q) ? [q] : words(q), { since: d }))
      .concat(times(2, () => intent([tail(3000)], { since: '2025-01-01' }))),
    author: [
      ...[0, 0, 1, 3, 10, 40, 100, 150].map((rank, i) =>
        intent(i % 2 === 1 ? [realWord(20, 200)] : [], { author: vocab.lastNames[rank] ?? 'Zhang' }),
      ),
      intent([], { author: 'Müller' }),
      intent([], { author: 'Wiśniewski' }),
      ...[250, 500, 1000, 2000, 3000, 5000, 7000, 7900].map((rank, i) =>
        intent(i % 2 === 1 ? [realWord(20, 200)] : [], { author: vocab.lastNames[rank] ?? 'Kim' }),
      ),
    ],
    org: [
      ['deepmind', ''],
      ['deepmind', 'reasoning'],
      ['nvidia', 'video'],
      ['Qwen', ''],
      ['google', 'model'],
      ['facebook', 'vision'],
      ['microsoft', 'agents'],
      ['deepseek-ai', 'mixture of experts'],
      ['allenai', ''],
      ['mistralai', 'language'],
      ['stanford', 'robot'],
      ['kuaishou', ''],
      ['meituan', 'model'],
      ['huggingface', 'data'],
      ['openai', 'safety'],
      ['apple', 'on-device'],
      ['sakana-ai', ''],
      ['tencent', 'image generation'],
    ].map(([o = '', q = '']) => intent(q === '' ? [] : PHRASES.includes(q) ? [q] : words(q), { org: o })),
    typo: [
      'langauge model',
      'transfromer',
      'reinforcment learning',
      'difusion',
      'embeding',
      'atention mechanism',
      'optimzation',
      'segmantation',
      'halucination',
      'multimodel',
      'retreival',
      'benchmrak',
    ]
      .map((q) => intent(words(q)))
      .concat(times(6, (i) => intent([transpose(realWord(3000, 20_000), i)]))),
  };

  // Interleave the classes so that the first N queries of the mix (`--queries N`) cover every class evenly.
  const mix: BenchQuery[] = [];
  for (let i = 0; i < PER_CLASS; i += 1) {
    for (const cls of QUERY_CLASSES) {
      const q = byClass[cls][i];
      if (q !== undefined) mix.push({ cls, text: render(q), intent: q });
    }
  }
  return mix;
}
