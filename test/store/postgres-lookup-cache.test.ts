// Search's small lookups on PostgreSQL are kept a minute (src/store/postgres-lookup-cache.ts): asked again, they
// are answered from memory; after this process writes papers or rebuilds the vocabulary, they are read afresh.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { PaperInput } from '../../src/core/paper.js';
import type { PostgresStore } from '../../src/store/database.js';
import { upsertPapers } from '../../src/store/papers-repository.js';
import { conceptCountUpTo, countMatchesUpTo, refreshSearchVocabulary, vocabularyTerms } from '../../src/store/search-index.js';
import { openStore } from '../../src/store/database.js';
import { createTempPostgresStore, type TempPostgresStore } from '../helpers/temp-store.js';

const paper = (id: string, title: string): PaperInput => ({
  source: 'arxiv',
  id,
  title,
  abstract: 'An abstract.',
  authors: ['Ada Example'],
  publishedAt: '2026-11-19T17:00:00.000Z',
});

describe('lookups kept on PostgreSQL', () => {
  let temp: TempPostgresStore;
  let store: PostgresStore;
  /** Another connection, as another process would write: it cannot tell this process to forget. */
  let other: pg.Client;

  beforeEach(async () => {
    temp = await createTempPostgresStore();
    store = temp.store;
    other = new pg.Client({ connectionString: temp.url });
    await other.connect();
  });

  afterEach(async () => {
    await other.end();
    await temp.cleanup();
  });

  it('reads a count afresh after this process writes papers', async () => {
    expect(await countMatchesUpTo(store, '"zeugma"', 10)).toBe(0);
    await upsertPapers(store, [paper('2611.00001', 'Zeugma in Language Models')], '2026-11-29T00:00:00.000Z');
    expect(await countMatchesUpTo(store, '"zeugma"', 10)).toBe(1);
  });

  it("answers a count asked again from memory, so another process's write shows only later", async () => {
    await upsertPapers(store, [paper('2611.00001', 'Zeugma in Language Models')], '2026-11-29T00:00:00.000Z');
    expect(await countMatchesUpTo(store, '"zeugma"', 10)).toBe(1);
    await other.query('DELETE FROM paper_search');
    expect(await countMatchesUpTo(store, '"zeugma"', 10)).toBe(1);
    // A different question is asked of the database.
    expect(await countMatchesUpTo(store, '"zeugma"', 5)).toBe(0);
  });

  it('reads the vocabulary afresh after this process rebuilds it, and answers many terms in one call', async () => {
    expect(await vocabularyTerms(store, ['zeugma'])).toEqual([]);
    await upsertPapers(
      store,
      [paper('2611.00001', 'Zeugma in Language Models'), paper('2611.00002', 'Zeugma and Syllepsis')],
      '2026-11-29T00:00:00.000Z',
    );
    await refreshSearchVocabulary(store);
    const terms = await vocabularyTerms(store, ['zeugma', 'syllepsi', 'zeugma', 'absent']);
    expect(terms.sort((a, b) => a.term.localeCompare(b.term))).toEqual([
      { term: 'syllepsi', docCount: 1 },
      { term: 'zeugma', docCount: 2 },
    ]);
  });

  it("keeps a topic concept's count in the database for every process, for days, and search counts afresh", async () => {
    await upsertPapers(store, [paper('2611.00001', 'Zeugma in Language Models')], '2026-11-29T00:00:00.000Z');
    expect(await conceptCountUpTo(store, '"zeugma"', 2000)).toBe(1);
    await other.query('DELETE FROM paper_search');
    // Another process: nothing in its memory, the kept count in the database.
    const second = openStore(temp.url, { poolSize: 2 }) as PostgresStore;
    try {
      expect(await conceptCountUpTo(second, '"zeugma"', 2000)).toBe(1);
      expect(await countMatchesUpTo(second, '"zeugma"', 2000)).toBe(0);
      // A count older than its days is counted again.
      await other.query("UPDATE concept_counts SET counted_at = now() - interval '8 days'");
      const third = openStore(temp.url, { poolSize: 2 }) as PostgresStore;
      try {
        expect(await conceptCountUpTo(third, '"zeugma"', 2000)).toBe(0);
      } finally {
        await third.close();
      }
    } finally {
      await second.close();
    }
    const kept = await other.query<{ docs: number }>('SELECT docs FROM concept_counts');
    expect(kept.rows).toEqual([{ docs: 0 }]);
  });
});
