// The digest phase's lines in the per-size table.
import type { DigestResult } from './digest-bench.js';

const n = (v: number): string => v.toLocaleString('en-US');
const ms = (v: number): string => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const pct = (share: number): string => `${Math.round(share * 100)}%`;
const range = (days: readonly string[]): string =>
  days.length <= 1 ? (days[0] ?? '-') : `${days[0] ?? ''}..${(days[days.length - 1] ?? '').slice(8)}`;

export function printDigest(d: DigestResult, target: { totalSeconds: number; targets: number }, log: (line: string) => void): void {
  const { audience: a, build: b, tick: t } = d;
  // The target is for a given number of targets; other runs are smoke runs.
  const verdict = (seconds: number): string =>
    a.targets !== target.targets
      ? `[target is for ${n(target.targets)} targets]`
      : `[target ≤ ${target.totalSeconds} s: ${seconds <= target.totalSeconds ? 'met' : 'MISSED'}]`;
  log(
    `digest   ${n(a.targets)} channel targets × ${n(Math.round(a.subscriptions / Math.max(1, a.targets)))} topics, all due ${d.scheduledFor}; ` +
      `created in ${a.setupSeconds} s (untimed)`,
  );
  log(
    `topics   pool ${n(a.pool)} (${Object.entries(a.poolByClass)
      .map(([cls, count]) => `${cls} ${count}`)
      .join(', ')}); followed: ${n(a.distinctQueries)} query strings = ${n(a.distinctTopics)} topics; ` +
      `most followed ${a.topTopicFollowers.topic} (${n(a.topTopicFollowers.targets)} targets)` +
      (a.invalidTopics.length > 0 ? `; INVALID: ${a.invalidTopics.join(' | ')}` : ''),
  );
  for (const w of d.windows) {
    log(
      `window   trending ${range(w.trendingDays)}, topics from ${w.topicsFrom}: ${n(w.targets)} targets, ${n(w.candidates)} candidate papers, ` +
        `first collect ${ms(w.firstCollectMs)} ms`,
    );
  }
  const other = Math.max(0, Math.round((b.totalSeconds - b.readSeconds - b.prepareSeconds - b.collectSeconds) * 100) / 100);
  log(
    `build    ${n(b.digests)} digests in ${b.totalSeconds} s ${verdict(b.totalSeconds)} = ` +
      `read targets+subscriptions ${b.readSeconds} s + prepare topic indexes ${b.prepareSeconds} s + collect ${b.collectSeconds} s + planning ${other} s`,
  );
  log(
    `         per digest p50 ${ms(b.perDigest.p50)} ms, p95 ${ms(b.perDigest.p95)}, p99 ${ms(b.perDigest.p99)}, max ${ms(b.perDigest.max)}, ` +
      `mean ${ms(b.perDigest.mean)}`,
  );
  log(
    `content  ${n(b.nonEmpty)} of ${n(b.digests)} non-empty; ${b.itemsPerDigest} papers per digest (trending ${b.trendingPerDigest} + ` +
      `topics ${b.topicItemsPerDigest}); ${pct(b.topicSectionsWithPapers)} of topic sections have papers`,
  );
  const r = t.report;
  log(
    `tick     runDigestTick, same targets, no-op messenger: ${t.totalSeconds} s ${verdict(t.totalSeconds)} = ` +
      `${ms(t.msPerTarget)} ms per target; sent ${n(r.sent)}, silent ${n(r.silent)}, ` +
      `skipped ${n(r.skipped)}, retrying ${n(r.retrying)}, failed ${n(r.failed)}; ledger ${n(t.deliveries)} deliveries, ` +
      `${n(t.deliveredPapers)} delivered papers`,
  );
}
