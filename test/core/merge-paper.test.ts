import { describe, expect, it } from 'vitest';
import { mergePaper, newPaperFrom } from '../../src/core/merge-paper.js';
import type { PaperInput } from '../../src/core/paper.js';

const T0 = '2026-01-05T10:00:00.000Z';
const T1 = '2026-01-06T10:00:00.000Z';

const hf: PaperInput = {
  source: 'hf',
  id: '2601.01234',
  title: 'HF title',
  abstract: 'HF abstract.',
  authors: ['Ada Lovelace'],
  upvotes: 12,
  numComments: 3,
  dailyDate: '2026-01-05',
  aiSummary: 'A summary.',
  aiKeywords: ['kw'],
  githubRepo: 'https://github.com/x/y',
  organization: { name: 'deepmind', fullname: 'Google DeepMind' },
};
const arxiv: PaperInput = {
  source: 'arxiv',
  id: '2601.01234',
  title: 'arXiv title',
  abstract: 'arXiv abstract.',
  authors: ['Ada Lovelace', 'Alan Turing'],
  publishedAt: '2026-01-04T18:00:00.000Z',
  categories: ['cs.LG', 'cs.AI'],
};

describe('mergePaper', () => {
  it('arXiv wins shared fields and Hugging Face keeps community data, in either order', () => {
    const hfFirst = mergePaper(newPaperFrom(hf, T0), arxiv, T1).paper;
    const arxivFirst = mergePaper(newPaperFrom(arxiv, T0), hf, T1).paper;
    for (const paper of [hfFirst, arxivFirst]) {
      expect(paper.title).toBe('arXiv title');
      expect(paper.abstract).toBe('arXiv abstract.');
      expect(paper.authors).toEqual(['Ada Lovelace', 'Alan Turing']);
      expect(paper.categories).toEqual(['cs.LG', 'cs.AI']);
      expect(paper.upvotes).toBe(12);
      expect(paper.numComments).toBe(3);
      expect(paper.aiSummary).toBe('A summary.');
      expect(paper.organization).toBe('deepmind');
      expect(paper.organizationName).toBe('Google DeepMind');
      expect(paper.dailyDate).toBe('2026-01-05');
      expect(paper.sources).toEqual(['arxiv', 'hf']);
      expect(paper.firstSeenAt).toBe(T0);
    }
  });

  it('reports no change, and keeps updatedAt, when the same information arrives again', () => {
    const stored = newPaperFrom(hf, T0);
    const again = mergePaper(stored, hf, T1);
    expect(again.changed).toBe(false);
    expect(again.searchableChanged).toBe(false);
    expect(again.paper.updatedAt).toBe(T0);
  });

  it('an upvote change is a change, but not a searchable one', () => {
    const result = mergePaper(newPaperFrom(hf, T0), { ...hf, upvotes: 40 }, T1);
    expect(result).toMatchObject({ changed: true, searchableChanged: false });
    expect(result.paper.upvotes).toBe(40);
    expect(result.paper.updatedAt).toBe(T1);
  });

  it('a field a source leaves out never erases what is known', () => {
    const stored = newPaperFrom(hf, T0);
    const sparse: PaperInput = { source: 'hf', id: hf.id, title: hf.title, upvotes: 12 };
    const result = mergePaper(stored, sparse, T1);
    expect(result.paper.aiSummary).toBe('A summary.');
    expect(result.paper.githubRepo).toBe('https://github.com/x/y');
    expect(result.paper.abstract).toBe('HF abstract.');
  });

  it('Hugging Face cannot overwrite arXiv text once arXiv has spoken, but fills what arXiv left empty', () => {
    const stored = newPaperFrom({ ...arxiv, abstract: '' }, T0);
    const result = mergePaper(stored, hf, T1).paper;
    expect(result.title).toBe('arXiv title');
    expect(result.abstract).toBe('HF abstract.');
  });

  it('keeps the first day a paper appeared on Daily Papers', () => {
    const stored = newPaperFrom(hf, T0);
    expect(mergePaper(stored, { ...hf, dailyDate: '2026-01-09' }, T1).paper.dailyDate).toBe('2026-01-05');
  });
});
