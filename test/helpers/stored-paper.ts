// A stored paper with plausible defaults, for tests of what is built from papers (digests, their renderings).
import type { Paper } from '../../src/core/paper.js';

let serial = 0;

/** `id` defaults to a fresh arXiv-style id; every other field to a quiet, valid value. */
export function storedPaper(fields: Partial<Paper> = {}): Paper {
  serial += 1;
  const id = fields.id ?? `2601.${String(10000 + serial)}`;
  return {
    id,
    title: `Paper ${id}`,
    abstract: `We study ${id}. More detail follows.`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    organization: null,
    organizationName: null,
    publishedAt: '2026-01-11T00:00:00.000Z',
    dailyDate: '2026-01-12',
    upvotes: 10,
    numComments: 0,
    githubRepo: null,
    githubStars: null,
    projectPage: null,
    aiSummary: null,
    aiKeywords: [],
    categories: ['cs.LG'],
    thumbnail: null,
    sources: ['hf'],
    firstSeenAt: '2026-01-12T06:00:00.000Z',
    updatedAt: '2026-01-12T06:00:00.000Z',
    ...fields,
  };
}
