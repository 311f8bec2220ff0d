// refreshSemantic after ingests: the first fit once there are enough papers (in the worker, without blocking),
// new papers folded in with the current model, and a refit with a new model version once the store has grown.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docIdForArxivId } from '../../../src/core/arxiv-id.js';
import {
  MIN_PAPERS_TO_FIT,
  refreshSemantic,
  semanticNeighboursOfPaper,
  semanticNeighboursOfText,
} from '../../../src/app/semantic/semantic-search.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';
import { paperInput, topicPapers } from './semantic-corpus.js';

const NOW = '2026-01-12T06:00:00.000Z';
let temp: TempStore;

const modelVersions = (t: TempStore): number[] =>
  (t.store.sqlite.prepare('SELECT version FROM semantic_models ORDER BY version').all() as { version: number }[]).map((r) => r.version);
const vectorVersions = (t: TempStore): Record<number, number> =>
  Object.fromEntries(
    (
      t.store.sqlite.prepare('SELECT model_version AS v, count(*) AS n FROM paper_vectors GROUP BY 1').all() as { v: number; n: number }[]
    ).map((r) => [r.v, r.n]),
  );
const pending = (t: TempStore): number => (t.store.sqlite.prepare('SELECT count(*) AS n FROM semantic_pending').get() as { n: number }).n;

beforeEach(async () => {
  temp = await createTempStore();
});

afterEach(async () => {
  await temp.cleanup();
});

describe('refreshSemantic', () => {
  it('fits nothing below the minimum, and answers nothing without a model', async () => {
    await upsertPapers(
      temp.store,
      topicPapers(2, 1).map((c) => c.input),
      NOW,
    );
    expect(await refreshSemantic(temp.store, { waitForRefit: true })).toEqual({ folded: 0, refitted: false });
    expect(await semanticNeighboursOfText(temp.store, 'engine wheel', 5)).toEqual([]);
    expect(await semanticNeighboursOfPaper(temp.store, docIdForArxivId('2601.10001'), 5)).toEqual([]);
    expect(modelVersions(temp)).toEqual([]);
  });

  it('fits in the worker without blocking, then folds new papers in without a refit', async () => {
    const corpus = topicPapers(8, 2).map((c) => c.input);
    expect(corpus.length).toBeGreaterThanOrEqual(MIN_PAPERS_TO_FIT);
    await upsertPapers(temp.store, corpus, NOW);
    const started = await refreshSemantic(temp.store);
    expect(started).toEqual({ folded: 0, refitted: true });
    // The call returned while the worker fits: no model is published yet.
    expect(modelVersions(temp)).toEqual([]);
    await refreshSemantic(temp.store, { waitForRefit: true });
    expect(modelVersions(temp)).toEqual([1]);
    expect(vectorVersions(temp)).toEqual({ 1: corpus.length });
    expect(pending(temp)).toBe(0);

    const fresh = [paperInput('engine brake fuel', 'engine brake fuel road'), paperInput('kitten leash', 'kitten leash fur')];
    await upsertPapers(temp.store, fresh, NOW);
    expect(pending(temp)).toBe(2);
    expect(await refreshSemantic(temp.store, { waitForRefit: true })).toEqual({ folded: 2, refitted: false });
    expect(modelVersions(temp)).toEqual([1]);
    expect(vectorVersions(temp)).toEqual({ 1: corpus.length + 2 });
    // The folded paper is in the (reloaded) index.
    const hits = await semanticNeighboursOfText(temp.store, 'engine brake fuel', corpus.length + 2);
    expect(hits.map((h) => h.docId)).toContain(docIdForArxivId(fresh[0]?.id ?? ''));
    const near = await semanticNeighboursOfPaper(temp.store, docIdForArxivId(fresh[1]?.id ?? ''), 3);
    expect(near).toHaveLength(3);

    // An edited text drops the vector; the next refresh folds the new text.
    await upsertPapers(temp.store, [{ ...(fresh[1] ?? paperInput('', '')), abstract: 'kitten leash fur litter puppy' }], NOW);
    expect(pending(temp)).toBe(1);
    expect((await refreshSemantic(temp.store)).folded).toBe(1);
  });

  it('refits in the worker once the store has grown 1.5×, with a new model version', async () => {
    const first = topicPapers(8, 3).map((c) => c.input);
    await upsertPapers(temp.store, first, NOW);
    await refreshSemantic(temp.store, { waitForRefit: true });
    expect(modelVersions(temp)).toEqual([1]);
    const docsFitted = (temp.store.sqlite.prepare('SELECT docs_fitted AS n FROM semantic_models').get() as { n: number }).n;
    expect(docsFitted).toBe(first.length);

    // Just under 1.5×: folded, no refit.
    const more = topicPapers(8, 4).map((c) => c.input);
    const under = more.slice(0, Math.ceil(first.length * 1.5) - first.length - 1);
    await upsertPapers(temp.store, under, NOW);
    expect(await refreshSemantic(temp.store, { waitForRefit: true })).toEqual({ folded: under.length, refitted: false });

    await upsertPapers(temp.store, more.slice(under.length), NOW);
    const result = await refreshSemantic(temp.store, { waitForRefit: true });
    expect(result.refitted).toBe(true);
    expect(modelVersions(temp)).toEqual([2]);
    expect(vectorVersions(temp)).toEqual({ 2: first.length + more.length });
    expect(pending(temp)).toBe(0);
    const hits = await semanticNeighboursOfText(temp.store, 'stock market', 3);
    expect(hits).toHaveLength(3);
  });

  it('keeps answering with the old model during a refit, then takes over the index the worker built', async () => {
    const first = topicPapers(8, 3).map((c) => c.input);
    await upsertPapers(temp.store, first, NOW);
    await refreshSemantic(temp.store, { waitForRefit: true });
    expect(await semanticNeighboursOfText(temp.store, 'stock market', 3)).toHaveLength(3);
    const more = topicPapers(8, 4).map((c) => c.input);
    await upsertPapers(temp.store, more, NOW);
    expect((await refreshSemantic(temp.store)).refitted).toBe(true);
    // The worker has only just started (it has a runtime to boot before it fits anything): the old model answers.
    expect(await semanticNeighboursOfText(temp.store, 'stock market', 3)).toHaveLength(3);
    // Meanwhile a paper arrives and is folded, with the old model (or the new one if the worker was quick).
    const late = paperInput('engine brake fuel', 'engine brake fuel road');
    await upsertPapers(temp.store, [late], NOW);
    expect((await refreshSemantic(temp.store)).folded).toBe(1);
    await refreshSemantic(temp.store, { waitForRefit: true });
    expect(modelVersions(temp)).toEqual([2]);
    // Every paper ends with a vector of the new model, the late one too.
    expect(vectorVersions(temp)).toEqual({ 2: first.length + more.length + 1 });
    expect(pending(temp)).toBe(0);
    // The index in use is the one the worker handed over: the stored vectors are no longer read.
    temp.store.sqlite.prepare('DELETE FROM paper_vectors').run();
    const hits = await semanticNeighboursOfText(temp.store, 'engine brake fuel', 3);
    expect(hits.map((h) => h.docId)).toContain(docIdForArxivId(late.id));
  });

  it('fits inline for an in-memory store', async () => {
    const { openStore } = await import('../../../src/store/database.js');
    const { migrateToLatest } = await import('../../../src/store/migrate.js');
    const memory = openStore(':memory:');
    try {
      await migrateToLatest(memory);
      await upsertPapers(
        memory,
        topicPapers(8, 6).map((c) => c.input),
        NOW,
      );
      expect((await refreshSemantic(memory)).refitted).toBe(true);
      expect((await semanticNeighboursOfText(memory, 'kitten fur', 3)).length).toBe(3);
    } finally {
      await memory.close();
    }
  });
});
