// A small synthetic corpus whose topics are sets of words that co-occur: papers of a topic each use a few of its
// words, so words of one topic are linked through the papers they share.
import type { PaperInput } from '../../../src/core/paper.js';
import { seededRandom } from '../../../src/core/semantic/seeded-random.js';

export const TOPICS = {
  vehicles: ['engine', 'wheel', 'driver', 'road', 'brake', 'fuel'],
  pets: ['kitten', 'puppy', 'veterinarian', 'leash', 'fur', 'litter'],
  finance: ['stock', 'market', 'bond', 'dividend', 'trader', 'portfolio'],
} as const;
const COMMON = ['study', 'system', 'evaluation', 'analysis', 'framework', 'data', 'performance', 'design'];

let serial = 0;

export function paperInput(title: string, abstract: string): PaperInput {
  serial += 1;
  return { source: 'hf', id: `2601.${String(10000 + serial)}`, title, abstract };
}

/** `perTopic` papers per topic, each with four of its words and two common ones. */
export function topicPapers(perTopic: number, seed: number): { topic: keyof typeof TOPICS; input: PaperInput }[] {
  const random = seededRandom(seed);
  const out: { topic: keyof typeof TOPICS; input: PaperInput }[] = [];
  for (let i = 0; i < perTopic; i += 1) {
    for (const topic of Object.keys(TOPICS) as (keyof typeof TOPICS)[]) {
      const words = [...TOPICS[topic]].sort(() => random() - 0.5).slice(0, 4);
      const common = [...COMMON].sort(() => random() - 0.5).slice(0, 2);
      out.push({ topic, input: paperInput(`${words[0]} ${common[0]}`, `${words.join(' ')} ${common.join(' ')}`) });
    }
  }
  return out;
}
