// Turns raw measurements into the per-size result (written to results.json) and the table printed to stdout.
import type { ImportResult, StorageResult } from './import-corpus.js';
import { latencyStats, type LatencyStats } from './latency-stats.js';
import { QUERY_CLASSES } from './query-mix.js';
import type { LikeMeasurement, QueryMeasurement } from './search-latency.js';

export const TARGETS = { importPapersPerSecond: 20_000, searchP50Ms: 5, searchP99Ms: 30 };

export interface SizeResult {
  size: number;
  import: ImportResult;
  storage: StorageResult;
  search: {
    queries: number;
    repeats: number;
    overall: LatencyStats;
    byClass: Record<string, LatencyStats>;
    errors: { class: string; query: string; error: string }[];
    perQuery: { class: string; query: string; hits: number | null; p50: number; max: number; runs: number }[];
  };
  like: {
    queries: number;
    overall: LatencyStats;
    byClass: Record<string, LatencyStats>;
    /** FTS p50 over the same queries the LIKE baseline ran, so the ratio compares like with like. */
    ftsP50SameQueries: number;
    p50Ratio: number | null;
    p50RatioByClass: Record<string, number | null>;
    perQuery: { class: string; query: string; rows: number; ms: number }[];
  };
  targetsMet: { importPapersPerSecond: boolean; searchP50: boolean; searchP99: boolean };
}

const ratio = (like: number, fts: number): number | null => (fts > 0 ? Math.round((like / fts) * 10) / 10 : null);

export function summarize(
  size: number,
  imported: ImportResult,
  storage: StorageResult,
  search: QueryMeasurement[],
  like: LikeMeasurement[],
  repeats: number,
): SizeResult {
  const samplesOf = (ms: QueryMeasurement[]): number[] => ms.flatMap((m) => m.samples);
  const byClass: Record<string, LatencyStats> = {};
  const likeByClass: Record<string, LatencyStats> = {};
  const ratioByClass: Record<string, number | null> = {};
  const likeTexts = new Set(like.map((l) => l.query.text));
  for (const cls of QUERY_CLASSES) {
    const ms = search.filter((m) => m.query.cls === cls);
    if (ms.length > 0) byClass[cls] = latencyStats(samplesOf(ms));
    const ls = like.filter((l) => l.query.cls === cls);
    if (ls.length === 0) continue;
    const likeStats = latencyStats(ls.map((l) => l.ms));
    likeByClass[cls] = likeStats;
    const same = latencyStats(samplesOf(ms.filter((m) => likeTexts.has(m.query.text))));
    ratioByClass[cls] = same.count === 0 ? null : ratio(likeStats.p50, same.p50);
  }
  const overall = latencyStats(samplesOf(search));
  const likeOverall = latencyStats(like.map((l) => l.ms));
  const ftsSame = latencyStats(samplesOf(search.filter((m) => likeTexts.has(m.query.text))));
  return {
    size,
    import: imported,
    storage,
    search: {
      queries: search.length,
      repeats,
      overall,
      byClass,
      errors: search.flatMap((m) => (m.error === null ? [] : [{ class: m.query.cls, query: m.query.text, error: m.error }])),
      perQuery: search.map((m) => {
        const s = latencyStats(m.samples);
        return { class: m.query.cls, query: m.query.text, hits: m.hits, p50: s.p50, max: s.max, runs: s.count };
      }),
    },
    like: {
      queries: like.length,
      overall: likeOverall,
      byClass: likeByClass,
      ftsP50SameQueries: ftsSame.p50,
      p50Ratio: ftsSame.count === 0 ? null : ratio(likeOverall.p50, ftsSame.p50),
      p50RatioByClass: ratioByClass,
      perQuery: like.map((l) => ({ class: l.query.cls, query: l.query.text, rows: l.rows, ms: Math.round(l.ms * 10) / 10 })),
    },
    targetsMet: {
      importPapersPerSecond: imported.papersPerSecond >= TARGETS.importPapersPerSecond,
      searchP50: overall.count > 0 && overall.p50 <= TARGETS.searchP50Ms,
      searchP99: overall.count > 0 && overall.p99 <= TARGETS.searchP99Ms,
    },
  };
}

const n = (v: number): string => v.toLocaleString('en-US');
const ms = (v: number | undefined): string => (v === undefined ? '-' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const met = (ok: boolean): string => (ok ? 'met' : 'MISSED');

export function printSize(r: SizeResult, log: (line: string) => void): void {
  const { import: imp, storage: st, search, like } = r;
  log(`\n== ${n(r.size)} papers ==`);
  log(
    `import   ${n(imp.papers)} papers (${n(imp.inputs)} inputs) in ${imp.importSeconds} s ` +
      `(upsertPapers ${imp.upsertSeconds} s + vocabulary refresh ${imp.vocabularyRefreshSeconds} s) = ` +
      `${n(imp.papersPerSecond)} papers/s [target ≥ ${n(TARGETS.importPapersPerSecond)}: ${met(r.targetsMet.importPapersPerSecond)}]` +
      ` (wall ${imp.wallSeconds} s with the generator, peak RSS ${Math.round(imp.peakRssBytes / 2 ** 20)} MiB)`,
  );
  const parts =
    st.bytesPerPaperByPart === null
      ? ''
      : ` (${Object.entries(st.bytesPerPaperByPart)
          .map(([k, v]) => `${k} ${n(v)}`)
          .join(', ')})`;
  log(`storage  ${(st.dbBytes / 2 ** 20).toFixed(1)} MiB = ${n(st.bytesPerPaper)} bytes/paper${parts}`);
  log(`search   ${search.queries} queries × ${search.repeats} rounds after 1 warm-up; LIKE baseline: ${like.queries} queries once each`);
  log(
    `${'class'.padEnd(10)} ${'n'.padStart(3)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}   ${'LIKE n'.padStart(6)} ${'LIKE p50'.padStart(9)} ${'ratio'.padStart(7)}`,
  );
  const row = (
    name: string,
    count: number,
    s: LatencyStats | undefined,
    l: LatencyStats | undefined,
    rt: number | null | undefined,
  ): void =>
    log(
      `${name.padEnd(10)} ${String(count).padStart(3)} ${ms(s?.p50).padStart(7)} ${ms(s?.p95).padStart(7)} ${ms(s?.p99).padStart(7)} ` +
        `${ms(s?.max).padStart(7)}   ${String(l?.count ?? 0).padStart(6)} ${ms(l?.p50).padStart(9)} ${(rt == null ? '-' : `${rt}×`).padStart(7)}`,
    );
  for (const cls of QUERY_CLASSES) {
    row(cls, search.perQuery.filter((q) => q.class === cls).length, search.byClass[cls], like.byClass[cls], like.p50RatioByClass[cls]);
  }
  row('overall', search.queries, search.overall, like.overall, like.p50Ratio);
  log(
    `targets  p50 ≤ ${TARGETS.searchP50Ms} ms: ${met(r.targetsMet.searchP50)} (${ms(search.overall.p50)}), ` +
      `p99 ≤ ${TARGETS.searchP99Ms} ms: ${met(r.targetsMet.searchP99)} (${ms(search.overall.p99)}); all latencies in ms`,
  );
  const slowest = [...search.perQuery].sort((a, b) => b.p50 - a.p50).slice(0, 8);
  log(`slowest  ${slowest.map((q) => `${q.query} [${q.class}] ${ms(q.p50)}`).join(' | ')}`);
  const zeroHit = search.perQuery.filter((q) => q.hits === 0).map((q) => q.query);
  if (zeroHit.length > 0) log(`no hits  ${zeroHit.join(' | ')}`);
  for (const e of search.errors) log(`ERROR    ${e.query} [${e.class}]: ${e.error}`);
}
