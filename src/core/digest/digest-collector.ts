// Gathers what the pure digest builder needs from the store, for many targets at once. Targets due together
// mostly share a window, so each window's trending list, its topic index and each topic's matches are read once
// and reused across targets; per target, only its own "already delivered" set is read.
import type { Logger } from 'pino';
import type { Store } from '../../store/database.js';
import { deliveredAmong, papersArrivedBetween, papersOnDailyDays, type StoredPaper } from '../../store/digest-candidates.js';
import type { Subscription } from '../../store/subscriptions-repository.js';
import { buildTopicIndex, type TopicIndex } from '../../store/topic-index.js';
import { utcDay } from '../days.js';
import type { Paper } from '../paper.js';
import { QueryError } from '../search/query-parser.js';
import { topicExpression, type TopicExpression } from '../search/topic-expression.js';
import type { Target } from '../targets/target.js';
import { buildDigest, type BuiltDigest } from './digest.js';
import type { DigestWindow } from './digest-window.js';

/** Trending candidates read per window: enough for the largest digest plus papers already sent. */
const TRENDING_POOL = 200;

export interface DigestRequest {
  target: Target;
  /** The target's local date of the digest. */
  date: string;
  window: DigestWindow;
  subscriptions: readonly Subscription[];
}

export interface DigestCollector {
  collect(request: DigestRequest): Promise<BuiltDigest>;
  /** Drops the per-window topic indexes. */
  close(): void;
}

interface WindowTopics {
  index: TopicIndex;
  papers: Map<number, Paper>;
  matches: Map<string, number[]>;
}

export function digestCollector(store: Store, logger?: Logger): DigestCollector {
  const trendingPools = new Map<string, Promise<StoredPaper[]>>();
  const windows = new Map<string, Promise<WindowTopics>>();
  const expressions = new Map<string, TopicExpression | null>();
  const indexes: TopicIndex[] = [];

  const trendingPool = (days: readonly string[], minUpvotes: number) => {
    const key = `${days.join(',')}|${minUpvotes}`;
    let pool = trendingPools.get(key);
    if (pool === undefined) {
      pool = papersOnDailyDays(store, days, minUpvotes, TRENDING_POOL);
      trendingPools.set(key, pool);
    }
    return pool;
  };

  const windowTopics = (window: DigestWindow) => {
    const key = `${window.topicsFrom}|${window.end.toISOString()}`;
    let topics = windows.get(key);
    if (topics === undefined) {
      topics = papersArrivedBetween(store, window.topicsFrom, utcDay(window.end), window.end).then((papers) => {
        const index = buildTopicIndex(store, papers);
        indexes.push(index);
        return { index, papers: new Map(papers), matches: new Map() };
      });
      windows.set(key, topics);
    }
    return topics;
  };

  const expressionOf = (query: string): TopicExpression | null => {
    if (!expressions.has(query)) {
      try {
        expressions.set(query, topicExpression(store, query));
      } catch (error) {
        if (!(error instanceof QueryError)) throw error;
        // Saved before a parser change made it invalid: it matches nothing, and says so in the log once.
        logger?.warn({ topic: query, reason: error.message }, 'a saved topic is not a valid query; it matches nothing');
        expressions.set(query, null);
      }
    }
    return expressions.get(query) ?? null;
  };

  const topicPapers = (topics: WindowTopics, query: string): StoredPaper[] => {
    let docIds = topics.matches.get(query);
    if (docIds === undefined) {
      const compiled = expressionOf(query);
      docIds = compiled === null ? [] : topics.index.matching(compiled.expression);
      if (compiled?.since != null) {
        const since = compiled.since;
        docIds = docIds.filter((id) => (topics.papers.get(id)?.publishedAt ?? '') >= since);
      }
      topics.matches.set(query, docIds);
    }
    return docIds.flatMap((id) => {
      const paper = topics.papers.get(id);
      return paper === undefined ? [] : [[id, paper] as const];
    });
  };

  return {
    async collect({ target, date, window, subscriptions }) {
      const { settings } = target;
      const trending = settings.size > 0 ? await trendingPool(window.trendingDays, settings.minUpvotes) : [];
      const topics = subscriptions.length > 0 ? await windowTopics(window) : null;
      const topicMatches = subscriptions.map((s) => ({ topic: s.query, papers: topics === null ? [] : topicPapers(topics, s.query) }));
      const docIdOf = new Map<string, number>();
      for (const [docId, paper] of [...trending, ...topicMatches.flatMap((t) => t.papers)]) docIdOf.set(paper.id, docId);
      const delivered = await deliveredAmong(store, target.id, [...new Set(docIdOf.values())]);
      const alreadyDelivered = new Set([...docIdOf].filter(([, docId]) => delivered.has(docId)).map(([id]) => id));
      return buildDigest({
        date,
        window,
        size: settings.size,
        minUpvotes: settings.minUpvotes,
        trendingCandidates: trending.map(([, paper]) => paper),
        topicMatches: topicMatches.map((t) => ({ topic: t.topic, papers: t.papers.map(([, paper]) => paper) })),
        alreadyDelivered,
      });
    },
    close() {
      for (const index of indexes.splice(0)) index.close();
      windows.clear();
    },
  };
}
