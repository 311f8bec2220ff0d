// refreshSemantic after ingests: the first fit once there are enough papers (in the worker, without blocking),
// new papers folded in with the current model, and a refit with a new model version once the store has grown. The
// same on SQLite and on PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docIdForArxivId } from '../../../src/core/arxiv-id.js';
import {
  MIN_PAPERS_TO_FIT,
  refreshSemantic,
  semanticNeighboursOfPaper,
  semanticNeighboursOfText,
} from '../../../src/app/semantic/semantic-search.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { sqlRow, sqlRows, sqlRun } from '../../../src/store/sql-runner.js';
import { createStoreOf, DIALECTS, type Dialect } from '../../helpers/temp-store.js';
import { paperInput, topicPapers } from './semantic-corpus.js';

const NOW = '2026-01-12T06:00:00.000Z';
type Temp = Awaited<ReturnType<typeof createStoreOf>>;

const modelVersions = async (t: Temp): Promise<number[]> =>
  (await sqlRows<{ version: number }>(t.store, 'SELECT version FROM semantic_models ORDER BY version')).map((r) => r.version);
const vectorVersions = async (t: Temp): Promise<Record<number, number>> =>
  Object.fromEntries(
    (await sqlRows<{ v: number; n: number }>(t.store, 'SELECT model_version AS v, count(*) AS n FROM paper_vectors GROUP BY 1')).map(
      (r) => [r.v, Number(r.n)],
    ),
  );
const pending = async (t: Temp): Promise<number> =>
  Number((await sqlRow<{ n: number }>(t.store, 'SELECT count(*) AS n FROM semantic_pending'))?.n ?? -1);

describe.each(DIALECTS)('refreshSemantic on %s', (dialect: Dialect) => {
  let temp: Temp;

  beforeEach(async () => {
    temp = await createStoreOf(dialect);
  });

  afterEach(async () => {
    await temp.cleanup();
  });

  it('fits nothing below the minimum, and answers nothing without a model', async () => {
    await upsertPapers(
      temp.store,
      topicPapers(2, 1).map((c) => c.input),
      NOW,
    );
    expect(await refreshSemantic(temp.store, { waitForRefit: true })).toEqual({ folded: 0, refitted: false });
    expect(await semanticNeighboursOfText(temp.store, 'engine wheel', 5)).toEqual([]);
    expect(await semanticNeighboursOfPaper(temp.store, docIdForArxivId('2601.10001'), 5)).toEqual([]);
    expect(await modelVersions(temp)).toEqual([]);
  });

  it('fits in the worker without blocking, then folds new papers in without a refit', async () => {
    const corpus = topicPapers(8, 2).map((c) => c.input);
    expect(corpus.length).toBeGreaterThanOrEqual(MIN_PAPERS_TO_FIT);
    await upsertPapers(temp.store, corpus, NOW);
    const started = await refreshSemantic(temp.store);
    expect(started).toEqual({ folded: 0, refitted: true });
    // The call returned while the worker fits: no model is published yet.
    expect(await modelVersions(temp)).toEqual([]);
    await refreshSemantic(temp.store, { waitForRefit: true });
    expect(await modelVersions(temp)).toEqual([1]);
    expect(await vectorVersions(temp)).toEqual({ 1: corpus.length });
    expect(await pending(temp)).toBe(0);

    const fresh = [paperInput('engine brake fuel', 'engine brake fuel road'), paperInput('kitten leash', 'kitten leash fur')];
    await upsertPapers(temp.store, fresh, NOW);
    expect(await pending(temp)).toBe(2);
    expect(await refreshSemantic(temp.store, { waitForRefit: true })).toEqual({ folded: 2, refitted: false });
    expect(await modelVersions(temp)).toEqual([1]);
    expect(await vectorVersions(temp)).toEqual({ 1: corpus.length + 2 });
    // The folded paper is in the (reloaded) index.
    const hits = await semanticNeighboursOfText(temp.store, 'engine brake fuel', corpus.length + 2);
    expect(hits.map((h) => h.docId)).toContain(docIdForArxivId(fresh[0]?.id ?? ''));
    const near = await semanticNeighboursOfPaper(temp.store, docIdForArxivId(fresh[1]?.id ?? ''), 3);
    expect(near).toHaveLength(3);

    // An edited text drops the vector; the next refresh folds the new text.
    await upsertPapers(temp.store, [{ ...(fresh[1] ?? paperInput('', '')), abstract: 'kitten leash fur litter puppy' }], NOW);
    expect(await pending(temp)).toBe(1);
    expect((await refreshSemantic(temp.store)).folded).toBe(1);
  });

  it('refits in the worker once the store has grown 1.5×, with a new model version', async () => {
    const first = topicPapers(8, 3).map((c) => c.input);
    await upsertPapers(temp.store, first, NOW);
    await refreshSemantic(temp.store, { waitForRefit: true });
    expect(await modelVersions(temp)).toEqual([1]);
    const docsFitted = (await sqlRow<{ n: number }>(temp.store, 'SELECT docs_fitted AS n FROM semantic_models'))?.n;
    expect(docsFitted).toBe(first.length);

    // Just under 1.5×: folded, no refit.
    const more = topicPapers(8, 4).map((c) => c.input);
    const under = more.slice(0, Math.ceil(first.length * 1.5) - first.length - 1);
    await upsertPapers(temp.store, under, NOW);
    expect(await refreshSemantic(temp.store, { waitForRefit: true })).toEqual({ folded: under.length, refitted: false });

    await upsertPapers(temp.store, more.slice(under.length), NOW);
    const result = await refreshSemantic(temp.store, { waitForRefit: true });
    expect(result.refitted).toBe(true);
    expect(await modelVersions(temp)).toEqual([2]);
    expect(await vectorVersions(temp)).toEqual({ 2: first.length + more.length });
    expect(await pending(temp)).toBe(0);
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
    expect(await modelVersions(temp)).toEqual([2]);
    // Every paper ends with a vector of the new model, the late one too.
    expect(await vectorVersions(temp)).toEqual({ 2: first.length + more.length + 1 });
    expect(await pending(temp)).toBe(0);
    // The index in use is the one the worker handed over: the stored vectors are no longer read.
    await sqlRun(temp.store, 'DELETE FROM paper_vectors');
    const hits = await semanticNeighboursOfText(temp.store, 'engine brake fuel', 3);
    expect(hits.map((h) => h.docId)).toContain(docIdForArxivId(late.id));
  });
});

describe('refreshSemantic on an in-memory SQLite store', () => {
  it('fits inline', async () => {
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
