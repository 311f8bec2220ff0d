// A regression guard on ranking quality: the relevance bench's evaluation (bench/relevance.ts, the 53 real seed
// papers and the graded queries of test/fixtures/graded-queries.json) must not fall below a floor. It asserts
// quality, not speed, and sees a fixed clock.
//
// Measured when the floors were last raised (80 queries, fixed clock; nDCG@10 / success@3, means over queries):
//            bm25          lexical       fused
//   keywords 0.785 0.867   0.890 1.000   0.917 1.000
//   natural  0.701 0.750   0.741 0.813   0.741 0.813
//   spelling 0.800 0.938   0.947 1.000   0.967 1.000
//   names    0.990 1.000   0.990 1.000   0.990 1.000
//   broad    0.696 0.867   0.745 0.867   0.792 0.933
//   overall  0.801 0.887   0.867 0.938   0.885 0.950
// Each floor is the measured figure less a little (0.02 to 0.03), rounded down. Raise them when search gets better.
// The same floors hold on PostgreSQL (3 Dec 2026: overall lexical 0.862, fused 0.884, fused success@3 0.950), where
// the rankings and topics run on a fresh database and the bm25 baseline stays SQLite's.
import { beforeAll, describe, expect, it } from 'vitest';
import { QUERY_KINDS, runRelevanceBench, type RelevanceResult } from '../../../bench/relevance.js';
import { createTempPostgresStore, DIALECTS, type Dialect } from '../../helpers/temp-store.js';

const LEXICAL_FLOOR = 0.84;
const FUSED_FLOOR = 0.86;
const FUSED_SUCCESS_FLOOR = 0.92;
const NOW = new Date('2026-12-01T12:00:00Z');

describe.each(DIALECTS)('search relevance on the graded seed queries, on %s', (dialect: Dialect) => {
  let result: RelevanceResult;
  beforeAll(async () => {
    result = await runRelevanceBench({ now: NOW, ...(dialect === 'postgres' ? { rankedOn: createTempPostgresStore } : {}) });
    expect(result.dialect).toBe(dialect);
  }, 120_000);

  it('imports every seed paper and scores every query', () => {
    expect(result.papers).toBe(53);
    expect(result.queries).toBeGreaterThanOrEqual(65);
    for (const kind of QUERY_KINDS) expect(result.byKind[kind].lexical.queries).toBeGreaterThanOrEqual(12);
  });

  it(`keeps overall nDCG@10 at or above ${LEXICAL_FLOOR} (lexical) and ${FUSED_FLOOR} (fused)`, () => {
    expect(result.overall.lexical.ndcg10).toBeGreaterThanOrEqual(LEXICAL_FLOOR);
    expect(result.overall.fused.ndcg10).toBeGreaterThanOrEqual(FUSED_FLOOR);
  });

  it(`finds a paper the query is squarely about in the fused top 3 for at least ${FUSED_SUCCESS_FLOOR} of the queries`, () => {
    expect(result.overall.fused.success3).toBeGreaterThanOrEqual(FUSED_SUCCESS_FLOOR);
  });

  it('fused ranking is no worse than lexical alone (within 0.02)', () => {
    expect(result.overall.fused.ndcg10).toBeGreaterThanOrEqual(result.overall.lexical.ndcg10 - 0.02);
  });

  it.each(QUERY_KINDS)('the fused ranking is not below the plain FTS5 bm25 baseline on %s queries (lexical within 0.05)', (kind) => {
    const { bm25, lexical, fused } = result.byKind[kind];
    expect(lexical.ndcg10).toBeGreaterThanOrEqual(bm25.ndcg10 - 0.05);
    // Equal counts as not below (the 1e-9 absorbs float rounding in the means).
    expect(fused.ndcg10).toBeGreaterThanOrEqual(bm25.ndcg10 - 1e-9);
  });

  it('topics keep more of what the graded set wants than the words as typed, at no loss of precision', () => {
    const inUse = result.topics.rows.find((row) => row.threshold === result.topics.inUse);
    expect(inUse?.recall).toBeGreaterThan(result.topics.asTyped.recall + 0.1);
    expect(inUse?.precision).toBeGreaterThanOrEqual(result.topics.asTyped.precision);
  });
});
