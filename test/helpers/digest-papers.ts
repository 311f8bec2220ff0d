// Papers for digest tests on any platform: long titles, summaries and author lists every few papers (to push
// the platforms' limits), code links and stars on the even ones, a thumbnail on each; all listed on Daily
// Papers on Friday 27 November 2026, so Monday's digest carries them.
import type { PaperInput } from '../../src/core/paper.js';

export function digestPaper(n: number, extra: Partial<PaperInput> = {}): PaperInput {
  return {
    source: 'hf',
    id: `2611.${String(20000 + n)}`,
    title: `Paper ${n}: ${'Scaling Sparse Attention '.repeat(n % 3 === 0 ? 20 : 1)}`,
    abstract: `${'We study long contexts. '.repeat(60)}`,
    authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Claude Shannon'],
    publishedAt: '2026-11-26T00:00:00.000Z',
    dailyDate: '2026-11-27',
    upvotes: 100 - n,
    aiSummary: `${'A long AI summary sentence. '.repeat(n % 2 === 0 ? 30 : 1)}`,
    githubRepo: n % 2 === 0 ? `https://github.com/lab/repo-${n}` : undefined,
    githubStars: n % 2 === 0 ? 1500 + n : undefined,
    thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2611.${String(20000 + n)}.png`,
    ...extra,
  };
}
