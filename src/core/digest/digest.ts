// The digest a target receives, platform-neutral, and the pure function that decides what goes in it.
import type { Paper } from '../paper.js';
import { digestItem, type DigestItem } from './digest-item.js';
import type { DigestWindow } from './digest-window.js';

/** At most this many papers per topic in one digest; the rest are counted, and stay eligible tomorrow. */
export const TOPIC_ITEMS_MAX = 5;

export interface DigestTopicSection {
  topic: string;
  items: DigestItem[];
  /** Matching papers not shown (over TOPIC_ITEMS_MAX). */
  more: number;
}

export interface Digest {
  /** The target's local date of the digest, YYYY-MM-DD. */
  date: string;
  window: { start: string; end: string; trendingDays: string[] };
  trending: DigestItem[];
  topics: DigestTopicSection[];
  /** Neither section has a paper. */
  empty: boolean;
}

export interface DigestInput {
  date: string;
  window: DigestWindow;
  /** Trending papers to show; 0 leaves the section out. */
  size: number;
  minUpvotes: number;
  /** Papers on Daily Papers around the window (the builder keeps those of the window's days). */
  trendingCandidates: readonly Paper[];
  /** Papers matching each subscribed topic, in subscription order. */
  topicMatches: readonly { topic: string; papers: readonly Paper[] }[];
  /** Ids of papers this target has already been sent. */
  alreadyDelivered: ReadonlySet<string>;
}

export interface BuiltDigest {
  digest: Digest;
  /** Every paper in the digest, to record as delivered. */
  paperIds: string[];
}

const byUpvotesThenNewest = (a: Paper, b: Paper): number =>
  b.upvotes - a.upvotes || (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.id.localeCompare(a.id);

export function buildDigest(input: DigestInput): BuiltDigest {
  const shown = new Set<string>(input.alreadyDelivered);
  const days = new Set(input.window.trendingDays);
  const trending =
    input.size <= 0
      ? []
      : input.trendingCandidates
          .filter((p) => p.dailyDate !== null && days.has(p.dailyDate) && p.upvotes >= input.minUpvotes && !shown.has(p.id))
          .sort(byUpvotesThenNewest)
          .slice(0, input.size);
  for (const paper of trending) shown.add(paper.id);

  // Every topic a paper matches, so each item can say so wherever it is shown.
  const topicsOf = new Map<string, string[]>();
  for (const { topic, papers } of input.topicMatches) {
    for (const paper of papers) topicsOf.set(paper.id, [...new Set([...(topicsOf.get(paper.id) ?? []), topic])]);
  }
  const item = (paper: Paper) => digestItem(paper, topicsOf.get(paper.id) ?? []);

  const topics: DigestTopicSection[] = [];
  for (const { topic, papers } of input.topicMatches) {
    // A paper matching two topics, or already trending, is shown once: under the first place it appears.
    const fresh = [...new Map(papers.filter((p) => !shown.has(p.id)).map((p) => [p.id, p])).values()].sort(byUpvotesThenNewest);
    const items = fresh.slice(0, TOPIC_ITEMS_MAX);
    for (const paper of items) shown.add(paper.id);
    topics.push({ topic, items: items.map(item), more: fresh.length - items.length });
  }

  const paperIds = [...trending.map((p) => p.id), ...topics.flatMap((t) => t.items.map((i) => i.id))];
  return {
    digest: {
      date: input.date,
      window: { start: input.window.start.toISOString(), end: input.window.end.toISOString(), trendingDays: input.window.trendingDays },
      trending: trending.map(item),
      topics,
      empty: paperIds.length === 0,
    },
    paperIds,
  };
}
