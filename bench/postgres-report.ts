// The PostgreSQL phase's one table: a row per figure, SQLite and PostgreSQL side by side.
import type { LatencyStats } from './latency-stats.js';
import type { PostgresSideBySide, StoreSide } from './postgres-bench.js';
import { QUERY_CLASSES } from './query-mix.js';
import { TARGETS } from './report.js';

const n = (v: number): string => v.toLocaleString('en-US');
const ms = (v: number): string => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const latency = (s: LatencyStats | undefined): string => (s === undefined || s.count === 0 ? '-' : `${ms(s.p50)} / ${ms(s.p99)} ms`);

function importCell(side: StoreSide): string {
  const i = side.import;
  return i === null ? 'reused' : `${i.importSeconds} s (${n(i.papersPerSecond)}/s)`;
}

function claimCell(side: StoreSide, claimers: number): string {
  const c = side.digest.claims.find((x) => x.claimers === claimers);
  if (c === undefined) return '-';
  const twice = c.claimedTwice === 0 ? 'none twice' : `${n(c.claimedTwice)} TWICE`;
  return `${n(c.targetsPerSecond)}/s (${n(c.claimed)} in ${c.seconds.toFixed(2)} s, ${twice})`;
}

function tickCell(side: StoreSide, processes: number): string {
  const t = side.digest.ticks.find((x) => x.processes === processes);
  if (t === undefined) return '-';
  const built = t.perProcess.length > 1 ? `${t.perProcess.map((p) => n(p.built)).join('+')} = ${n(t.built)}` : n(t.built);
  const errors = t.errors.length > 0 ? `; ${t.errors.length} ERRORS` : '';
  return `${t.wallSeconds} s, built ${built}, ledger ${n(t.deliveries)}${errors}`;
}

export function printPostgresSideBySide(r: PostgresSideBySide, log: (line: string) => void): void {
  const { sqlite: s, postgres: p } = r;
  const verdict = (seconds: number): string =>
    s.digest.audience.targets !== TARGETS.digestTargets ? '' : seconds <= TARGETS.digestTotalSeconds ? ' [≤ 5 s: met]' : ' [≤ 5 s: MISSED]';
  const rows: [string, string, string][] = [
    ['import (upsertPapers + vocabulary)', importCell(s), importCell(p)],
    ['storage per paper', `${n(Math.round(s.storageBytes / r.size))} B`, `${n(Math.round(p.storageBytes / r.size))} B`],
    [`search p50 / p99, all ${n(s.search.overall.count)} samples`, latency(s.search.overall), latency(p.search.overall)],
    ...QUERY_CLASSES.map((cls): [string, string, string] => [`  ${cls}`, latency(s.search.byClass[cls]), latency(p.search.byClass[cls])]),
    ['search errors', n(s.search.errors.length), n(p.search.errors.length)],
    [
      `digest build, 1 process (${n(s.digest.build.digests)})`,
      `${s.digest.build.totalSeconds} s${verdict(s.digest.build.totalSeconds)}`,
      `${p.digest.build.totalSeconds} s${verdict(p.digest.build.totalSeconds)}`,
    ],
    ['  per digest p50 / p99', latency(s.digest.build.perDigest), latency(p.digest.build.perDigest)],
    ['claims, 1 claimer, batches of 50', claimCell(s, 1), claimCell(p, 1)],
    ['claims, 4 claimers together', claimCell(s, 4), claimCell(p, 4)],
    ['runDigestTick, 1 process', tickCell(s, 1), tickCell(p, 1)],
    ['runDigestTick, 4 processes together', tickCell(s, 4), tickCell(p, 4)],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c as 0 | 1 | 2].length), 12));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  log(
    `\nPostgreSQL side by side: ${n(r.size)} papers, ${n(s.digest.audience.targets)} targets × ` +
      `${n(Math.round(s.digest.audience.subscriptions / Math.max(1, s.digest.audience.targets)))} topics`,
  );
  log(line(['', 'SQLite', `PostgreSQL ${r.postgresVersion}`]));
  for (const row of rows) log(line(row));
  log(
    `queries finding a different number of hits on the two stores: ${r.hitsDiffer.length}` +
      r.hitsDiffer
        .slice(0, 5)
        .map((d) => ` | ${d.query}: ${d.sqlite ?? 'error'} vs ${d.postgres ?? 'error'}`)
        .join(''),
  );
}
