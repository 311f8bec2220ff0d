// Relevance bench (`npm run bench -- --only relevance`, and the floor in test/core/search/relevance-floor.test.ts):
// how well search ranks the 53 real Hugging Face Daily Papers of test/fixtures/hf-daily-papers-seed.json for the
// graded queries of test/fixtures/graded-queries.json. Three rankers are scored on the same fresh store:
//   bm25    plain SQLite FTS5 over title + abstract (porter unicode61), the query's word pieces quoted and ORed,
//           ordered by bm25(): the baseline any FTS setup gets for free;
//   lexical searchPapers(..., { ranking: 'lexical' });
//   fused   searchPapers(..., { ranking: 'fused' }).
// The papers go in through importFiles, the code behind `papers import`, so the index is built as the bot builds it.
// The lexical and fused rankings and the topics run on the store `rankedOn` gives (a fresh SQLite file unless
// told otherwise: the bench and the floor test also run them on a fresh PostgreSQL database); the bm25 baseline
// is SQLite's FTS5 in every case.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFiles } from '../src/app/import-files.js';
import { QueryError } from '../src/core/search/query-parser.js';
import { searchPapers } from '../src/app/search/search.js';
import { openStore, type Store, sqliteOf } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { mean, ndcgAt, successAt, type Grades } from './relevance-metrics.js';
import { evaluateTopicThresholds, type TopicThresholdResult } from './topic-threshold.js';

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
export const SEED_PAPERS_PATH = join(fixturesDir, 'hf-daily-papers-seed.json');
export const GRADED_QUERIES_PATH = join(fixturesDir, 'graded-queries.json');
/** The clock every ranking sees, so freshness never depends on the day the bench runs. */
export const RELEVANCE_NOW = new Date('2026-12-01T12:00:00Z');

export const QUERY_KINDS = ['keywords', 'natural', 'spelling', 'names', 'broad'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];
export const RANKERS = ['bm25', 'lexical', 'fused'] as const;
export type Ranker = (typeof RANKERS)[number];

const K = 10;
const SUCCESS_K = 3;
const WORST_KEPT = 10;

export interface GradedQuery {
  id: string;
  kind: QueryKind;
  query: string;
  relevant: Grades;
}

export interface Score {
  queries: number;
  /** Mean nDCG@10 (gain 2^grade − 1, log2 discount, ideal over every judged paper). */
  ndcg10: number;
  /** Share of queries with a grade-2 paper in the top 3. */
  success3: number;
}

export type ScoreByRanker = Record<Ranker, Score>;

export interface QueryRow {
  id: string;
  kind: QueryKind;
  query: string;
  /** The grade-2 papers. */
  wanted: string[];
  ndcg10: Record<Ranker, number>;
  /** Top results as `id:grade`, so a reader sees at once what came instead. */
  top: Record<Ranker, string[]>;
}

export interface RelevanceResult {
  /** Where the lexical and fused rankings and the topics ran. */
  dialect: Store['dialect'];
  now: string;
  papers: number;
  /** The keyword and broad-topic queries run as saved topics: precision and recall per score threshold. */
  topics: TopicThresholdResult;
  queries: number;
  k: number;
  successK: number;
  overall: ScoreByRanker;
  byKind: Record<QueryKind, ScoreByRanker>;
  /** Queries searchPapers refused with a QueryError (scored as an empty result), per ranker. */
  queryErrors: Record<Ranker, string[]>;
  /** The WORST_KEPT queries with the lowest fused nDCG@10 (ties: lexical, then order in the file). */
  worst: QueryRow[];
  /** Queries with no grade-2 paper in the fused top 3, and those where fused falls below bm25 (by > 0.05). */
  misses: string[];
  belowBaseline: string[];
  seconds: number;
}

function isGrades(value: unknown): value is Grades {
  return (
    typeof value === 'object' && value !== null && Object.values(value).every((g) => g === 1 || g === 2) && Object.values(value).includes(2)
  );
}

export function loadGradedQueries(path = GRADED_QUERIES_PATH): GradedQuery[] {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { queries?: unknown };
  if (!Array.isArray(parsed.queries)) throw new Error(`${path}: expected { "queries": [...] }`);
  const ids = new Set<string>();
  return parsed.queries.map((raw: unknown, i) => {
    const q = raw as Partial<GradedQuery>;
    const ok =
      typeof q.id === 'string' &&
      typeof q.query === 'string' &&
      (QUERY_KINDS as readonly unknown[]).includes(q.kind) &&
      isGrades(q.relevant);
    if (!ok) throw new Error(`${path}: query #${i} is malformed (needs id, kind, query, relevant with a grade 2)`);
    if (ids.has(q.id as string)) throw new Error(`${path}: duplicate query id ${q.id as string}`);
    ids.add(q.id as string);
    return q as GradedQuery;
  });
}

/** The baseline: a separate FTS5 table over title + abstract, queried with the word pieces ORed. */
function bm25Baseline(store: Store): (query: string) => string[] {
  sqliteOf(store).exec(`CREATE VIRTUAL TABLE temp.relevance_bm25 USING fts5(
    id UNINDEXED, title, abstract, tokenize = 'porter unicode61')`);
  sqliteOf(store).exec('INSERT INTO temp.relevance_bm25 (id, title, abstract) SELECT id, title, abstract FROM papers');
  const select = sqliteOf(store).prepare<[string, number], { id: string }>(
    'SELECT id FROM temp.relevance_bm25 WHERE relevance_bm25 MATCH ? ORDER BY bm25(relevance_bm25) LIMIT ?',
  );
  return (query) => {
    const pieces = query.match(/[\p{L}\p{N}]+/gu) ?? [];
    if (pieces.length === 0) return [];
    return select.all(pieces.map((p) => `"${p}"`).join(' OR '), K).map((r) => r.id);
  };
}

async function searchIds(store: Store, query: string, ranking: 'lexical' | 'fused', now: Date): Promise<string[] | null> {
  try {
    const response = await searchPapers(store, query, { limit: K, ranking, now });
    return response.hits.map((h) => h.paper.id);
  } catch (error) {
    if (error instanceof QueryError) return null;
    throw error;
  }
}

function score(rows: readonly { ndcg: number; success: number }[]): Score {
  return {
    queries: rows.length,
    ndcg10: mean(rows.map((r) => r.ndcg)),
    success3: mean(rows.map((r) => r.success)),
  };
}

/** A fresh migrated store, and how to be rid of it. */
export interface RankedStore {
  store: Store;
  cleanup(): Promise<void>;
}

export interface RelevanceOptions {
  now?: Date;
  queriesPath?: string;
  seedPath?: string;
  /** The store the rankings and topics run on; default a fresh SQLite file beside the baseline's. */
  rankedOn?: () => Promise<RankedStore>;
}

async function seeded(store: Store, seedPath: string, now: Date): Promise<void> {
  const [report] = await importFiles(store, [seedPath], now);
  if (report === undefined || report.error !== null) throw new Error(`importing ${seedPath}: ${report?.error ?? 'no report'}`);
}

/** Builds a fresh temporary store from the seed papers, ranks every graded query three ways and scores them. */
export async function runRelevanceBench(options: RelevanceOptions = {}): Promise<RelevanceResult> {
  const started = performance.now();
  const now = options.now ?? RELEVANCE_NOW;
  const queries = loadGradedQueries(options.queriesPath);
  const dir = mkdtempSync(join(tmpdir(), 'papers-relevance-'));
  const sqlite = openStore(join(dir, 'papers.db'));
  const seedPath = options.seedPath ?? SEED_PAPERS_PATH;
  let ranked: RankedStore | null = null;
  try {
    await migrateToLatest(sqlite);
    await seeded(sqlite, seedPath, now);
    const bm25 = bm25Baseline(sqlite);
    ranked = options.rankedOn === undefined ? null : await options.rankedOn();
    const store = ranked?.store ?? sqlite;
    if (ranked !== null) await seeded(store, seedPath, now);
    const papers = Number(
      (
        await store.db
          .selectFrom('papers')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );

    const queryErrors: Record<Ranker, string[]> = { bm25: [], lexical: [], fused: [] };
    const rows: (QueryRow & { success: Record<Ranker, number> })[] = [];
    for (const q of queries) {
      const ranked: Record<Ranker, string[]> = { bm25: bm25(q.query), lexical: [], fused: [] };
      for (const ranking of ['lexical', 'fused'] as const) {
        const ids = await searchIds(store, q.query, ranking, now);
        if (ids === null) queryErrors[ranking].push(q.id);
        ranked[ranking] = ids ?? [];
      }
      const per = <T>(f: (ids: string[]) => T): Record<Ranker, T> => ({
        bm25: f(ranked.bm25),
        lexical: f(ranked.lexical),
        fused: f(ranked.fused),
      });
      rows.push({
        id: q.id,
        kind: q.kind,
        query: q.query,
        wanted: Object.keys(q.relevant).filter((id) => q.relevant[id] === 2),
        ndcg10: per((ids) => ndcgAt(ids, q.relevant, K)),
        success: per((ids) => successAt(ids, q.relevant, SUCCESS_K)),
        top: per((ids) => ids.slice(0, 5).map((id) => `${id}:${q.relevant[id] ?? 0}`)),
      });
    }

    const scoreOf = (subset: typeof rows): ScoreByRanker => {
      const by = (ranker: Ranker): Score => score(subset.map((r) => ({ ndcg: r.ndcg10[ranker], success: r.success[ranker] })));
      return { bm25: by('bm25'), lexical: by('lexical'), fused: by('fused') };
    };
    const byKind = Object.fromEntries(QUERY_KINDS.map((kind) => [kind, scoreOf(rows.filter((r) => r.kind === kind))])) as Record<
      QueryKind,
      ScoreByRanker
    >;
    const worst = rows
      .map((row, order) => ({ row, order }))
      .sort((a, b) => a.row.ndcg10.fused - b.row.ndcg10.fused || a.row.ndcg10.lexical - b.row.ndcg10.lexical || a.order - b.order)
      .slice(0, WORST_KEPT)
      .map(({ row }) => ({
        id: row.id,
        kind: row.kind,
        query: row.query,
        wanted: row.wanted,
        ndcg10: row.ndcg10,
        top: row.top,
      }));
    const topics = await evaluateTopicThresholds(store, queries);
    return {
      dialect: store.dialect,
      now: now.toISOString(),
      papers,
      topics,
      queries: rows.length,
      k: K,
      successK: SUCCESS_K,
      overall: scoreOf(rows),
      byKind,
      queryErrors,
      worst,
      misses: rows.filter((r) => r.success.fused === 0).map((r) => `${r.id} "${r.query}" top ${r.top.fused.slice(0, 3).join(' ')}`),
      belowBaseline: rows
        .filter((r) => r.ndcg10.fused < r.ndcg10.bm25 - 0.05)
        .map((r) => `${r.id} "${r.query}" fused ${f3(r.ndcg10.fused)} bm25 ${f3(r.ndcg10.bm25)}`),
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
  } finally {
    await ranked?.cleanup();
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const f3 = (n: number): string => n.toFixed(3);

/** The table: kinds and overall as rows, nDCG@10 and success@3 per ranker side by side; then the worst queries. */
export function printRelevance(result: RelevanceResult, log: (line: string) => void): void {
  const on = result.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite';
  log(`\nrelevance on ${on}: ${result.queries} graded queries over ${result.papers} papers (now ${result.now}, ${result.seconds} s)`);
  const head = ['kind', 'n', ...RANKERS.flatMap((r) => [`${r} nDCG@${result.k}`, `${r} S@${result.successK}`])];
  const line = (kind: string, s: ScoreByRanker): string[] => [
    kind,
    String(s.bm25.queries),
    ...RANKERS.flatMap((r) => [f3(s[r].ndcg10), f3(s[r].success3)]),
  ];
  const table = [head, ...QUERY_KINDS.map((kind) => line(kind, result.byKind[kind])), line('overall', result.overall)];
  const widths = head.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
  for (const row of table) {
    log(`  ${row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')}`);
  }
  const t = result.topics;
  log(`  topics (${t.topics} keyword and broad queries as saved topics; wanted = grade 1 or 2):`);
  log(
    `    as typed (before)  precision ${f3(t.asTyped.precision)}  recall ${f3(t.asTyped.recall)}  F0.5 ${f3(t.asTyped.f05)}  kept/topic ${t.asTyped.kept}`,
  );
  for (const row of t.rows) {
    const mark = row.threshold === t.inUse ? '  <- in use' : row.threshold === t.best ? '  <- best F0.5' : '';
    log(
      `    score >= ${row.threshold.toFixed(2)}      precision ${f3(row.precision)}  recall ${f3(row.recall)}  F0.5 ${f3(row.f05)}  kept/topic ${row.kept}${mark}`,
    );
  }
  const errors = RANKERS.filter((r) => result.queryErrors[r].length > 0);
  for (const r of errors) log(`  ${r}: QueryError (scored empty) for ${result.queryErrors[r].join(', ')}`);
  log(`  no grade-2 paper in the fused top ${result.successK}: ${result.misses.length}`);
  for (const m of result.misses) log(`    ${m}`);
  log(`  fused below bm25 by more than 0.05: ${result.belowBaseline.length}`);
  for (const b of result.belowBaseline) log(`    ${b}`);
  log(`  worst ${result.worst.length} by fused nDCG@${result.k} (top results as id:grade; wanted = grade-2 papers):`);
  for (const w of result.worst) {
    log(
      `    ${w.id} "${w.query}"  fused ${f3(w.ndcg10.fused)} lexical ${f3(w.ndcg10.lexical)} bm25 ${f3(w.ndcg10.bm25)}` +
        `\n      wanted ${w.wanted.join(' ')}\n      fused top ${w.top.fused.slice(0, 3).join(' ') || '(none)'}`,
    );
  }
}

/** One line per kind: nDCG@10 of lexical and fused on each database, and how far apart they are. */
export function printRelevanceSideBySide(sqlite: RelevanceResult, postgres: RelevanceResult, log: (line: string) => void): void {
  log(`\nrelevance side by side (nDCG@${sqlite.k}, lexical / fused):`);
  const line = (kind: string, a: ScoreByRanker, b: ScoreByRanker) =>
    log(
      `  ${kind.padEnd(8)}  SQLite ${f3(a.lexical.ndcg10)} / ${f3(a.fused.ndcg10)}   PostgreSQL ${f3(b.lexical.ndcg10)} / ${f3(b.fused.ndcg10)}` +
        `   difference ${f3(b.lexical.ndcg10 - a.lexical.ndcg10)} / ${f3(b.fused.ndcg10 - a.fused.ndcg10)}`,
    );
  for (const kind of QUERY_KINDS) line(kind, sqlite.byKind[kind], postgres.byKind[kind]);
  line('overall', sqlite.overall, postgres.overall);
  const [a, b] = [sqlite.topics, postgres.topics];
  log(
    `  topics at ${a.inUse}: SQLite F0.5 ${f3(a.rows.find((r) => r.threshold === a.inUse)?.f05 ?? 0)}, PostgreSQL F0.5 ${f3(b.rows.find((r) => r.threshold === b.inUse)?.f05 ?? 0)}`,
  );
}
