// On the 53 real papers of the seed fixture: a model fitted in the refit worker ranks the optimizer-memory papers
// near "8-bit Optimizers via Block-wise Quantization" (2110.02861) and unrelated ones (CUDA kernels written by
// LLMs, Verilog generation) far from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docIdForArxivId } from '../../../src/core/arxiv-id.js';
import { importFile } from '../../../src/app/import-files.js';
import {
  refreshSemantic,
  semanticNeighboursOfPaper,
  semanticNeighboursOfText,
  semanticSimilarities,
} from '../../../src/app/semantic/semantic-search.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';

const SEED = new URL('../../fixtures/hf-daily-papers-seed.json', import.meta.url).pathname;
const EIGHT_BIT = docIdForArxivId('2110.02861');
/** Optimizer state memory: COAT, FRUGAL, Deep Optimizer States, SWAN. */
const OPTIMIZER_MEMORY = ['2410.19313', '2411.07837', '2410.21316', '2412.13148'].map(docIdForArxivId);
/** LLMs writing CUDA kernels or RTL, and an alignment loss: nothing about optimizers or quantization. */
const UNRELATED = ['2506.09092', '2504.15804', '2507.04736', '2603.07169', '2409.10571'].map(docIdForArxivId);

let temp: TempStore;

beforeAll(async () => {
  temp = await createTempStore();
  await importFile(temp.store, SEED, new Date('2026-03-30T00:00:00Z'));
  const result = await refreshSemantic(temp.store, { waitForRefit: true });
  expect(result.refitted).toBe(true);
});

afterAll(async () => {
  await temp.cleanup();
});

describe('semantic neighbours on the seed papers', () => {
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
