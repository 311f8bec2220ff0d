// Papers folded in after the index was loaded join it in memory: an ingest never reloads the whole index (a
// million vectors take seconds to read, and commands would wait). Past MAX_RECENT they are merged into the IVF
// layout in memory, and the merged index answers as one loaded from the database does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docIdForArxivId } from '../../../src/core/arxiv-id.js';
import { mergeRecent, nearest, vectorCount, vectorMemory } from '../../../src/core/semantic/semantic-index.js';
import { loadIndex } from '../../../src/app/semantic/load-index.js';
import { semanticStoreOf } from '../../../src/store/semantic-store-of.js';
import {
  refreshSemantic,
  semanticIndexOf,
  semanticNeighboursOfText,
  semanticSimilarities,
} from '../../../src/app/semantic/semantic-search.js';
import { embedCounts } from '../../../src/core/semantic/lsa-model.js';
import { decodeModel } from '../../../src/core/semantic/model-codec.js';
import { queryTermCounts } from '../../../src/core/semantic/paper-text.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { createStoreOf, DIALECTS, type Dialect } from '../../helpers/temp-store.js';
import { paperInput, topicPapers } from './semantic-corpus.js';

const NOW = '2026-01-12T06:00:00.000Z';

describe.each(DIALECTS)('vectors folded in after the index was loaded, on %s', (dialect: Dialect) => {
  let temp: Awaited<ReturnType<typeof createStoreOf>>;

  beforeEach(async () => {
    temp = await createStoreOf(dialect);
    await upsertPapers(
      temp.store,
      topicPapers(10, 7).map((c) => c.input),
      NOW,
    );
    await refreshSemantic(temp.store, { waitForRefit: true });
  });
  afterEach(async () => temp.cleanup());

  /** The current model's version and blob. */
  const currentRow = async (): Promise<{ version: number; model: Buffer }> => {
    const semantic = semanticStoreOf(temp.store);
    const version = (await semantic.currentModel())?.version ?? 0;
    return { version, model: await semantic.modelBlob(version) };
  };

  it('join the loaded index in memory, superseding the old vector of an edited paper', async () => {
    const loaded = await semanticIndexOf(temp.store);
    expect(loaded).not.toBeNull();
    const before = vectorCount(loaded ?? (null as never));
    const fresh = [paperInput('engine brake fuel', 'engine brake fuel road wheel'), paperInput('kitten leash', 'kitten leash fur')];
    await upsertPapers(temp.store, fresh, NOW);
    expect((await refreshSemantic(temp.store)).folded).toBe(2);
    const after = await semanticIndexOf(temp.store);
    // The same index object, not a reload, now with the two new papers.
    expect(after).toBe(loaded);
    expect(vectorCount(after ?? (null as never))).toBe(before + 2);
    const engine = docIdForArxivId(fresh[0]?.id ?? '');
    expect((await semanticNeighboursOfText(temp.store, 'engine brake fuel', 3)).map((n) => n.docId)).toContain(engine);

    // Edited: the new text's vector replaces the old one, and the paper is counted once.
    await upsertPapers(
      temp.store,
      [{ ...(fresh[0] ?? paperInput('', '')), title: 'stock market', abstract: 'stock market bond dividend trader' }],
      NOW,
    );
    expect((await refreshSemantic(temp.store)).folded).toBe(1);
    expect(vectorCount(after ?? (null as never))).toBe(before + 2);
    const finance = (await semanticSimilarities(temp.store, 'stock market bond dividend trader', [engine])).get(engine) ?? 0;
    const vehicles = (await semanticSimilarities(temp.store, 'engine brake fuel road wheel', [engine])).get(engine) ?? 0;
    expect(finance).toBeGreaterThan(0.5);
    expect(finance).toBeGreaterThan(vehicles + 0.3);
  });

  it('merged in memory, answer as the index loaded from the database does', async () => {
    await upsertPapers(
      temp.store,
      topicPapers(6, 8).map((c) => c.input),
      NOW,
    );
    await semanticIndexOf(temp.store);
    expect((await refreshSemantic(temp.store)).folded).toBe(18);
    const index = await semanticIndexOf(temp.store);
    if (index === null) throw new Error('no index');
    expect(index.recent.docIds).toHaveLength(18);
    const merged = mergeRecent(index);
    expect(merged.recent.docIds).toHaveLength(0);
    const row = await currentRow();
    const model = decodeModel(row.model);
    const fromDisk = await loadIndex(semanticStoreOf(temp.store), row.version, model.dimensions, model.ivf);
    expect(merged.count).toBe(fromDisk.count);
    for (const words of ['engine wheel', 'kitten fur', 'stock bond']) {
      const query = embedCounts(model, queryTermCounts(words));
      const all = { probes: 1_000_000 };
      expect(nearest(merged, query, 8, all)).toEqual(nearest(fromDisk, query, 8, all));
      expect(nearest(index, query, 8, all)).toEqual(nearest(fromDisk, query, 8, all));
    }
  });

  it("loaded into an old index's memory (a refit's handover), answer as a fresh load does", async () => {
    const row = await currentRow();
    const model = decodeModel(row.model);
    const fresh = await loadIndex(semanticStoreOf(temp.store), row.version, model.dimensions, model.ivf);
    // Every index leaves room behind its vectors for the papers folded in after it, so the next one fits.
    const spare = vectorMemory(fresh);
    expect(spare?.byteLength).toBeGreaterThan(fresh.count * model.dimensions);
    const reference = await loadIndex(semanticStoreOf(temp.store), row.version, model.dimensions, model.ivf);
    const reused = await loadIndex(semanticStoreOf(temp.store), row.version, model.dimensions, model.ivf, spare);
    expect(reused.vectors.buffer).toBe(spare);
    // Too small a spare is not written over.
    const small = new ArrayBuffer(model.dimensions);
    expect((await loadIndex(semanticStoreOf(temp.store), row.version, model.dimensions, model.ivf, small)).vectors.buffer).not.toBe(small);
    for (const words of ['engine wheel', 'kitten fur', 'stock bond']) {
      const query = embedCounts(model, queryTermCounts(words));
      expect(nearest(reused, query, 8, { probes: 1_000_000 })).toEqual(nearest(reference, query, 8, { probes: 1_000_000 }));
    }
  });
});
