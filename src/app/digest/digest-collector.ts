// Gathers what the pure digest builder needs from the store, for many targets at once. Targets due together
// mostly share a window, so each window's trending list, its topic index and each topic's matches are read (and
// ranked) once and the same lists are handed to every target; per target, only the papers it has already been
// sent are read, with one range scan of its own delivery record.
import type { Logger } from 'pino';
import type { Store } from '../../store/database.js';
import {
  dailyDayCounts,
  deliveredAmong,
  deliveredFrom,
  deliveredFromMany,
  papersArrivedBetween,
  papersOnDailyDays,
} from '../../store/digest-candidates.js';
import type { Subscription } from '../../store/subscriptions-repository.js';
import { buildTopicIndex, type TopicIndex } from '../../store/topic-index.js';
import { docIdLowerBoundForDate } from '../../core/arxiv-id.js';
import { addDays, utcDay } from '../../core/days.js';
import type { Paper } from '../../core/paper.js';
import { QueryError } from '../../core/search/query-parser.js';
import { learnTopicWords, topicExpression, type TopicExpression } from '../search/topic-expression.js';
import { scoreTopicMatches, type TopicPaperMatch } from '../search/topic-match.js';
import type { Target } from '../../core/targets/target.js';
import { buildDigest, byUpvotesThenNewest, type BuiltDigest } from '../../core/digest/digest.js';
import type { DigestWindow } from '../../core/digest/digest-window.js';

/**
 * Topics compiled at once by prepare: each waits on the store for a few statements in turn, so several in flight
 * keep it busy; fewer than a pool's connections, so commands answered meanwhile still find one free.
 */
const TOPIC_COMPILES_AT_ONCE = 4;

/** Trending candidates read per window: enough for the largest digest plus papers already sent. */
const TRENDING_POOL = 200;
/**
 * Papers a window can hold are recent arXiv ids, plus the odd older paper that Daily Papers lists late. A target's
 * delivery record is read from this many days before the window (by id) in one range scan; older papers of the
 * window are looked up one by one.
 */
const DELIVERED_SCAN_DAYS = 31;

/** The smallest doc id the delivered-record scan reads for a window starting on `fromDay`. */
function scanFloor(fromDay: string): number {
  return docIdLowerBoundForDate(addDays(fromDay, -DELIVERED_SCAN_DAYS));
}

export interface DigestRequest {
  target: Target;
  /** The target's local date of the digest. */
  date: string;
  window: DigestWindow;
  subscriptions: readonly Subscription[];
}

/** What prepare can do ahead for a batch: the topics it will match, the targets (and windows) it will collect. */
export interface PreparedBatch {
  topics?: readonly string[];
  targets?: readonly { target: Target; window: DigestWindow }[];
}

export interface CollectedDigest extends BuiltDigest {
  /** The store's doc ids of `paperIds`, in the same order. */
  docIds: number[];
}

export interface DigestCollector {
  collect(request: DigestRequest): Promise<CollectedDigest>;
  /**
   * Optional, before collecting a batch: builds the topic indexes of these windows at once, so windows ending
   * together share them, compiles the batch's topics a few at a time and reads its targets' delivery records in
   * one statement. A topic that cannot be compiled fails the collects of the digests holding it, as it would
   * have without this.
   */
  prepare(windows: readonly DigestWindow[], batch?: PreparedBatch): Promise<void>;
  /** Drops the per-window topic indexes. */
  close(): void;
}

/** Papers best first, and the doc ids among them older than the delivered-record scan reaches. */
interface Pool {
  papers: Paper[];
  older: number[];
}

/**
 * Part of the topic candidates of the windows ending at one instant: the papers that arrived from `from` up to
 * the previous segment (or the end), in their own small index. Windows ending together share segments, so the
 * papers of their common days are indexed, and matched against each topic, once.
 */
interface Segment {
  from: string;
  index: TopicIndex;
  papers: Map<number, Paper>;
  /** Each topic's matches in this segment, scored (loose matches already left out). */
  /** Kept as promises: collects run concurrently, and each topic is scored once per segment. */
  matches: Map<string, Promise<TopicPaperMatch[]>>;
}

/** A topic's papers in a window, and what each matched through when it was not the topic's own words. */
interface TopicPapers {
  papers: Paper[];
  via: Map<string, string[]>;
}

interface WindowTopics {
  /** Doc ids of candidates older than the delivered-record scan reaches. */
  older: number[];
  /** Doc ids of the window's candidates (its segments may hold papers that arrived before it). */
  members: Set<number>;
  /** Each topic's matches in this window, best first; the same array for every target, so the builder ranks it once. */
  matches: Map<string, TopicPapers>;
}

/** Whether a paper arrived in a window's topic range: listed on Daily Papers, or published, from `from` to the end. */
function arrivedIn(paper: Paper, from: string, endDay: string, endIso: string): boolean {
  const listed = paper.dailyDate !== null && paper.dailyDate >= from && paper.dailyDate < endDay;
  const published = paper.publishedAt !== null && paper.publishedAt >= from && paper.publishedAt < endIso;
  return listed || published;
}

export function digestCollector(store: Store, logger?: Logger): DigestCollector {
  const trendingPools = new Map<string, Promise<Pool>>();
  /** Papers on each window's days and those under a floor, read only for a trending section left empty. */
  const dayCounts = new Map<string, Promise<{ all: number; belowFloor: number }>>();
  const countsOf = (days: readonly string[], minUpvotes: number) => {
    const key = `${days.join(',')}|${minUpvotes}`;
    let counts = dayCounts.get(key);
    if (counts === undefined) {
      counts = dailyDayCounts(store, days, minUpvotes);
      dayCounts.set(key, counts);
    }
    return counts;
  };
  const windows = new Map<string, Promise<WindowTopics>>();
  /** Segments by window end, newest first (each `from` earlier than the one before). */
  const segmentsByEnd = new Map<string, Segment[]>();
  const segmentLocks = new Map<string, Promise<unknown>>();
  const expressions = new Map<string, Promise<TopicExpression | null>>();
  const indexes: TopicIndex[] = [];
  /** Doc id of every paper read, by paper id, and back. */
  const docIdOf = new Map<string, number>();
  const paperIdOf = new Map<number, string>();

  const remember = (papers: readonly (readonly [number, Paper])[]) => {
    for (const [docId, paper] of papers) {
      docIdOf.set(paper.id, docId);
      paperIdOf.set(docId, paper.id);
    }
  };

  const olderThanScan = (papers: readonly (readonly [number, Paper])[], fromDay: string): number[] => {
    if (papers.length === 0) return [];
    const floor = scanFloor(fromDay);
    return papers.filter(([docId]) => docId < floor).map(([docId]) => docId);
  };

  const trendingPool = (days: readonly string[], minUpvotes: number) => {
    const key = `${days.join(',')}|${minUpvotes}`;
    let pool = trendingPools.get(key);
    if (pool === undefined) {
      pool = papersOnDailyDays(store, days, minUpvotes, TRENDING_POOL).then((papers) => {
        remember(papers);
        return { papers: papers.map(([, paper]) => paper).sort(byUpvotesThenNewest), older: olderThanScan(papers, days[0] ?? '') };
      });
      trendingPools.set(key, pool);
    }
    return pool;
  };

  /** The segments of windows ending at `end`, extended (by one more segment) to reach back to `from`. */
  const segmentsReaching = (from: string, end: Date): Promise<Segment[]> => {
    // One extension at a time per end: two topics asking at once must not both build the same segment.
    const key = end.toISOString();
    const extended = (segmentLocks.get(key) ?? Promise.resolve([])).then(() => extendSegments(from, end));
    segmentLocks.set(
      key,
      extended.catch(() => []),
    );
    return extended;
  };

  const extendSegments = async (from: string, end: Date): Promise<Segment[]> => {
    const key = end.toISOString();
    const segments = segmentsByEnd.get(key) ?? [];
    segmentsByEnd.set(key, segments);
    const earliest = segments.at(-1)?.from;
    if (earliest === undefined || from < earliest) {
      // The papers that arrived before the earliest segment: listed or published from `from` up to its start.
      const until = earliest === undefined ? end : new Date(`${earliest}T00:00:00.000Z`);
      const known = (docId: number) => segments.some((segment) => segment.papers.has(docId));
      const arrived = (await papersArrivedBetween(store, from, utcDay(until), until)).filter(([docId]) => !known(docId));
      remember(arrived);
      const index = await buildTopicIndex(store, arrived);
      indexes.push(index);
      segments.push({ from, index, papers: new Map(arrived), matches: new Map() });
    }
    return segments;
  };

  const windowTopics = (window: DigestWindow) => {
    const key = `${window.topicsFrom}|${window.end.toISOString()}`;
    let topics = windows.get(key);
    if (topics === undefined) {
      topics = segmentsReaching(window.topicsFrom, window.end).then((segments) => {
        const endDay = utcDay(window.end);
        const endIso = window.end.toISOString();
        const candidates = segments.flatMap((segment) =>
          [...segment.papers].filter(([, paper]) => arrivedIn(paper, window.topicsFrom, endDay, endIso)),
        );
        const members = new Set(candidates.map(([docId]) => docId));
        return { matches: new Map(), older: olderThanScan(candidates, window.topicsFrom), members };
      });
      windows.set(key, topics);
    }
    return topics;
  };

  /**
   * Prepares the topic indexes for windows about to be collected: the earliest start of the windows ending at
   * each instant is indexed first, so one set of segments serves them all.
   */
  const prepare = async (requests: readonly DigestWindow[], batch: PreparedBatch = {}): Promise<void> => {
    const earliest = new Map<string, DigestWindow>();
    for (const window of requests) {
      const key = window.end.toISOString();
      const seen = earliest.get(key);
      if (seen === undefined || window.topicsFrom < seen.topicsFrom) earliest.set(key, window);
    }
    for (const window of earliest.values()) await segmentsReaching(window.topicsFrom, window.end);
    await compileTopics(batch.topics ?? []);
    await readDeliveredAhead(batch.targets ?? []);
  };

  /**
   * Each target's recent delivery record, read ahead for the batch in one statement. Kept for that target's
   * next collect only: a target collected again in the same tick (a catch-up after a send) reads it afresh.
   */
  const deliveredAhead = new Map<number, { floor: number; docIds: Set<number> }>();
  const readDeliveredAhead = async (targets: readonly { target: Target; window: DigestWindow }[]): Promise<void> => {
    const floors = new Map(
      targets.filter(({ target }) => target.id > 0).map(({ target, window }) => [target.id, scanFloor(window.topicsFrom)]),
    );
    if (floors.size === 0) return;
    const read = await deliveredFromMany(store, [...floors.keys()], Math.min(...floors.values()));
    for (const [targetId, docIds] of read) deliveredAhead.set(targetId, { floor: floors.get(targetId) ?? 0, docIds });
  };

  /** Compiles topics not compiled yet, TOPIC_COMPILES_AT_ONCE at a time, their words looked up together first. */
  const compileTopics = async (topics: readonly string[]): Promise<void> => {
    const fresh = [...new Set(topics)].filter((query) => !expressions.has(query));
    if (fresh.length === 0) return;
    try {
      await learnTopicWords(store, fresh);
    } catch (error) {
      // Only a head start: each compile asks for what it needs.
      logger?.warn({ err: error }, 'could not look up the words of the topics due; each topic looks them up itself');
    }
    let next = 0;
    const worker = async () => {
      while (next < fresh.length) {
        const query = fresh[next] as string;
        next += 1;
        // A failure stays in `expressions`: the collects of the digests holding the topic meet it there.
        await expressionOf(query).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.min(TOPIC_COMPILES_AT_ONCE, fresh.length) }, worker));
  };

  const expressionOf = (query: string): Promise<TopicExpression | null> => {
    let compiled = expressions.get(query);
    if (compiled === undefined) {
      compiled = topicExpression(store, query).catch((error: unknown) => {
        if (!(error instanceof QueryError)) throw error;
        // Saved before a parser change made it invalid: it matches nothing, and says so in the log once.
        logger?.warn({ topic: query, reason: error.message }, 'a saved topic is not a valid query; it matches nothing');
        return null;
      });
      expressions.set(query, compiled);
    }
    return compiled;
  };

  const segmentMatches = (segment: Segment, query: string, compiled: TopicExpression): Promise<TopicPaperMatch[]> => {
    let matches = segment.matches.get(query);
    if (matches === undefined) {
      matches = scoreTopicMatches(compiled, (expression) => segment.index.matching(expression));
      segment.matches.set(query, matches);
    }
    return matches;
  };

  const topicPapers = async (window: DigestWindow, topics: WindowTopics, query: string): Promise<TopicPapers> => {
    let found = topics.matches.get(query);
    if (found === undefined) {
      const compiled = await expressionOf(query);
      const segments = compiled === null ? [] : await segmentsReaching(window.topicsFrom, window.end);
      const via = new Map<string, string[]>();
      const matched = await Promise.all(segments.map((segment) => segmentMatches(segment, query, compiled as TopicExpression)));
      let papers = segments.flatMap((segment, i) =>
        (matched[i] ?? []).flatMap((match) => {
          const paper = segment.papers.get(match.docId);
          if (paper === undefined || !topics.members.has(match.docId)) return [];
          if (match.via.length > 0) via.set(paper.id, match.via);
          return [paper];
        }),
      );
      if (compiled?.since != null) {
        const since = compiled.since;
        papers = papers.filter((paper) => (paper.publishedAt ?? '') >= since);
      }
      papers.sort(byUpvotesThenNewest);
      found = { papers, via };
      topics.matches.set(query, found);
    }
    return found;
  };

  /**
   * Ids of the window's papers the target has already been sent: one range scan of its recent record, plus
   * lookups of the window's few older papers.
   */
  const alreadyDelivered = async (target: Target, window: DigestWindow, older: readonly number[]): Promise<Set<string>> => {
    if (target.id <= 0) return new Set();
    const floor = scanFloor(window.topicsFrom);
    const ahead = deliveredAhead.get(target.id);
    deliveredAhead.delete(target.id);
    const delivered =
      ahead !== undefined && ahead.floor <= floor
        ? new Set([...ahead.docIds].filter((docId) => docId >= floor))
        : await deliveredFrom(store, target.id, floor);
    if (older.length > 0) for (const docId of await deliveredAmong(store, target.id, older)) delivered.add(docId);
    const ids = new Set<string>();
    for (const docId of delivered) {
      const id = paperIdOf.get(docId);
      if (id !== undefined) ids.add(id);
    }
    return ids;
  };

  return {
    async collect({ target, date, window, subscriptions }) {
      const { settings } = target;
      const pool = settings.size > 0 ? await trendingPool(window.trendingDays, settings.minUpvotes) : null;
      const trending = pool?.papers ?? [];
      const topics = subscriptions.length > 0 ? await windowTopics(window) : null;
      const topicMatches = await Promise.all(
        subscriptions.map(async (s) => ({
          topic: s.query,
          ...(topics === null ? { papers: [] } : await topicPapers(window, topics, s.query)),
        })),
      );
      const built = buildDigest({
        date,
        window,
        size: settings.size,
        minUpvotes: settings.minUpvotes,
        trendingCandidates: trending,
        topicMatches,
        alreadyDelivered: await alreadyDelivered(target, window, [...(pool?.older ?? []), ...(topics?.older ?? [])]),
        audience: target.kind === 'user' ? 'person' : 'channel',
      });
      const { context } = built.digest;
      // An empty trending section says why: nothing listed, the upvote floor, or papers sent before.
      if (context !== undefined && settings.size > 0 && built.digest.trending.length === 0) {
        context.listed = await countsOf(window.trendingDays, settings.minUpvotes);
      }
      return { ...built, docIds: built.paperIds.map((id) => docIdOf.get(id) ?? 0) };
    },
    prepare,
    close() {
      for (const index of indexes.splice(0)) index.close();
      windows.clear();
      dayCounts.clear();
      deliveredAhead.clear();
      segmentsByEnd.clear();
      segmentLocks.clear();
    },
  };
}
