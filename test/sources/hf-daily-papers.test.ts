import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PaperInput } from '../../src/core/paper.js';
import { parseHfDailyPapers } from '../../src/sources/hf-daily-papers.js';
import { hfItem, patchPaper } from '../doubles/hf-items.js';
import { BUNDLED_SAMPLE } from '../helpers/bundled-sample.js';

const sampleText = readFileSync(BUNDLED_SAMPLE, 'utf8');
const sample: unknown = JSON.parse(sampleText);

function only(papers: PaperInput[]): PaperInput {
  expect(papers).toHaveLength(1);
  return papers[0]!;
}

describe('parseHfDailyPapers on the bundled sample', () => {
  const { papers, skipped } = parseHfDailyPapers(sample);
  const byId = new Map(papers.map((p) => [p.id, p]));

  it('is the real papers of the seed fixture, byte for byte', () => {
    expect(sampleText).toBe(readFileSync(new URL('../fixtures/hf-daily-papers-seed.json', import.meta.url), 'utf8'));
  });

  it('accepts all 53 papers and skips none', () => {
    expect(skipped).toEqual([]);
    expect(papers).toHaveLength(53);
    expect(papers.every((p) => p.source === 'hf')).toBe(true);
    expect(papers.slice(0, 3).map((p) => p.id)).toEqual(['2601.02609', '2110.02861', '2602.12305']);
    expect(papers.at(-1)?.id).toBe('2602.19580');
    expect(new Set(papers.map((p) => p.id)).size).toBe(53);
  });

  it('reads authors, counts, links and the Daily Papers day', () => {
    const first = byId.get('2601.02609');
    expect(first).toMatchObject({
      title: 'Chronicals: A High-Performance Framework for LLM Fine-Tuning with 3.51x Speedup over Unsloth',
      authors: ['Arjun S. Nair'],
      upvotes: 2,
      numComments: 0,
      dailyDate: '2026-01-05',
      publishedAt: '2026-01-05T00:00:00.000Z',
      githubRepo: 'https://github.com/Ajwebdevs/Chronicals',
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2601.02609.png',
    });
    expect(first?.abstract).toMatch(/^Large language model fine-tuning is bottlenecked by memory/);
    expect(byId.get('2110.02861')).toMatchObject({
      title: '8-bit Optimizers via Block-wise Quantization',
      authors: ['Tim Dettmers', 'Mike Lewis', 'Sam Shleifer', 'Luke Zettlemoyer'],
      dailyDate: '2021-10-06',
      upvotes: 0,
    });
    expect(byId.get('2110.02861')?.githubRepo).toBeUndefined();
    expect(byId.get('2602.12305')?.authors).toHaveLength(6);
    expect(byId.get('2412.13148')?.dailyDate).toBe('2024-12-17');
    // Listed on Daily Papers months after it reached arXiv: the day comes from the listing, not the id.
    expect(byId.get('2509.23500')?.dailyDate).toBe('2026-04-17');
    expect(Math.max(...papers.map((p) => p.upvotes ?? 0))).toBe(5);
  });

  it('puts an organization on the three papers listed under one', () => {
    expect(byId.get('2603.14769')).toMatchObject({
      title: 'POLCA: Stochastic Generative Optimization with LLM',
      organization: { name: 'deepmind', fullname: 'Deepmind' },
    });
    expect(byId.get('2509.23500')?.organization).toEqual({ name: 'SPCL', fullname: 'Scalable Parallel Computing Laboratory (SPCL)' });
    expect(byId.get('2602.16928')?.organization).toEqual({ name: 'google', fullname: 'Google' });
    expect(papers.filter((p) => p.organization !== undefined).map((p) => p.id)).toEqual(['2603.14769', '2509.23500', '2602.16928']);
  });

  it('uses the requested day over submittedOnDailyAt when given one', () => {
    const hinted = parseHfDailyPapers(sample, '2026-01-09');
    expect(hinted.papers.every((p) => p.dailyDate === '2026-01-09')).toBe(true);
  });
});

describe('parseHfDailyPapers with malformed items', () => {
  const good = (n: number) => hfItem({ id: `2601.0000${n}`, upvotes: n });

  it.each([
    { label: 'no paper', item: { ...good(9), paper: undefined }, ref: 'item 1', reason: /^paper: .*(object|undefined)/i },
    { label: 'paper is null', item: { ...good(9), paper: null }, ref: 'item 1', reason: /^paper: / },
    {
      label: 'id not an arXiv id',
      item: patchPaper(good(9), { id: 'not-a-paper' }),
      ref: 'not-a-paper',
      reason: 'paper.id is not an arXiv id: "not-a-paper"',
    },
    { label: 'id a number', item: patchPaper(good(9), { id: 2601.00009 }), ref: 'item 1', reason: /^paper\.id: .*string/ },
    { label: 'title empty', item: patchPaper(good(9), { title: '  \n ' }), ref: '2601.00009', reason: 'paper.title is empty' },
    { label: 'title missing', item: patchPaper(good(9), { title: undefined }), ref: '2601.00009', reason: /^paper\.title: / },
    {
      label: 'upvotes negative',
      item: patchPaper(good(9), { upvotes: -3 }),
      ref: '2601.00009',
      reason: /^paper\.upvotes: .*(>=|greater|negative|0)/,
    },
    { label: 'upvotes a string', item: patchPaper(good(9), { upvotes: '12' }), ref: '2601.00009', reason: /^paper\.upvotes: .*number/ },
    { label: 'upvotes fractional', item: patchPaper(good(9), { upvotes: 1.5 }), ref: '2601.00009', reason: /^paper\.upvotes: .*int/i },
    {
      label: 'authors not an array',
      item: patchPaper(good(9), { authors: 'Ada Lovelace' }),
      ref: '2601.00009',
      reason: /^paper\.authors: .*array/,
    },
    {
      label: 'publishedAt not a date',
      item: patchPaper(good(9), { publishedAt: 'yesterday' }),
      ref: '2601.00009',
      reason: 'paper.publishedAt: not a date',
    },
    { label: 'item a string', item: 'oops', ref: 'item 1', reason: /^item: .*object/ },
  ])('skips an item with $label, with a readable reason, and keeps the good ones around it', ({ item, ref, reason }) => {
    const { papers, skipped } = parseHfDailyPapers([good(1), item, good(2)]);
    expect(papers.map((p) => p.id)).toEqual(['2601.00001', '2601.00002']);
    expect(papers.map((p) => p.upvotes)).toEqual([1, 2]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.ref).toBe(ref);
    if (typeof reason === 'string') expect(skipped[0]?.reason).toBe(reason);
    else expect(skipped[0]?.reason).toMatch(reason);
  });

  it('counts every bad item of a batch', () => {
    const batch = [good(1), null, patchPaper(good(2), { upvotes: -1 }), good(3), patchPaper(good(4), { id: '' }), 42];
    const { papers, skipped } = parseHfDailyPapers(batch);
    expect(papers.map((p) => p.id)).toEqual(['2601.00001', '2601.00003']);
    expect(skipped.map((s) => s.ref)).toEqual(['item 1', '2601.00002', 'item 4', 'item 5']);
    expect(skipped[2]?.reason).toBe('paper.id is not an arXiv id: ""');
  });

  it('reports a payload that is not an array as one skipped response', () => {
    for (const payload of [{ error: 'Invalid date' }, null, 'text', 7]) {
      expect(parseHfDailyPapers(payload)).toEqual({
        papers: [],
        skipped: [{ ref: 'response', reason: 'expected a JSON array of daily papers' }],
      });
    }
  });
});

describe('parseHfDailyPapers normalisation', () => {
  it('drops the version from the id', () => {
    expect(only(parseHfDailyPapers([hfItem({ id: '2601.01234v3' })]).papers).id).toBe('2601.01234');
  });

  it('tolerates null optional fields', () => {
    const item = {
      ...patchPaper(hfItem({ id: '2601.01234', day: '2026-01-06' }), {
        summary: null,
        authors: null,
        publishedAt: null,
        upvotes: null,
        ai_summary: null,
        ai_keywords: null,
        githubRepo: null,
        githubStars: null,
        projectPage: null,
        organization: null,
      }),
      numComments: null,
      thumbnail: null,
      organization: null,
    };
    const paper = only(parseHfDailyPapers([item]).papers);
    expect(paper).toEqual({
      source: 'hf',
      id: '2601.01234',
      title: 'A study of 2601.01234',
      abstract: '',
      authors: [],
      upvotes: 0,
      numComments: 0,
      dailyDate: '2026-01-06',
    });
  });

  it('tolerates unknown extra fields and unnamed authors', () => {
    const item = {
      ...patchPaper(hfItem({ id: '2601.01234', authors: ['Ada Lovelace'] }), {
        mediaUrls: ['https://example.org/a.mp4'],
        authors: [
          { _id: 'x', name: 'Ada Lovelace', user: { avatarUrl: '/a.png' } },
          { _id: 'y', hidden: true },
        ],
      }),
      submittedBy: { _id: 'z', fullname: 'Someone', isPro: true },
      isAuthorParticipating: true,
    };
    const paper = only(parseHfDailyPapers([item]).papers);
    expect(paper.authors).toEqual(['Ada Lovelace']);
  });

  it('reads the community fields and cleans whitespace', () => {
    const item = hfItem({
      id: '2601.01234',
      title: '  Attention\n  Is   All You Need ',
      aiSummary: 'A  short\tsummary.',
      aiKeywords: ['transformers', '  ', 'attention'],
      githubStars: 1200,
      projectPage: 'https://example.org/project',
      organization: { name: 'google', fullname: 'Google' },
    });
    const paper = only(parseHfDailyPapers([item]).papers);
    expect(paper).toMatchObject({
      title: 'Attention Is All You Need',
      aiSummary: 'A short summary.',
      aiKeywords: ['transformers', 'attention'],
      githubStars: 1200,
      projectPage: 'https://example.org/project',
      organization: { name: 'google', fullname: 'Google' },
    });
  });

  it('ignores links that are not http(s) instead of skipping the paper', () => {
    const item = patchPaper(hfItem({ id: '2601.01234' }), { githubRepo: 'javascript:alert(1)', projectPage: 'n/a' });
    const paper = only(parseHfDailyPapers([item]).papers);
    expect(paper.githubRepo).toBeUndefined();
    expect(paper.projectPage).toBeUndefined();
  });
});
