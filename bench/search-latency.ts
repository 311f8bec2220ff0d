// Phase 2 of the bench: latency of the query mix through searchPapers, and of a bounded subset through the
// naive LIKE baseline, on the store phase 1 filled.
import { searchPapers } from '../src/app/search/search.js';
import { type Store, sqliteOf } from '../src/store/database.js';
import { CORPUS_NOW } from './corpus-generator.js';
import { likeRunner } from './like-baseline.js';
import type { BenchQuery } from './query-mix.js';

export interface QueryMeasurement {
  query: BenchQuery;
  /** Hits on the warm-up run (at most the limit, 10). */
  hits: number | null;
  error: string | null;
  samples: number[];
}

export interface LikeMeasurement {
  query: BenchQuery;
  rows: number;
  ms: number;
}

/** A query slower than this on warm-up is measured once more instead of `repeats` times, to bound the run. */
const SLOW_WARMUP_MS = 1000;

const now = new Date(CORPUS_NOW);

async function timeSearch(store: Store, text: string, ranking: 'lexical' | 'fused'): Promise<{ ms: number; hits: number }> {
  const t = performance.now();
  const result = await searchPapers(store, text, { limit: 10, now, ranking });
  return { ms: performance.now() - t, hits: result.hits.length };
}

/**
 * `ranking` 'lexical' is the full-text ranking alone (the figures earlier benches reported); 'fused' adds the
 * semantic layer (bench/semantic-latency.ts measures it once the store has a model).
 *
 * One warm-up pass (fills caches, compiles statements, counts hits), then `repeats` rounds over the whole mix.
 * Rounds rather than back-to-back repeats, so one query's cache state does not flatter the next run of itself.
 */
export async function measureSearch(
  store: Store,
  queries: readonly BenchQuery[],
  repeats: number,
  ranking: 'lexical' | 'fused' = 'lexical',
): Promise<QueryMeasurement[]> {
  const results: QueryMeasurement[] = [];
  const warmupMs: number[] = [];
  for (const query of queries) {
    try {
      const { ms, hits } = await timeSearch(store, query.text, ranking);
      results.push({ query, hits, error: null, samples: [] });
      warmupMs.push(ms);
    } catch (error) {
      results.push({ query, hits: null, error: error instanceof Error ? error.message : String(error), samples: [] });
      warmupMs.push(0);
    }
  }
  for (let round = 0; round < repeats; round += 1) {
    for (const [i, m] of results.entries()) {
      if (m.error !== null || ((warmupMs[i] ?? 0) > SLOW_WARMUP_MS && round > 0)) continue;
      try {
        m.samples.push((await timeSearch(store, m.query.text, ranking)).ms);
      } catch (error) {
        m.error = error instanceof Error ? error.message : String(error);
      }
    }
  }
  return results;
}

/** Each query once: a full-table LIKE scan costs seconds at 1M papers, and repeats would tell nothing new. */
export function measureLike(store: Store, queries: readonly BenchQuery[]): LikeMeasurement[] {
  const run = likeRunner(sqliteOf(store));
  return queries.map((query) => {
    const t = performance.now();
    const rows = run(query.intent);
    return { query, rows, ms: performance.now() - t };
  });
}
