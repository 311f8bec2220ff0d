// Relevance on a small realistic corpus: the paper a user half remembers comes first, whatever the spelling. The
// same behaviour on SQLite (FTS5) and on PostgreSQL (tsvector).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchPapers } from '../../../src/app/search/search.js';
import { semanticIndexOf, semanticSimilarities } from '../../../src/app/semantic/semantic-search.js';
import { docIdForArxivId } from '../../../src/core/arxiv-id.js';
import { createStoreOf, DIALECTS, type Dialect } from '../../helpers/temp-store.js';
import { loadSearchCorpus } from '../../helpers/search-corpus.js';

const NOW = new Date('2026-11-29T12:00:00Z');

describe.each(DIALECTS)('on %s', (dialect: Dialect) => {
  let temp: Awaited<ReturnType<typeof createStoreOf>>;

  beforeAll(async () => {
    temp = await createStoreOf(dialect);
    await loadSearchCorpus(temp.store);
  });
  afterAll(async () => temp.cleanup());

  async function ids(query: string, limit = 10): Promise<string[]> {
    const response = await searchPapers(temp.store, query, { limit, now: NOW });
    return response.hits.map((h) => h.paper.id);
  }

  describe('the paper you half remember comes first', () => {
    it.each([
      ['chronicals unsloth speedup', '2601.90000'],
      ['zeroth order fine tuning limited gpu memory', '2503.90048'],
      ['speculative weight prediction', '2602.90052'],
      ['verilog generation reinforcement learning', '2504.90012'],
      ['mixture of depths routing tokens', '2601.03817'],
      ['"chain of thought" backtracking', '2601.02488'],
      ['deepmind', '2603.90024'],
      ['org:deepmind', '2603.90024'],
      ['author:"Mei Tanaka"', '2601.03817'],
      ['protein tokenisation', '2611.00102'],
    ])('%s', async (query, expected) => {
      expect((await ids(query))[0]).toBe(expected);
    });
  });

  describe('British and American spellings find each other', () => {
    it('optimizer (US) finds a paper that writes "optimisers"', async () => {
      expect((await ids('adaptive optimizer experts'))[0]).toBe('2611.00101');
    });
    it('optimiser (UK) finds the paper titled "Optimizer"', async () => {
      expect(await ids('optimiser fox')).toContain('2502.90036');
    });
    it('quantisation finds the quantization papers', async () => {
      const found = await ids('quantisation', 3);
      expect(found).toEqual(expect.arrayContaining(['2312.90030', '2309.90050', '2505.90014']));
    });
    it('modelling finds "Modeling" and modeling finds "modelling"', async () => {
      expect((await ids('structured modelling behavioral verification'))[0]).toBe('2602.90040');
      expect((await ids('protein language modeling'))[0]).toBe('2611.00102');
    });
    it('behavior finds behaviour, normalization finds normalisation', async () => {
      expect(await ids('behavior load imbalance')).toContain('2611.00101');
      expect(await ids('expert normalization stabilizes')).toContain('2611.00101');
    });
  });

  describe('compound words written joined, hyphenated or apart find each other', () => {
    it('finetuning finds "Fine-Tuning" titles and fine-tuning finds "Finetuning"', async () => {
      expect(await ids('finetuning', 20)).toEqual(expect.arrayContaining(['2601.90000', '2503.90048', '2602.90016']));
      expect(await ids('fine-tuning', 20)).toEqual(expect.arrayContaining(['2601.90000', '2503.90048', '2602.90016']));
      expect(await ids('"fine tuning"', 20)).toContain('2602.90016');
    });
  });

  describe('small typos still find the papers', () => {
    it.each([
      ['tranformer model editing', '2308.90018'],
      ['speculatve weight predicton', '2602.90052'],
      ['chronicls', '2601.90000'],
      ['difusion memorize', '2601.03402'],
    ])('%s', async (query, expected) => {
      const response = await searchPapers(temp.store, query, { now: NOW });
      expect(response.hits[0]?.paper.id).toBe(expected);
      expect(response.corrections.length).toBeGreaterThan(0);
    });

    it('quantizaton (typo in the suffix) finds the quantization papers', async () => {
      const response = await searchPapers(temp.store, 'quantizaton large language models', { limit: 3, now: NOW });
      expect(response.hits.map((h) => h.paper.id)).toContain('2309.90050');
      expect(response.corrections).toEqual([{ word: 'quantizaton', alternatives: ['quantiz'] }]);
    });

    it('a correctly spelt rare word is not "corrected" into a common one', async () => {
      const response = await searchPapers(temp.store, 'deepmind', { now: NOW });
      expect(response.corrections).toEqual([]);
      expect(response.hits.map((h) => h.paper.id)).toEqual(['2603.90024']);
    });
  });

  describe('query language', () => {
    it('a phrase needs its words together and in order', async () => {
      const phrase = await ids('"language models"', 50);
      const reversed = await ids('"models language"', 50);
      expect(phrase.length).toBeGreaterThan(3);
      expect(reversed.length).toBeLessThan(phrase.length);
    });
    it('-word excludes papers with that word', async () => {
      const all = await ids('optimization', 50);
      const withoutLlm = await ids('optimization -llm', 50);
      expect(withoutLlm.length).toBeGreaterThan(0);
      expect(withoutLlm.length).toBeLessThan(all.length);
      expect(withoutLlm).not.toContain('2603.90024');
    });
    it('prefix* matches word starts', async () => {
      expect(await ids('quantiz*', 10)).toEqual(expect.arrayContaining(['2312.90030', '2309.90050']));
      expect((await ids('memoriz* diffusi*', 10))[0]).toBe('2601.03402');
      expect(await ids('transformer*', 10)).toContain('2308.90018');
    });
    it('cat: keeps only that category, -cat: leaves it out', async () => {
      const cv = await ids('cat:cs.CV', 50);
      expect(cv.sort()).toEqual(['2601.01907', '2601.03402']);
      expect(await ids('cat:cs.LG -cat:cs.CV', 50)).not.toContain('2601.03402');
    });
    it('since: keeps papers published on or after the day', async () => {
      const response = await searchPapers(temp.store, 'optimization since:2026-03-01', { limit: 50, now: NOW });
      expect(response.hits.length).toBeGreaterThan(0);
      for (const hit of response.hits) expect(hit.paper.publishedAt! >= '2026-03-01').toBe(true);
    });
    it('when no paper has every word, shows papers with some of them', async () => {
      const response = await searchPapers(temp.store, 'verilog xylophone', { now: NOW });
      expect(response.relaxed).toBe(true);
      expect(response.hits[0]?.paper.id).toBe('2504.90012');
    });
    it('pages do not overlap', async () => {
      const first = await searchPapers(temp.store, 'optimization', { limit: 5, now: NOW });
      const second = await searchPapers(temp.store, 'optimization', { limit: 5, offset: 5, now: NOW });
      const overlap = first.hits.filter((a) => second.hits.some((b) => b.paper.id === a.paper.id));
      expect(second.hits.length).toBe(5);
      expect(overlap).toEqual([]);
    });
  });

  describe('ranking', () => {
    it('scores are sorted best first', async () => {
      const response = await searchPapers(temp.store, 'large language models', { limit: 20, now: NOW });
      const scores = response.hits.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });
    it('a title match outranks an abstract-only match', async () => {
      const found = await ids('transformer', 10);
      expect(found[0]).toBe('2308.90018');
    });
    it('fuses the semantic layer in: the model fitted on import scores the papers found', async () => {
      expect(await semanticIndexOf(temp.store)).not.toBeNull();
      const response = await searchPapers(temp.store, 'quantization', { limit: 5, now: NOW });
      const scores = await semanticSimilarities(
        temp.store,
        'quantization',
        response.hits.map((h) => docIdForArxivId(h.paper.id)),
      );
      expect(Math.max(...scores.values())).toBeGreaterThan(0.3);
    });
  });
});
