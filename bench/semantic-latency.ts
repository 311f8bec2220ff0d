// The search phase with the semantic layer on: the store's model is fitted (in the worker thread, as the bot does
// after an ingest) and its index loaded, then the same query mix runs through the fused ranking, and
// `/papers similar` runs on papers drawn from the store. Reports refit and load times, the index's memory and
// the process RSS, and latency percentiles.
import { findSimilar } from '../src/app/search/similar.js';
import { refreshSemantic, semanticIndexOf } from '../src/app/semantic/semantic-search.js';
import { indexBytes } from '../src/core/semantic/semantic-index.js';
import { type Store, sqliteOf } from '../src/store/database.js';
import { CORPUS_NOW } from './corpus-generator.js';
import { latencyStats, type LatencyStats } from './latency-stats.js';
import { mulberry32 } from './prng.js';
import type { BenchQuery } from './query-mix.js';
import { measureSearch } from './search-latency.js';

export interface SemanticLatencyResult {
  /** Fitting the model (worker thread) and folding every paper in, or 0 when the store already had a model. */
  refitSeconds: number;
  refitted: boolean;
  indexLoadSeconds: number;
  indexBytes: number;
  /** This process's RSS after the queries: the bench holds what the bot would, plus the bench's own data. */
  rssBytes: number;
  fused: LatencyStats;
  fusedErrors: number;
  similar: LatencyStats;
  similarPapers: number;
}

const SIMILAR_PAPERS = 300;
const now = new Date(CORPUS_NOW);

export async function measureSemanticSearch(
  store: Store,
  queries: readonly BenchQuery[],
  repeats: number,
  seed: number,
  log: (line: string) => void,
): Promise<SemanticLatencyResult> {
  log('fitting the semantic model (worker thread) and folding papers in…');
  let t = performance.now();
  const refresh = await refreshSemantic(store, { waitForRefit: true });
  const refitSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const index = await semanticIndexOf(store);
  const indexLoadSeconds = (performance.now() - t) / 1000;
  if (index === null) throw new Error('no semantic model after the refit');
  log(`  refit ${refitSeconds.toFixed(1)} s, index load ${indexLoadSeconds.toFixed(2)} s, ${(indexBytes(index) / 2 ** 20).toFixed(0)} MB`);

  log(`measuring ${queries.length} queries, fused…`);
  const fused = await measureSearch(store, queries, repeats, 'fused');

  const { lo, hi } = sqliteOf(store).prepare('SELECT min(doc_id) AS lo, max(doc_id) AS hi FROM papers').get() as { lo: number; hi: number };
  const pick = sqliteOf(store).prepare<[number], { id: string }>('SELECT id FROM papers WHERE doc_id >= ? ORDER BY doc_id LIMIT 1');
  const random = mulberry32(seed);
  const ids = Array.from({ length: SIMILAR_PAPERS }, () => pick.get(lo + Math.floor(random() * (hi - lo)))?.id).filter(
    (id): id is string => id !== undefined,
  );
  log(`measuring /papers similar on ${ids.length} papers…`);
  for (const id of ids.slice(0, 20)) await findSimilar(store, id, { limit: 10, now });
  const similarMs: number[] = [];
  for (const id of ids) {
    const start = performance.now();
    await findSimilar(store, id, { limit: 10, now });
    similarMs.push(performance.now() - start);
  }
  return {
    refitSeconds: Math.round(refitSeconds * 10) / 10,
    refitted: refresh.refitted,
    indexLoadSeconds: Math.round(indexLoadSeconds * 100) / 100,
    indexBytes: indexBytes(index),
    rssBytes: process.memoryUsage().rss,
    fused: latencyStats(fused.flatMap((m) => m.samples)),
    fusedErrors: fused.filter((m) => m.error !== null).length,
    similar: latencyStats(similarMs),
    similarPapers: ids.length,
  };
}

export function printSemanticSearch(result: SemanticLatencyResult, log: (line: string) => void): void {
  const row = (name: string, s: LatencyStats) =>
    `  ${name.padEnd(22)} n ${String(s.count).padStart(5)}  p50 ${s.p50.toFixed(2).padStart(7)}  p95 ${s.p95.toFixed(2).padStart(7)}  p99 ${s.p99.toFixed(2).padStart(7)}  max ${s.max.toFixed(1).padStart(7)}`;
  log(
    `semantic refit ${result.refitSeconds} s${result.refitted ? '' : ' (model already there)'}, index load ${result.indexLoadSeconds} s, ` +
      `index ${(result.indexBytes / 2 ** 20).toFixed(0)} MB, process RSS ${(result.rssBytes / 2 ** 20).toFixed(0)} MB`,
  );
  log(row('search, fused (ms)', result.fused));
  log(row('/papers similar (ms)', result.similar));
}
