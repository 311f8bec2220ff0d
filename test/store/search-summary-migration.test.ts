// The AI summary is searchable, and the migration that added its column rebuilds the index exactly as the
// writer indexes a paper: rebuilding a store's index from its papers changes no term, count or match.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { up as rebuildWithSummary } from '../../migrations/2026_12_02_0200_search_summary.js';
import { searchPapers } from '../../src/app/search/search.js';
import { upsertPapers } from '../../src/store/papers-repository.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

let temp: TempStore;
const NOW = new Date('2026-12-01T12:00:00Z');

beforeEach(async () => {
  temp = await createTempStore();
  await upsertPapers(
    temp.store,
    [
      {
        source: 'hf',
        id: '2601.00001',
        title: 'Sparse mixtures for long inputs',
        abstract: 'We route tokens to experts.',
        authors: ['Ada Lovelace', 'Grace Hopper'],
        organization: { name: 'acme-ai', fullname: 'Acme AI Lab' },
        aiSummary: 'The paper shows a gating scheme that makes kaleidoscopic routing cheaper.',
        aiKeywords: ['mixture of experts', 'routing'],
        categories: ['cs.LG', 'q-bio.NC', 'cond-mat.stat-mech'],
        publishedAt: '2026-01-05T00:00:00.000Z',
      },
      {
        source: 'arxiv',
        id: '2601.00002',
        title: 'Dense baselines',
        abstract: 'Nothing about gates.',
        authors: ['Alan Turing'],
        categories: ['cs.CL'],
      },
    ],
    NOW.toISOString(),
  );
});

afterEach(async () => temp.cleanup());

function indexSnapshot() {
  const { sqlite } = temp.store;
  return {
    vocabulary: sqlite.prepare('SELECT term, doc, cnt FROM papers_fts_vocab ORDER BY term').all(),
    columns: ['title', 'abstract', 'keywords', 'authors', 'organization', 'categories', 'summary'].map((column) =>
      sqlite
        .prepare(`SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid`)
        .all(`${column} : (acme OR lab OR gate* OR route* OR cslg OR qbionc OR condmatstatmech OR hopper OR expert* OR dense)`),
    ),
  };
}

describe('the summary column of the search index', () => {
  it('finds a paper by a word only its AI summary has', async () => {
    const response = await searchPapers(temp.store, 'kaleidoscopic', { now: NOW });
    expect(response.hits.map((hit) => hit.paper.id)).toEqual(['2601.00001']);
  });

  it('is rebuilt from the papers exactly as the writer indexed them', async () => {
    const before = indexSnapshot();
    expect(before.vocabulary.length).toBeGreaterThan(20);
    await rebuildWithSummary(temp.store.db);
    expect(indexSnapshot()).toEqual(before);
  });
});
