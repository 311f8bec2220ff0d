// On the 53 real papers of the seed fixture: a model fitted in the refit worker ranks the optimizer-memory papers
// near "8-bit Optimizers via Block-wise Quantization" (2110.02861) and unrelated ones (CUDA kernels written by
// LLMs, Verilog generation) far from it. On SQLite and on PostgreSQL, which fit the same model from the same papers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docIdForArxivId } from '../../../src/core/arxiv-id.js';
import { importFile } from '../../../src/app/import-files.js';
import {
  refreshSemantic,
  semanticNeighboursOfPaper,
  semanticNeighboursOfText,
  semanticSimilarities,
} from '../../../src/app/semantic/semantic-search.js';
import type { Store } from '../../../src/store/database.js';
import { semanticStoreOf } from '../../../src/store/semantic-store-of.js';
import { sqlRows } from '../../../src/store/sql-runner.js';
import { createStoreOf, DIALECTS, type Dialect } from '../../helpers/temp-store.js';

const SEED = new URL('../../fixtures/hf-daily-papers-seed.json', import.meta.url).pathname;
const EIGHT_BIT = docIdForArxivId('2110.02861');
/** Optimizer state memory: COAT, FRUGAL, Deep Optimizer States, SWAN. */
const OPTIMIZER_MEMORY = ['2410.19313', '2411.07837', '2410.21316', '2412.13148'].map(docIdForArxivId);
/** LLMs writing CUDA kernels or RTL, and an alignment loss: nothing about optimizers or quantization. */
const UNRELATED = ['2506.09092', '2504.15804', '2507.04736', '2603.07169', '2409.10571'].map(docIdForArxivId);

type Temp = Awaited<ReturnType<typeof createStoreOf>>;
const temps = new Map<Dialect, Temp>();

async function fitted(dialect: Dialect): Promise<Temp> {
  const temp = await createStoreOf(dialect);
  temps.set(dialect, temp);
  await importFile(temp.store, SEED, new Date('2026-03-30T00:00:00Z'));
  const result = await refreshSemantic(temp.store, { waitForRefit: true });
  expect(result.refitted).toBe(true);
  return temp;
}

afterAll(async () => {
  for (const temp of temps.values()) await temp.cleanup();
});

const vectors = async (store: Store) =>
  (await sqlRows<{ doc_id: number; vector: Buffer }>(store, 'SELECT doc_id, vector FROM paper_vectors ORDER BY doc_id')).map(
    (r) => [r.doc_id, r.vector.toString('hex')] as const,
  );

describe('the model fitted from the seed papers', () => {
  it('is the same on SQLite and on PostgreSQL, byte for byte, and so are the vectors', async () => {
    const [sqlite, postgres] = await Promise.all(DIALECTS.map(fitted));
    if (sqlite === undefined || postgres === undefined) throw new Error('two stores expected');
    const models = await Promise.all(
      [sqlite, postgres].map(async (t) => {
        const semantic = semanticStoreOf(t.store);
        return semantic.modelBlob((await semantic.currentModel())?.version ?? 0);
      }),
    );
    expect(models[0]?.length).toBeGreaterThan(0);
    expect(models[1]?.equals(models[0] ?? Buffer.alloc(0))).toBe(true);
    const stored = await vectors(sqlite.store);
    expect(stored).toHaveLength(53);
    expect(await vectors(postgres.store)).toEqual(stored);
  });
});

describe.each(DIALECTS)('semantic neighbours on the seed papers, on %s', (dialect: Dialect) => {
  let temp: Temp;
  beforeAll(async () => {
    temp = temps.get(dialect) ?? (await fitted(dialect));
  });

  it('ranks every optimizer-memory paper above every unrelated one', async () => {
    const neighbours = await semanticNeighboursOfPaper(temp.store, EIGHT_BIT, 100);
    expect(neighbours).toHaveLength(52);
    expect(neighbours.some((n) => n.docId === EIGHT_BIT)).toBe(false);
    const rank = new Map(neighbours.map((n, i) => [n.docId, i]));
    const worstRelated = Math.max(...OPTIMIZER_MEMORY.map((d) => rank.get(d) ?? Infinity));
    const bestUnrelated = Math.min(...UNRELATED.map((d) => rank.get(d) ?? -1));
    expect(worstRelated).toBeLessThan(bestUnrelated);
    // Two of them (COAT, SWAN) among the five nearest; the rest of the top is quantization and optimizer papers.
    const top5 = neighbours.slice(0, 5).map((n) => n.docId);
    expect(top5).toEqual(expect.arrayContaining([docIdForArxivId('2410.19313'), docIdForArxivId('2412.13148')]));
  });

  it('answers a few words with the papers about them', async () => {
    const hits = await semanticNeighboursOfText(temp.store, 'memory efficient optimizer states', 4);
    expect(hits.map((h) => h.docId)).toEqual(
      expect.arrayContaining([docIdForArxivId('2412.13148'), docIdForArxivId('2411.07837'), docIdForArxivId('2410.19313')]),
    );
    expect(hits[0]?.similarity).toBeGreaterThan(0.5);
  });

  it('scores given papers exactly, and skips ids it holds no vector for', async () => {
    const scores = await semanticSimilarities(temp.store, 'memory efficient optimizer states', [...OPTIMIZER_MEMORY, ...UNRELATED, 1]);
    expect(scores.has(1)).toBe(false);
    const related = OPTIMIZER_MEMORY.map((d) => scores.get(d) ?? -1);
    const unrelated = UNRELATED.map((d) => scores.get(d) ?? 1);
    expect(Math.min(...related)).toBeGreaterThan(Math.max(...unrelated));
    // The same numbers as the neighbour search reports.
    const hits = await semanticNeighboursOfText(temp.store, 'memory efficient optimizer states', 1);
    expect(scores.get(hits[0]?.docId ?? 0)).toBeCloseTo(hits[0]?.similarity ?? 0, 9);
  });

  it('finds nothing for words the store never used', async () => {
    expect(await semanticNeighboursOfText(temp.store, 'zyxwvut qqqq', 5)).toEqual([]);
  });
});
