// Several bot processes share one PostgreSQL store (docs/postgresql.md). Each is played here by a store handle of
// its own (its own pool, as another process has), and refits by workers with their own connections: one refit at
// a time (the advisory lock), pending papers folded once, and a newer model picked up by a handle that did not fit it.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docIdForArxivId } from '../../../src/core/arxiv-id.js';
import { vectorCount } from '../../../src/core/semantic/semantic-index.js';
import { refitModel } from '../../../src/app/semantic/refit-model.js';
import { runRefit } from '../../../src/app/semantic/refit-runner.js';
import { refreshSemantic, semanticIndexOf, semanticNeighboursOfText } from '../../../src/app/semantic/semantic-search.js';
import { openStore, type Store } from '../../../src/store/database.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { REFIT_LOCK_KEY } from '../../../src/store/postgres-semantic-store.js';
import { semanticStoreOf } from '../../../src/store/semantic-store-of.js';
import type { TextRow, VectorWrite } from '../../../src/store/semantic-store.js';
import { sqlRow, sqlRows } from '../../../src/store/sql-runner.js';
import { createTempPostgresStore, type TempPostgresStore } from '../../helpers/temp-store.js';
import { paperInput, topicPapers } from './semantic-corpus.js';

const NOW = '2026-01-12T06:00:00.000Z';
let temp: TempPostgresStore;
/** The other process's view of the same database. */
let other: Store;

beforeEach(async () => {
  temp = await createTempPostgresStore();
  other = openStore(temp.url, { poolSize: 4 });
  await upsertPapers(
    temp.store,
    topicPapers(8, 3).map((c) => c.input),
    NOW,
  );
});

afterEach(async () => {
  await other.close();
  await temp.cleanup();
});

const modelVersions = async (): Promise<number[]> =>
  (await sqlRows<{ version: number }>(temp.store, 'SELECT version FROM semantic_models ORDER BY version')).map((r) => r.version);
const pending = async (): Promise<number> =>
  (await sqlRow<{ n: number }>(temp.store, 'SELECT count(*) AS n FROM semantic_pending'))?.n ?? -1;

describe('one PostgreSQL store shared by several processes', () => {
  it('refits only while no other refit holds the lock', async () => {
    const holder = new pg.Client({ connectionString: temp.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [REFIT_LOCK_KEY]);
      expect(await refitModel(semanticStoreOf(temp.store))).toBeNull();
      expect(await modelVersions()).toEqual([]);
      await holder.query('SELECT pg_advisory_unlock($1)', [REFIT_LOCK_KEY]);
      expect((await refitModel(semanticStoreOf(temp.store)))?.version).toBe(1);
      expect(await modelVersions()).toEqual([1]);
    } finally {
      await holder.end();
    }
  });

  it('publishes one model when two processes start a refit at once', async () => {
    // Each in a worker with its own connections, both found due against "no model yet".
    const outcomes = await Promise.all([runRefit(temp.store, {}, false, () => null, null), runRefit(other, {}, false, () => null, null)]);
    expect(outcomes.filter((o) => o !== null).map((o) => o?.result.version)).toEqual([1]);
    expect(await modelVersions()).toEqual([1]);
    expect(await pending()).toBe(0);
  });

  it('folds each pending paper once when two processes fold at the same time', async () => {
    await refreshSemantic(temp.store, { waitForRefit: true });
    const fresh = topicPapers(10, 9).map((c) => c.input);
    await upsertPapers(temp.store, fresh, NOW);
    expect(await pending()).toBe(fresh.length);
    const [mine, theirs] = await Promise.all([refreshSemantic(temp.store), refreshSemantic(other)]);
    // Claimed with SKIP LOCKED: what one folds the other skips, so together they fold each paper exactly once.
    expect(mine.folded + theirs.folded).toBe(fresh.length);
    expect(await pending()).toBe(0);
    const versions = await sqlRows<{ v: number; n: number }>(
      temp.store,
      'SELECT model_version AS v, count(*) AS n FROM paper_vectors GROUP BY 1',
    );
    expect(versions).toEqual([{ v: 1, n: 24 + fresh.length }]);
  });

  it('folds nothing with a model another process has replaced', async () => {
    await refreshSemantic(temp.store, { waitForRefit: true });
    // A newer model is published by another process (version 2), after this one loaded version 1.
    expect((await refitModel(semanticStoreOf(other)))?.version).toBe(2);
    const late = paperInput('engine brake', 'engine brake fuel');
    await upsertPapers(temp.store, [late], NOW);
    let embedded = 0;
    const embed = (rows: readonly TextRow[]): VectorWrite[] => {
      embedded += rows.length;
      return rows.map((r) => ({ docId: r.doc_id, list: 0, vector: Buffer.alloc(128) }));
    };
    expect(await semanticStoreOf(temp.store).foldPendingBatch(1, 100, embed)).toEqual([]);
    expect(embedded).toBe(0);
    expect(await pending()).toBe(1);
    // The current model folds it.
    expect(await semanticStoreOf(temp.store).foldPendingBatch(2, 100, embed)).toHaveLength(1);
    expect(await pending()).toBe(0);
  });

  it('a process that did not refit picks up the newer model on its next call', async () => {
    await refreshSemantic(temp.store, { waitForRefit: true });
    const before = await semanticIndexOf(other);
    expect(before === null ? -1 : vectorCount(before)).toBe(24);

    // This process grows the store past the refit threshold and refits; the other one is not told.
    const late = paperInput('engine brake fuel', 'engine brake fuel road wheel');
    const more = [...topicPapers(8, 4).map((c) => c.input), late];
    await upsertPapers(temp.store, more, NOW);
    expect((await refreshSemantic(temp.store, { waitForRefit: true })).refitted).toBe(true);
    expect(await modelVersions()).toEqual([2]);

    const after = await semanticIndexOf(other);
    expect(after).not.toBe(before);
    expect(after === null ? -1 : vectorCount(after)).toBe(24 + more.length);
    const hits = await semanticNeighboursOfText(other, 'engine brake fuel', 3);
    expect(hits.map((h) => h.docId)).toContain(docIdForArxivId(late.id));
  });
});
