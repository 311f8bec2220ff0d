// The stable JSON shape of a search hit (`papers search --json`), and its one-paragraph text form.
import { arxivAbsUrl, authorLine, paperUrl } from '../paper.js';
import type { SearchHit, SearchResponse } from './search.js';

export interface SearchHitJson {
  id: string;
  title: string;
  score: number;
  upvotes: number;
  publishedAt: string | null;
  dailyDate: string | null;
  url: string;
  arxivUrl: string;
  authors: string[];
  organization: string | null;
  githubRepo: string | null;
  categories: string[];
}

export function searchHitJson(hit: SearchHit): SearchHitJson {
  const { paper } = hit;
  return {
    id: paper.id,
    title: paper.title,
    score: Number(hit.score.toFixed(6)),
    upvotes: paper.upvotes,
    publishedAt: paper.publishedAt,
    dailyDate: paper.dailyDate,
    url: paperUrl(paper.id),
    arxivUrl: arxivAbsUrl(paper.id),
    authors: paper.authors,
    organization: paper.organizationName ?? paper.organization,
    githubRepo: paper.githubRepo,
    categories: paper.categories,
  };
}

export function searchHitText(hit: SearchHit, rank: number): string {
  const { paper } = hit;
  const meta = [authorLine(paper.authors), paper.organizationName ?? paper.organization, paper.publishedAt?.slice(0, 10)]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(' · ');
  return `${rank}. ${paper.title}  [${paper.upvotes} upvotes]\n   ${meta}\n   ${paperUrl(paper.id)}`;
}

/**
 * What was searched besides the words typed, in query order: spellings ("reinforcment → reinforcement") and other
 * names or kinds ("PTQ → post-training quantization"); null when nothing was. At most three names per word, so a
 * broad word's many kinds do not crowd out the papers.
 */
export function alsoSearched(response: Pick<SearchResponse, 'corrections' | 'expansions'>): string | null {
  const parts = [...response.corrections.map(({ word, alternatives }) => ({ from: word, to: alternatives })), ...response.expansions].map(
    ({ from, to }) => `${from} → ${to.slice(0, 3).join(', ')}${to.length > 3 ? ', …' : ''}`,
  );
  return parts.length === 0 ? null : parts.join('; ');
}

/** A whole answer as text: what was searched besides the words typed, then the hits or a "no match" line. */
export function searchResponseText(response: SearchResponse, query: string, offset = 0): string {
  const notes: string[] = [];
  const searched = alsoSearched(response);
  if (searched !== null) notes.push(`(also searched: ${searched})`);
  if (response.relaxed) notes.push('(no paper has every word; showing papers with some of them)');
  const empty = offset > 0 ? `No more papers match ${JSON.stringify(query)}.` : `No papers match ${JSON.stringify(query)}.`;
  const body = response.hits.length === 0 ? [empty] : response.hits.map((hit, i) => searchHitText(hit, offset + i + 1));
  return [...notes, ...body].join('\n');
}
