// The digest a target receives, platform-neutral, and the pure function that decides what goes in it.
import type { Paper } from '../paper.js';
import { digestItem, topicLabel, type DigestItem } from './digest-item.js';
import type { DigestWindow } from './digest-window.js';

/** At most this many papers per topic in one digest; the rest are counted, and stay eligible tomorrow. */
export const TOPIC_ITEMS_MAX = 5;

export interface DigestTopicSection {
  topic: string;
  items: DigestItem[];
  /** Matching papers not shown (over TOPIC_ITEMS_MAX). */
  more: number;
}

/**
 * What a digest was built from, so an empty digest or section can say why it is empty: for whom, how many trending
 * papers were asked for (0: topics only) above which floor, and from which day the topics looked. Absent in
 * digests stored before it was recorded, which then keep the older, vaguer wording.
 */
export interface DigestContext {
  audience: 'channel' | 'person';
  size: number;
  minUpvotes: number;
  /** The first day (UTC) a topic's papers were looked for from. */
  topicsFrom: string;
  /**
   * Set when trending papers were asked for and none is shown: the papers listed on Daily Papers on the window's
   * days, whatever their upvotes, and how many of them are under the floor (the rest were sent before).
   */
  listed?: { all: number; belowFloor: number };
  /**
   * Papers of the window matching each topic, shown or not: a topic with no items but matches had its papers sent
   * before (or shown under an earlier heading), rather than nothing matching it.
   */
  matched: Record<string, number>;
}

export interface Digest {
  /** The target's local date of the digest, YYYY-MM-DD. */
  date: string;
  window: { start: string; end: string; trendingDays: string[] };
  trending: DigestItem[];
  topics: DigestTopicSection[];
  /** Neither section has a paper. */
  empty: boolean;
  context?: DigestContext;
}

export interface DigestInput {
  date: string;
  window: DigestWindow;
  /** Trending papers to show; 0 leaves the section out. */
  size: number;
  minUpvotes: number;
  /** Papers on Daily Papers around the window (the builder keeps those of the window's days). */
  trendingCandidates: readonly Paper[];
  /**
   * Papers matching each subscribed topic, in subscription order, and for a paper matched through another name or
   * a kind of the topic's words, that name (by paper id).
   */
  topicMatches: readonly { topic: string; papers: readonly Paper[]; via?: ReadonlyMap<string, readonly string[]> }[];
  /** Ids of papers this target has already been sent. */
  alreadyDelivered: ReadonlySet<string>;
  /** A channel's digest, or a person's (their own topics, in their direct messages). Default: a channel's. */
  audience?: 'channel' | 'person';
}

export interface BuiltDigest {
  digest: Digest;
  /** Every paper in the digest, to record as delivered. */
  paperIds: string[];
}

/** Best first: most upvoted, then newest, then highest id (a total order, so digests are reproducible). */
export function byUpvotesThenNewest(a: Paper, b: Paper): number {
  if (a.upvotes !== b.upvotes) return b.upvotes - a.upvotes;
  const aDate = a.publishedAt ?? '';
  const bDate = b.publishedAt ?? '';
  if (aDate !== bDate) return aDate < bDate ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/**
 * A list best first, and the ids in it, remembered per list: a collector hands the same list of a topic's matches
 * to thousands of targets, and sorting it (or indexing it) once is what keeps building a digest cheap.
 */
interface RankedList {
  papers: readonly Paper[];
  ids: ReadonlySet<string>;
}

const ranked = new WeakMap<readonly Paper[], RankedList>();

function rankedList(papers: readonly Paper[]): RankedList {
  let list = ranked.get(papers);
  if (list === undefined) {
    const unique = [...new Map(papers.map((p) => [p.id, p])).values()];
    const sorted = unique.every((p, i) => i === 0 || byUpvotesThenNewest(unique[i - 1] as Paper, p) <= 0)
      ? unique
      : unique.sort(byUpvotesThenNewest);
    list = { papers: sorted, ids: new Set(sorted.map((p) => p.id)) };
    ranked.set(papers, list);
  }
  return list;
}

/** A paper's item is the same in every digest but for its topics: it is made once per paper object. */
const items = new WeakMap<Paper, DigestItem>();

function itemOf(paper: Paper, topics: string[]): DigestItem {
  let base = items.get(paper);
  if (base === undefined) {
    base = digestItem(paper);
    items.set(paper, base);
  }
  return { ...base, topics };
}

/** The first `count` papers of a ranked list that pass `keep`, in order. */
function firstPassing(papers: readonly Paper[], count: number, keep: (paper: Paper) => boolean): Paper[] {
  const chosen: Paper[] = [];
  for (const paper of papers) {
    if (chosen.length >= count) break;
    if (keep(paper)) chosen.push(paper);
  }
  return chosen;
}

/** How many ids of `set` are in `other`, walking the smaller of the two. */
function overlap(set: ReadonlySet<string>, other: ReadonlySet<string>): number {
  const [small, large] = set.size <= other.size ? [set, other] : [other, set];
  let count = 0;
  for (const id of small) if (large.has(id)) count += 1;
  return count;
}

export function buildDigest(input: DigestInput): BuiltDigest {
  const shown = new Set<string>(input.alreadyDelivered);
  const days = new Set(input.window.trendingDays);
  const trending =
    input.size <= 0
      ? []
      : firstPassing(
          rankedList(input.trendingCandidates).papers,
          input.size,
          (p) => p.dailyDate !== null && days.has(p.dailyDate) && p.upvotes >= input.minUpvotes && !shown.has(p.id),
        );
  for (const paper of trending) shown.add(paper.id);

  const topicLists = input.topicMatches.map(({ topic, papers, via }) => ({ topic, via, list: rankedList(papers) }));
  const sections = topicLists.map(({ topic, list }) => {
    // A paper matching two topics, or already trending, is shown once: under the first place it appears.
    const items = firstPassing(list.papers, TOPIC_ITEMS_MAX, (p) => !shown.has(p.id));
    const more = list.ids.size - overlap(list.ids, shown) - items.length;
    for (const paper of items) shown.add(paper.id);
    return { topic, items, more, matched: list.ids.size };
  });

  // Every topic a shown paper matches, so each item can say so wherever it is shown.
  const item = (paper: Paper) =>
    itemOf(
      paper,
      topicLists.filter(({ list }) => list.ids.has(paper.id)).map(({ topic, via }) => topicLabel(topic, via?.get(paper.id))),
    );
  const topics: DigestTopicSection[] = sections.map(({ topic, items, more }) => ({ topic, items: items.map(item), more }));
  const paperIds = [...trending.map((p) => p.id), ...sections.flatMap((t) => t.items.map((p) => p.id))];
  return {
    digest: {
      date: input.date,
      window: { start: input.window.start.toISOString(), end: input.window.end.toISOString(), trendingDays: input.window.trendingDays },
      trending: trending.map(item),
      topics,
      empty: paperIds.length === 0,
      context: {
        audience: input.audience ?? 'channel',
        size: Math.max(0, input.size),
        minUpvotes: input.minUpvotes,
        topicsFrom: input.window.topicsFrom,
        matched: Object.fromEntries(sections.map(({ topic, matched }) => [topic, matched])),
      },
    },
    paperIds,
  };
}
