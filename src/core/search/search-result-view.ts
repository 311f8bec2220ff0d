// The stable JSON shape of a search hit (`papers search --json`), its one-paragraph text form, and a whole
// answer's text: how many papers match, which of them are shown, then the papers.
import { paperSummary } from '../digest/digest-item.js';
import { arxivAbsUrl, authorLine, paperUrl } from '../paper.js';
import { CANDIDATE_CAP, type SearchHit, type SearchResponse } from './search-response.js';

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

/**
 * A search lists ten papers where a digest lists a few: its summary line is shorter than a digest's (240), so a
 * page still reads at a glance and fits a chat message.
 */
export const SEARCH_SUMMARY_MAX_CHARS = 160;

/** "N. Title  [12 upvotes]", its authors, organization and date, its one-line summary, and its link. */
export function searchHitText(hit: SearchHit, rank: number): string {
  const { paper } = hit;
  const date = paper.publishedAt?.slice(0, 10) ?? paper.dailyDate;
  const meta = [authorLine(paper.authors), paper.organizationName ?? paper.organization, date]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(' · ');
  const upvotes = `${paper.upvotes} upvote${paper.upvotes === 1 ? '' : 's'}`;
  const summary = paperSummary(paper, SEARCH_SUMMARY_MAX_CHARS);
  return [
    `${rank}. ${paper.title}  [${upvotes}]`,
    `   ${meta}`,
    ...(summary === '' ? [] : [`   ${summary}`]),
    `   ${paperUrl(paper.id)}`,
  ].join('\n');
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

/** "23 papers", "1 paper", or "more than 500 papers" when ranking looked at only the newest CANDIDATE_CAP. */
function matchCount(response: Pick<SearchResponse, 'total' | 'capped'>): string {
  if (response.capped) return `More than ${CANDIDATE_CAP} papers`;
  return `${response.total} paper${response.total === 1 ? '' : 's'}`;
}

/** "match" or "matches", after matchCount. */
function matchVerb(response: Pick<SearchResponse, 'total' | 'capped'>): string {
  return !response.capped && response.total === 1 ? 'matches' : 'match';
}

/** How many pages of `limit` the ranked results fill (ranking never returns more than it looked at). */
export function pageCount(response: Pick<SearchResponse, 'total'>, limit: number): number {
  return Math.max(1, Math.ceil(response.total / limit));
}

/**
 * The answer's first line: how many papers match and which are shown. "3 papers match" when one page shows them
 * all; "23 papers match; 11–20 shown"; "More than 500 papers match; the newest 500 are ranked; 1–10 shown".
 * No paper had every word: "No paper has every word; 12 papers come close; 1–10 shown" (never "match" then).
 */
export function searchCountLine(response: Pick<SearchResponse, 'total' | 'capped' | 'relaxed' | 'hits'>, offset: number): string {
  const count = matchCount(response);
  // Papers with some of the words, and papers the semantic layer found about the same thing: "close", not "match".
  const head = response.relaxed
    ? `No paper has every word; ${count.toLowerCase()} ${!response.capped && response.total === 1 ? 'comes' : 'come'} close`
    : `${count} ${matchVerb(response)}`;
  const ranked = response.capped ? `; the newest ${CANDIDATE_CAP} are ranked` : '';
  const all = offset === 0 && response.hits.length >= response.total && !response.capped;
  if (all) return head;
  const first = offset + 1;
  const last = offset + response.hits.length;
  return `${head}${ranked}; ${first === last ? `${first}` : `${first}–${last}`} shown`;
}

/**
 * The answer to a page past the last one: "23 papers match; page 4 is past the end (3 pages)." A capped search
 * says why it ends at CANDIDATE_CAP papers and how to reach the older ones.
 */
export function pastTheEndText(response: Pick<SearchResponse, 'total' | 'capped'>, page: number, limit: number): string {
  const pages = pageCount(response, limit);
  const line = `${matchCount(response)} ${matchVerb(response)}; page ${page} is past the end (${pages} page${pages === 1 ? '' : 's'}).`;
  return response.capped
    ? `${line} Only the newest ${CANDIDATE_CAP} are ranked: narrow the search (a "phrase", cat:, since:) to reach older ones.`
    : line;
}

/** The lines before the hits: what was searched besides the words typed. */
function alsoSearchedNote(response: SearchResponse): string[] {
  const searched = alsoSearched(response);
  return searched === null ? [] : [`(also searched: ${searched})`];
}

function noMatchText(query: string, offset: number): string {
  return offset > 0 ? `No more papers match ${JSON.stringify(query)}.` : `No papers match ${JSON.stringify(query)}.`;
}

/**
 * The answer to /papers search: how many papers match and which are shown, what was searched besides the words
 * typed, then the hits; or a "no match" line, with nothing that speaks of papers shown.
 */
export function searchAnswerText(response: SearchResponse, query: string, offset = 0): string {
  if (response.hits.length === 0) return [...alsoSearchedNote(response), noMatchText(query, offset)].join('\n');
  return [
    searchCountLine(response, offset),
    ...alsoSearchedNote(response),
    ...response.hits.map((hit, i) => searchHitText(hit, offset + i + 1)),
  ].join('\n');
}

/** One page of a search's answer, as every front end shows it. */
export interface SearchPageAnswer {
  text: string;
  /** More papers follow this page. */
  hasMore: boolean;
  /** The page asked for is past the last one (the text says so and how many pages there are). */
  pastTheEnd: boolean;
}

/**
 * Page `page` of `limit` hits: the count line, what was searched besides the words typed and the hits, then,
 * when more papers follow and `nextCommand` says how to ask for a page, "next: <that command>"; or the answer
 * to a page past the end.
 */
export function searchPageAnswer(
  response: SearchResponse,
  query: string,
  page: number,
  limit: number,
  nextCommand: ((page: number) => string) | null,
): SearchPageAnswer {
  const offset = (page - 1) * limit;
  const hasMore = response.total > offset + response.hits.length;
  if (response.hits.length === 0 && offset > 0 && response.total > 0) {
    return { text: pastTheEndText(response, page, limit), hasMore, pastTheEnd: true };
  }
  const next = hasMore && nextCommand !== null ? [`next: ${nextCommand(page + 1)}`] : [];
  return { text: [searchAnswerText(response, query, offset), ...next].join('\n'), hasMore, pastTheEnd: false };
}
