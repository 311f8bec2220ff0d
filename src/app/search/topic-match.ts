// How well each candidate paper matches a saved topic, and what it matched through. A concept matched by the
// words as typed counts fully, by another name EQUIVALENT_WEIGHT, by a kind of it NARROWER_WEIGHT; a match only
// in the abstract counts ABSTRACT_ONLY of one in the title, Hugging Face's keywords or its summary (a word the
// paper is about, rather than one it mentions). The score is the concepts' rarity-weighted mean, from 0 to 1; a
// paper below TOPIC_MIN_SCORE is a loose match and stays out of the digest.
//
// TOPIC_MIN_SCORE was chosen on the graded set (test/fixtures/graded-queries.json, its keyword and broad-topic
// queries run as topics over the 53 seed papers, `npm run bench -- --only relevance`): the score with the best
// F0.5 (precision counted twice: a digest flooded with loose matches costs more than a paper a search still
// finds). See bench/README.md for the figures.
import { inColumns } from '../../store/fts-match.js';
import type { TopicExpression } from './topic-expression.js';

export const ABSTRACT_ONLY = 0.7;
export const TOPIC_MIN_SCORE = 0.55;

export interface TopicPaperMatch {
  docId: number;
  /** 0 to 1. */
  score: number;
  /** The other name or kind a concept was matched through ("quantization" for "model compression"), if any. */
  via: string[];
}

/** The fields that say what a paper is about, as opposed to what its abstract mentions. */
const ABOUT = ['title', 'keywords', 'summary'] as const;

/**
 * Scores the papers that match `topic.expression`. `matching` answers which papers of the index in hand (a digest
 * window's, or a test's) match an expression; it is called a few times per concept and name, never per paper.
 */
export async function scoreTopicMatches(
  topic: TopicExpression,
  matching: (expression: string) => Promise<readonly number[]>,
  minScore = TOPIC_MIN_SCORE,
): Promise<TopicPaperMatch[]> {
  const candidates = await matching(topic.expression);
  if (topic.concepts.length === 0 || candidates.length === 0) return candidates.map((docId) => ({ docId, score: 1, via: [] }));
  const best = new Map<number, { score: number; via: string[] }>(candidates.map((docId) => [docId, { score: 0, via: [] }]));
  const totalWeight = topic.concepts.reduce((sum, c) => sum + c.weight, 0);
  for (const concept of topic.concepts) {
    const share = new Map<number, { value: number; via: string | null }>();
    const offer = async (expression: string, value: number, via: string | null) => {
      const about = new Set(await matching(inColumns(ABOUT, expression)));
      for (const docId of await matching(expression)) {
        const scored = about.has(docId) ? value : value * ABSTRACT_ONLY;
        if (scored > (share.get(docId)?.value ?? 0)) share.set(docId, { value: scored, via });
      }
    };
    await offer(concept.typed, 1, null);
    for (const name of concept.names) await offer(name.expression, name.share, name.name);
    for (const [docId, entry] of best) {
      const matched = share.get(docId);
      if (matched === undefined) continue;
      entry.score += (concept.weight / totalWeight) * matched.value;
      if (matched.via !== null) entry.via.push(matched.via);
    }
  }
  return [...best].map(([docId, { score, via }]) => ({ docId, score, via })).filter((match) => match.score >= minScore - 1e-9);
}
