// The text of a paper the semantic model reads, and its weighted term counts: a title word or keyword says more
// about what a paper is about than one word of its abstract, so those count several times.
import { tokenize } from './tokenize.js';

export interface PaperText {
  title: string;
  abstract: string;
  /** The stored `ai_keywords` column: a JSON array of strings. */
  keywords: string;
  summary: string | null;
}

const TITLE_WEIGHT = 3;
const KEYWORD_WEIGHT = 2;

function keywordText(json: string): string {
  if (json === '' || json === '[]') return '';
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').join(' ') : '';
  } catch {
    return '';
  }
}

function add(counts: Map<string, number>, text: string, weight: number): void {
  for (const term of tokenize(text)) counts.set(term, (counts.get(term) ?? 0) + weight);
}

export function paperTermCounts(paper: PaperText): Map<string, number> {
  const counts = new Map<string, number>();
  add(counts, paper.title, TITLE_WEIGHT);
  add(counts, keywordText(paper.keywords), KEYWORD_WEIGHT);
  add(counts, paper.abstract, 1);
  if (paper.summary !== null) add(counts, paper.summary, 1);
  return counts;
}

export function queryTermCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  add(counts, text, 1);
  return counts;
}
