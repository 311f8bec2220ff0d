// How a saved topic's score threshold is chosen: the graded set's keyword and broad-topic queries are run as
// topics over all the seed papers (one digest window holding the whole store), and at each candidate threshold
// the papers kept are compared with the grades (grade 1 or 2 = the subscriber wants it). F0.5 counts precision
// twice: a digest flooded with loose matches costs a team more than a paper it can still find by searching.
import type { Store } from '../src/store/database.js';
import { findPapersByDocIds } from '../src/store/papers-repository.js';
import { buildTopicIndex } from '../src/store/topic-index.js';
import { QueryError } from '../src/core/search/query-parser.js';
import { topicExpression, type TopicExpression } from '../src/app/search/topic-expression.js';
import { scoreTopicMatches, TOPIC_MIN_SCORE } from '../src/app/search/topic-match.js';

export const TOPIC_KINDS = ['keywords', 'broad'] as const;
export const THRESHOLDS = [0, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9, 1] as const;

export interface TopicQuery {
  id: string;
  kind: string;
  query: string;
  relevant: Record<string, number>;
}

export interface TopicThresholdRow {
  threshold: number;
  precision: number;
  recall: number;
  f05: number;
  /** Papers kept per topic, on average. */
  kept: number;
}

export interface TopicThresholdResult {
  topics: number;
  /** Topics as they matched before they understood other names: the words as typed, all of them, anywhere. */
  asTyped: Omit<TopicThresholdRow, 'threshold'>;
  rows: TopicThresholdRow[];
  /** The threshold with the best F0.5, and the one the code uses (TOPIC_MIN_SCORE). */
  best: number;
  inUse: number;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

function summary(kept: readonly (readonly string[])[], wanted: readonly ReadonlySet<string>[]): Omit<TopicThresholdRow, 'threshold'> {
  let hits = 0;
  let keptCount = 0;
  let wantedCount = 0;
  for (const [i, ids] of kept.entries()) {
    const want = wanted[i] ?? new Set<string>();
    keptCount += ids.length;
    wantedCount += want.size;
    hits += ids.filter((id) => want.has(id)).length;
  }
  const precision = keptCount === 0 ? 1 : hits / keptCount;
  const recall = wantedCount === 0 ? 1 : hits / wantedCount;
  const f05 = precision + recall === 0 ? 0 : (1.25 * precision * recall) / (0.25 * precision + recall);
  return { precision: round(precision), recall: round(recall), f05: round(f05), kept: round(keptCount / Math.max(1, kept.length)) };
}

export async function evaluateTopicThresholds(store: Store, queries: readonly TopicQuery[]): Promise<TopicThresholdResult> {
  const docIds = (await store.db.selectFrom('papers').select('doc_id').execute()).map((r) => r.doc_id);
  const papers = await findPapersByDocIds(store, docIds);
  const index = await buildTopicIndex(store, papers);
  try {
    const idOf = (docId: number) => papers.get(docId)?.id ?? '';
    const matching = (expression: string) => index.matching(expression);
    const topics: { topic: TopicExpression; wanted: Set<string> }[] = [];
    for (const q of queries.filter((query) => (TOPIC_KINDS as readonly string[]).includes(query.kind))) {
      try {
        topics.push({
          topic: await topicExpression(store, q.query),
          wanted: new Set(Object.keys(q.relevant).filter((id) => (q.relevant[id] ?? 0) >= 1)),
        });
      } catch (error) {
        if (!(error instanceof QueryError)) throw error;
      }
    }
    const wanted = topics.map((t) => t.wanted);
    const scored = await Promise.all(topics.map(({ topic }) => scoreTopicMatches(topic, matching, 0)));
    const typedKept = await Promise.all(topics.map(async ({ topic }) => (await typedOnly(topic, matching)).map(idOf)));
    const rows = THRESHOLDS.map((threshold) => ({
      threshold,
      ...summary(
        scored.map((matches) => matches.filter((m) => m.score >= threshold - 1e-9).map((m) => idOf(m.docId))),
        wanted,
      ),
    }));
    const best = rows.reduce((a, b) => (b.f05 > a.f05 ? b : a)).threshold;
    return { topics: topics.length, asTyped: summary(typedKept, wanted), rows, best, inUse: TOPIC_MIN_SCORE };
  } finally {
    index.close();
  }
}

/** The papers matching every concept's own words (in any field), as topics matched before. */
async function typedOnly(topic: TopicExpression, matching: (expression: string) => Promise<readonly number[]>): Promise<number[]> {
  if (topic.concepts.length === 0) return [];
  const sets = await Promise.all(topic.concepts.map(async (c) => new Set(await matching(c.typed))));
  return [...(sets[0] ?? [])].filter((docId) => sets.every((set) => set.has(docId)));
}
