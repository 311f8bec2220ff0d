// What search understands, on a small store of its own: full ranked lists, abbreviations learned from the
// papers (both ways, and growing with the store), the field vocabulary's kinds, word forms, and what the answer
// says it also searched. Filters stay strict whatever is added.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperInput } from '../../../src/core/paper.js';
import { refreshSearchKnowledge } from '../../../src/app/search/refresh-search-knowledge.js';
import { alsoSearched, searchAnswerText } from '../../../src/core/search/search-result-view.js';
import { searchPapers } from '../../../src/app/search/search.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';

const NOW = new Date('2026-12-01T12:00:00Z');
let serial = 0;

function paper(title: string, abstract: string, authors = ['Ada Lovelace']): PaperInput {
  serial += 1;
  return {
    source: 'arxiv',
    id: `2611.${String(20000 + serial)}`,
    title,
    abstract,
    authors,
    publishedAt: '2026-11-20T00:00:00.000Z',
    categories: ['cs.LG'],
  };
}

const DEFINES_PEFT = paper('Adapters for everyone', 'We revisit parameter-efficient fine-tuning (PEFT) for language models.');
const SAYS_PEFT = paper('A benchmark of PEFT methods', 'We compare PEFT methods on twelve tasks.');
const SAYS_LONG = paper('Parameter efficient finetuning at scale', 'Tuning a few weights of a large network.');
const QUANTIZED = paper('Quantized transformers at four bits', 'We quantize weights to 4-bit integers.', ['Grace Hopper']);
const PRUNED = paper('Pruning attention heads', 'Removing heads without losing accuracy.');
const MULTIOBJECTIVE = paper('Multiobjective optimization of wings', 'Pareto fronts of drag and lift.');
const OPTIMIZATION = paper('Convex optimization for control', 'Solving control problems with convex programs.');
const RLHF_ONLY = paper('Reward models for RLHF', 'Better reward models make RLHF more stable.');
const DEFINES_RLHF = paper('Aligning assistants', 'We train with reinforcement learning from human feedback (RLHF) on chat data.');
const UNRELATED = paper('Protein folding with diffusion', 'We fold proteins.');
const ALL = [DEFINES_PEFT, SAYS_PEFT, SAYS_LONG, QUANTIZED, PRUNED, MULTIOBJECTIVE, OPTIMIZATION, RLHF_ONLY, DEFINES_RLHF, UNRELATED];

let temp: TempStore;
beforeEach(async () => {
  temp = await createTempStore();
  await upsertPapers(temp.store, ALL, NOW.toISOString());
  await refreshSearchKnowledge(temp.store);
});
afterEach(async () => temp.cleanup());

const ids = async (query: string) => (await searchPapers(temp.store, query, { now: NOW })).hits.map((h) => h.paper.id);

describe('search understands', () => {
  it('an abbreviation one paper defines, both ways, in papers that never define it', async () => {
    expect(new Set(await ids('PEFT'))).toEqual(new Set([DEFINES_PEFT.id, SAYS_PEFT.id, SAYS_LONG.id]));
    expect(await ids('parameter-efficient fine-tuning')).toContain(SAYS_PEFT.id);
    const response = await searchPapers(temp.store, 'PEFT', { now: NOW });
    expect(alsoSearched(response)).toMatch(/^peft → parameter.efficient fine.tuning/);
  });

  it('an abbreviation the store learns as papers arrive', async () => {
    const before = await ids('KD');
    const teaches = paper('Smaller students', 'Knowledge distillation (KD) moves what a teacher knows into a student.');
    const later = paper('Distilling knowledge for speech', 'We use knowledge distillation for speech recognition.');
    await upsertPapers(temp.store, [teaches, later], NOW.toISOString());
    await refreshSearchKnowledge(temp.store);
    expect(before).toEqual([]);
    expect(new Set(await ids('KD'))).toEqual(new Set([teaches.id, later.id]));
  });

  it('the kinds of a broad topic, after the papers that name it', async () => {
    const found = await ids('model compression');
    expect(found).toContain(QUANTIZED.id);
    expect(found).toContain(PRUNED.id);
    expect(found).not.toContain(UNRELATED.id);
  });

  it('full lists: every word first, then most of the words', async () => {
    const found = await ids('multi objective optimisation');
    expect(found[0]).toBe(MULTIOBJECTIVE.id);
    expect(found).toContain(OPTIMIZATION.id);
    const response = await searchPapers(temp.store, 'multi objective optimisation', { now: NOW });
    expect(response.hits.filter((h) => h.complete === true).map((h) => h.paper.id)).toEqual([MULTIOBJECTIVE.id]);
  });

  it('typos in every word, read as meant, and the abbreviation of what was meant', async () => {
    const response = await searchPapers(temp.store, 'reinforcment learning from human feedbak', { now: NOW });
    const found = response.hits.map((h) => h.paper.id);
    expect(found).toContain(DEFINES_RLHF.id);
    expect(found).toContain(RLHF_ONLY.id);
    expect(searchAnswerText(response, 'reinforcment learning from human feedbak').split('\n')[1]).toMatch(
      /^\(also searched: .*reinforcment → reinforcement/,
    );
  });

  it('words typed side by side first, over a paper that has them apart', async () => {
    const apart = paper('Orthogonal updates', 'Muon is fast. Our optimizer is faster.');
    const together = paper('Orthogonal steps', 'We study how the Muon optimizer behaves on transformers and on other networks.');
    await upsertPapers(temp.store, [apart, together], NOW.toISOString());
    await refreshSearchKnowledge(temp.store);
    // The shorter abstract has the better bm25 (typed the other way round, neither paper
    // has the words side by side): only the words standing together put the other first.
    const lexical = async (query: string) =>
      (await searchPapers(temp.store, query, { now: NOW, ranking: 'lexical' })).hits.slice(0, 2).map((h) => h.paper.id);
    expect(await lexical('Muon optimizer')).toEqual([together.id, apart.id]);
    expect(await lexical('optimizer Muon')).toEqual([apart.id, together.id]);
    expect((await ids('Muon optimizer')).slice(0, 2)).toEqual([together.id, apart.id]);
  });

  it('a start keeps the vocabulary every write rebuilt, and builds one only when there is none', async () => {
    const count = () => (temp.store.sqlite.prepare('SELECT count(*) AS n FROM search_vocab').get() as { n: number }).n;
    const built = count();
    expect(built).toBeGreaterThan(0);
    temp.store.sqlite.prepare("INSERT INTO search_vocab (term, doc_count) VALUES ('zzmarker', 1)").run();
    await refreshSearchKnowledge(temp.store, { vocabulary: 'if-missing' });
    expect(count()).toBe(built + 1);
    temp.store.sqlite.prepare('DELETE FROM search_vocab').run();
    await refreshSearchKnowledge(temp.store, { vocabulary: 'if-missing' });
    expect(count()).toBe(built);
    await refreshSearchKnowledge(temp.store);
    expect(count()).toBe(built);
  });

  it('numbers with units in every spelling', async () => {
    for (const query of ['4 bit', '4-bit', '4bit', 'int4']) expect(await ids(query), query).toContain(QUANTIZED.id);
  });

  it('keeps phrases in quotes, exclusions and author: strict', async () => {
    expect(await ids('"model compression"')).toEqual([]);
    expect(await ids('model compression -pruning')).not.toContain(PRUNED.id);
    expect(await ids('model compression author:hopper')).toEqual([QUANTIZED.id]);
  });
});
