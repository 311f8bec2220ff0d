import { describe, expect, it } from 'vitest';
import { cutAtWord, digestItem, firstSentence, SUMMARY_MAX_CHARS } from '../../../src/core/digest/digest-item.js';
import { authorLine } from '../../../src/core/paper.js';
import { newPaperFrom } from '../../../src/core/merge-paper.js';

const paper = newPaperFrom(
  {
    source: 'hf',
    id: '2601.01234',
    title: 'Sparse Routing',
    abstract: 'We achieve a 3.5x speedup, e.g. on long contexts. Then we study more. And more.',
    authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'],
    upvotes: 12,
    githubRepo: 'https://github.com/x/y',
    githubStars: 99,
  },
  '2026-01-05T00:00:00.000Z',
);

describe('digestItem', () => {
  it('carries links, code, upvotes, the first authors and one line of summary', () => {
    expect(digestItem(paper)).toEqual({
      id: '2601.01234',
      title: 'Sparse Routing',
      links: {
        paper: 'https://huggingface.co/papers/2601.01234',
        arxiv: 'https://arxiv.org/abs/2601.01234',
        pdf: 'https://arxiv.org/pdf/2601.01234',
        code: 'https://github.com/x/y',
      },
      githubStars: 99,
      upvotes: 12,
      authors: 'Ada Lovelace, Alan Turing, Grace Hopper et al.',
      summary: 'We achieve a 3.5x speedup, e.g. on long contexts.',
      thumbnail: null,
      topics: [],
    });
    expect(digestItem(paper, ['rlhf', 'moe']).topics).toEqual(['rlhf', 'moe']);
  });

  it('prefers the AI summary, and cuts a long one at a word', () => {
    const long = { ...paper, aiSummary: `${'word '.repeat(100)}end` };
    const { summary } = digestItem(long);
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(summary).toMatch(/word…$/);
  });

  it('has no stars without a code link', () => {
    expect(digestItem({ ...paper, githubRepo: null }).githubStars).toBeNull();
  });
});

describe('helpers', () => {
  it('firstSentence ignores abbreviations and decimals', () => {
    expect(firstSentence('We use e.g. LoRA at 3.5x speed. Next sentence.')).toBe('We use e.g. LoRA at 3.5x speed.');
    expect(firstSentence('No full stop at all')).toBe('No full stop at all');
    expect(firstSentence('As shown by Smith et al. We then go on. More.')).toBe('As shown by Smith et al. We then go on.');
    expect(firstSentence('Does it work? Yes.')).toBe('Does it work?');
  });
  it('cutAtWord keeps short text and cuts long text at a space', () => {
    expect(cutAtWord('short', 10)).toBe('short');
    expect(cutAtWord('alpha beta gamma delta', 12)).toBe('alpha beta…');
    expect(cutAtWord('x'.repeat(30), 10)).toBe(`${'x'.repeat(9)}…`);
  });
  it('authorLine', () => {
    expect(authorLine([])).toBe('Unknown authors');
    expect(authorLine(['A', 'B'])).toBe('A, B');
  });
});
