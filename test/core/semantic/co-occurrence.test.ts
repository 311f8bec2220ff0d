// What LSA adds over word matching: a query sharing no word with a paper still finds it when the query's words
// and the paper's words appear together in other papers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docIdForArxivId } from '../../../src/core/arxiv-id.js';
import { refreshSemantic, semanticNeighboursOfText, semanticSimilarities } from '../../../src/app/semantic/semantic-search.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';
import { paperInput, topicPapers } from './semantic-corpus.js';

let temp: TempStore;
const corpus = topicPapers(14, 5);
// Only "engine" and "wheel": the query below uses neither.
const target = paperInput('engine wheel', 'engine wheel engine');
const targetDocId = docIdForArxivId(target.id);
const QUERY = 'driver road';

beforeAll(async () => {
  temp = await createTempStore();
  await upsertPapers(temp.store, [...corpus.map((c) => c.input), target], '2026-01-12T06:00:00.000Z');
  await refreshSemantic(temp.store, { waitForRefit: true });
});

afterAll(async () => {
  await temp.cleanup();
});

describe('co-occurrence', () => {
  it('finds a paper that shares no word with the query through words that co-occur with its own', async () => {
    const vehicles = corpus.filter((c) => c.topic === 'vehicles').length;
    const hits = await semanticNeighboursOfText(temp.store, QUERY, vehicles + 1);
    expect(hits.map((h) => h.docId)).toContain(targetDocId);
    const scores = await semanticSimilarities(temp.store, QUERY, [targetDocId, ...corpus.map((c) => docIdForArxivId(c.input.id))]);
    expect(scores.get(targetDocId)).toBeGreaterThan(0.5);
    const otherTopics = corpus.filter((c) => c.topic !== 'vehicles').map((c) => scores.get(docIdForArxivId(c.input.id)) ?? 1);
    expect(scores.get(targetDocId)).toBeGreaterThan(Math.max(...otherTopics));
  });
});
