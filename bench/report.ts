// Turns raw measurements into the per-size result (written to results.json) and the table printed to stdout.
import type { DigestResult } from './digest-bench.js';
import type { DiscordResult } from './discord-bench.js';
import type { SlackModeResult, SlackResult } from './slack-bench.js';
import type { FanoutPlatformResult, FanoutResult } from './fanout-bench.js';
import { printDigest } from './digest-report.js';
import type { ImportResult, StorageResult } from './import-corpus.js';
import { latencyStats, type LatencyStats } from './latency-stats.js';
import { QUERY_CLASSES } from './query-mix.js';
import type { LikeMeasurement, QueryMeasurement } from './search-latency.js';
import type { SemanticLatencyResult } from './semantic-latency.js';

/** Digest: all due digests built (and, separately, the whole scheduler tick) for 10,000 targets × 5 topics. */
export const TARGETS = {
  importPapersPerSecond: 20_000,
  searchP50Ms: 5,
  searchP99Ms: 30,
  /** With the semantic layer on (fused ranking), and /papers similar, at 1M papers. */
  fusedSearchP50Ms: 8,
  fusedSearchP99Ms: 40,
  similarP99Ms: 60,
  digestTotalSeconds: 5,
  digestTargets: 10_000,
  /** /papers search through the Discord double, dispatch to REST answer. */
  discordSearchP99Ms: 100,
  /** The bot process after connecting to a double announcing this many guilds. */
  discordGuilds: 1000,
  discordRssBytes: 200 * 1024 * 1024,
  /** /papers search through the Slack double, request to response (Socket Mode and HTTP). */
  slackSearchP99Ms: 100,
};

export interface SearchSummary {
  queries: number;
  repeats: number;
  overall: LatencyStats;
  byClass: Record<string, LatencyStats>;
  errors: { class: string; query: string; error: string }[];
  perQuery: { class: string; query: string; hits: number | null; p50: number; max: number; runs: number }[];
}

export interface LikeSummary {
  queries: number;
  overall: LatencyStats;
  byClass: Record<string, LatencyStats>;
  /** FTS p50 over the same queries the LIKE baseline ran, so the ratio compares like with like. */
  ftsP50SameQueries: number;
  p50Ratio: number | null;
  p50RatioByClass: Record<string, number | null>;
  perQuery: { class: string; query: string; rows: number; ms: number }[];
}

/** A phase left out (`--only`, or `--reuse` without an import) is null, and so is its target. */
export interface SizeResult {
  size: number;
  import: ImportResult | null;
  storage: StorageResult | null;
  search: SearchSummary | null;
  like: LikeSummary | null;
  digest: DigestResult | null;
  discord: DiscordResult | null;
  slack: SlackResult | null;
  /** Search with the semantic layer on, and /papers similar (bench/semantic-latency.ts). */
  semantic: SemanticLatencyResult | null;
  targetsMet: {
    importPapersPerSecond: boolean | null;
    searchP50: boolean | null;
    searchP99: boolean | null;
    /** Building every due digest with one collector, reads included. */
    digestBuild: boolean | null;
    /** The whole runDigestTick over the same targets (ledger writes included). */
    digestTick: boolean | null;
    discordSearchP99: boolean | null;
    discordRss: boolean | null;
    slackSearchP99: boolean | null;
    fusedSearchP50: boolean | null;
    fusedSearchP99: boolean | null;
    similarP99: boolean | null;
  };
}

export interface Measurements {
  imported: ImportResult | null;
  storage: StorageResult | null;
  search: { measurements: QueryMeasurement[]; like: LikeMeasurement[]; repeats: number } | null;
  digest: DigestResult | null;
  discord: DiscordResult | null;
  slack: SlackResult | null;
  semantic: SemanticLatencyResult | null;
}

const ratio = (like: number, fts: number): number | null => (fts > 0 ? Math.round((like / fts) * 10) / 10 : null);

/** Also used by the PostgreSQL phase (postgres-bench.ts), with no LIKE measurements. */
export function summarizeSearch(
  search: QueryMeasurement[],
  like: LikeMeasurement[],
  repeats: number,
): { search: SearchSummary; like: LikeSummary } {
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
  };
}

export function summarize(size: number, measured: Measurements): SizeResult {
  const { imported, storage, digest, discord, slack, semantic } = measured;
  const summary =
    measured.search === null ? null : summarizeSearch(measured.search.measurements, measured.search.like, measured.search.repeats);
  const overall = summary?.search.overall;
  // The digest target is for 10,000 targets: a smoke run with fewer says nothing about it.
  const withinDigestTarget = (seconds: number | undefined): boolean | null =>
    seconds === undefined || digest?.audience.targets !== TARGETS.digestTargets ? null : seconds <= TARGETS.digestTotalSeconds;
  return {
    size,
    import: imported,
    storage,
    search: summary?.search ?? null,
    like: summary?.like ?? null,
    digest,
    discord,
    slack,
    semantic,
    targetsMet: {
      importPapersPerSecond: imported === null ? null : imported.papersPerSecond >= TARGETS.importPapersPerSecond,
      searchP50: overall === undefined ? null : overall.count > 0 && overall.p50 <= TARGETS.searchP50Ms,
      searchP99: overall === undefined ? null : overall.count > 0 && overall.p99 <= TARGETS.searchP99Ms,
      digestBuild: withinDigestTarget(digest?.build.totalSeconds),
      digestTick: withinDigestTarget(digest?.tick.totalSeconds),
      discordSearchP99: discord === null ? null : discord.search.latency.p99 <= TARGETS.discordSearchP99Ms,
      discordRss: discord === null ? null : discord.memory.rssBytes <= TARGETS.discordRssBytes,
      slackSearchP99: slack === null ? null : Math.max(slack.socket.latency.p99, slack.http.latency.p99) <= TARGETS.slackSearchP99Ms,
      fusedSearchP50: semantic === null ? null : semantic.fused.p50 <= TARGETS.fusedSearchP50Ms,
      fusedSearchP99: semantic === null ? null : semantic.fused.p99 <= TARGETS.fusedSearchP99Ms,
      similarP99: semantic === null ? null : semantic.similar.p99 <= TARGETS.similarP99Ms,
    },
  };
}

const n = (v: number): string => v.toLocaleString('en-US');
const ms = (v: number | undefined): string => (v === undefined ? '-' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const met = (ok: boolean): string => (ok ? 'met' : 'MISSED');

function printSearch(search: SearchSummary, like: LikeSummary, targetsMet: SizeResult['targetsMet'], log: (line: string) => void): void {
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
    `targets  p50 ≤ ${TARGETS.searchP50Ms} ms: ${met(targetsMet.searchP50 === true)} (${ms(search.overall.p50)}), ` +
      `p99 ≤ ${TARGETS.searchP99Ms} ms: ${met(targetsMet.searchP99 === true)} (${ms(search.overall.p99)}); all latencies in ms`,
  );
  const slowest = [...search.perQuery].sort((a, b) => b.p50 - a.p50).slice(0, 8);
  log(`slowest  ${slowest.map((q) => `${q.query} [${q.class}] ${ms(q.p50)}`).join(' | ')}`);
  const zeroHit = search.perQuery.filter((q) => q.hits === 0).map((q) => q.query);
  if (zeroHit.length > 0) log(`no hits  ${zeroHit.join(' | ')}`);
  for (const e of search.errors) log(`ERROR    ${e.query} [${e.class}]: ${e.error}`);
}

export function printSize(r: SizeResult, log: (line: string) => void): void {
  const { import: imp, storage: st } = r;
  log(`\n== ${n(r.size)} papers ==`);
  if (imp !== null) {
    log(
      `import   ${n(imp.papers)} papers (${n(imp.inputs)} inputs) in ${imp.importSeconds} s ` +
        `(upsertPapers ${imp.upsertSeconds} s + vocabulary refresh ${imp.vocabularyRefreshSeconds} s) = ` +
        `${n(imp.papersPerSecond)} papers/s [target ≥ ${n(TARGETS.importPapersPerSecond)}: ${met(r.targetsMet.importPapersPerSecond === true)}]` +
        ` (wall ${imp.wallSeconds} s with the generator, peak RSS ${Math.round(imp.peakRssBytes / 2 ** 20)} MiB)`,
    );
  }
  if (st !== null) {
    const parts =
      st.bytesPerPaperByPart === null
        ? ''
        : ` (${Object.entries(st.bytesPerPaperByPart)
            .map(([k, v]) => `${k} ${n(v)}`)
            .join(', ')})`;
    log(`storage  ${(st.dbBytes / 2 ** 20).toFixed(1)} MiB = ${n(st.bytesPerPaper)} bytes/paper${parts}`);
  }
  if (r.search !== null && r.like !== null) printSearch(r.search, r.like, r.targetsMet, log);
  if (r.digest !== null) printDigest(r.digest, { totalSeconds: TARGETS.digestTotalSeconds, targets: TARGETS.digestTargets }, log);
  if (r.discord !== null) {
    const { search, memory } = r.discord;
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    log(
      `discord  /papers search via the double, dispatch to REST answer: ${search.interactions} interactions, p50 ${search.latency.p50.toFixed(2)} ms, ` +
        `p95 ${search.latency.p95.toFixed(2)}, p99 ${search.latency.p99.toFixed(2)}, max ${search.latency.max.toFixed(2)} ` +
        `[target p99 ≤ ${TARGETS.discordSearchP99Ms} ms: ${met(search.latency.p99 <= TARGETS.discordSearchP99Ms)}]; deferred ${search.deferred}, errors ${search.errors}`,
    );
    log(
      `         bot process RSS after ${memory.guilds.toLocaleString('en-US')} guilds × ${memory.channelsPerGuild} channels: ${(memory.rssBytes / 1048576).toFixed(1)} MiB ` +
        `[target ≤ ${TARGETS.discordRssBytes / 1048576} MiB: ${met(memory.rssBytes <= TARGETS.discordRssBytes)}] (connected and answering in ${memory.connectSeconds} s)`,
    );
  }
  if (r.slack !== null) {
    const line = (name: string, mode: SlackModeResult) =>
      log(
        `slack    /papers search ${name}: ${mode.commands} commands, p50 ${mode.latency.p50.toFixed(2)} ms, p95 ${mode.latency.p95.toFixed(2)}, ` +
          `p99 ${mode.latency.p99.toFixed(2)}, max ${mode.latency.max.toFixed(2)} ` +
          `[target p99 ≤ ${TARGETS.slackSearchP99Ms} ms: ${met(mode.latency.p99 <= TARGETS.slackSearchP99Ms)}]; answered late ${mode.late}, errors ${mode.errors}`,
      );
    line('over Socket Mode, envelope to ack with the answer', r.slack.socket);
    line('over HTTP, signed request to response', r.slack.http);
  }
}

export function printFanout(f: FanoutResult, log: (line: string) => void): void {
  const line = (name: string, r: FanoutPlatformResult, target: string) =>
    log(
      `fanout   ${name}: ${r.posts.toLocaleString('en-US')} posts to ${r.channels.toLocaleString('en-US')} channels in ${r.seconds} s = ` +
        `${r.postsPerSecond}/s of a ${r.ceilingPerSecond}/s ceiling (${(r.fractionOfCeiling * 100).toFixed(1)}%) ${target}; ` +
        `429s ${r.rateLimited}, after the first second ${r.rateLimitedAfterFirstSecond}`,
    );
  log(`\n== fan-out (sends at once: Discord ${f.concurrency.discord}, Slack ${f.concurrency.slack}) ==`);
  line('discord', f.discord, `[target ≥ 90%: ${met(f.discord.fractionOfCeiling >= 0.9)}]`);
  line('slack  ', f.slack, `[target ≥ 90%: ${met(f.slack.fractionOfCeiling >= 0.9)}]`);
}
