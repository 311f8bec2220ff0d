// arXiv export API: the search query for a window of days, and paging through its results politely.
import { ARXIV_CATEGORY } from '../core/arxiv-id.js';
import { isIsoDay } from '../core/days.js';
import { parseArxivFeed, type ArxivFeedPage } from './arxiv-feed.js';
import type { RateGate } from './arxiv-rate-gate.js';
import { fetchText, realSleep, type HttpClientOptions } from './http.js';
import type { IngestWindow } from './source.js';

export { createRateGate, sharedArxivGate, type GateClock, type GateTurn, type RateGate } from './arxiv-rate-gate.js';
export type { ArxivFeedPage } from './arxiv-feed.js';

export interface ArxivFetchParams {
  /** The query endpoint, e.g. https://export.arxiv.org/api/query */
  apiUrl: string;
  categories: string[];
  window: IngestWindow;
  /** Upper bound on entries requested over all pages. */
  maxResults: number;
  /** Entries per request; arXiv recommends modest pages (default 200). */
  pageSize?: number;
}

function compactDay(day: string, label: string): string {
  if (!isIsoDay(day)) throw new Error(`window.${label} is not a YYYY-MM-DD day: ${day}`);
  return day.replaceAll('-', '');
}

/** `(cat:cs.LG OR cat:cs.CL) AND submittedDate:[202601050000 TO 202601072359]`: both days inclusive, in UTC (arXiv's own time base is GMT). */
export function arxivSearchQuery(categories: string[], window: IngestWindow): string {
  if (categories.length === 0) throw new Error('arXiv search needs at least one category');
  // Only plain category names reach the query, so a config typo cannot turn into query syntax.
  const bad = categories.find((c) => !ARXIV_CATEGORY.test(c));
  if (bad !== undefined) throw new Error(`Not an arXiv category: ${JSON.stringify(bad)}`);
  const from = compactDay(window.from, 'from');
  const to = compactDay(window.to, 'to');
  if (from > to) throw new Error(`window.from (${window.from}) is after window.to (${window.to})`);
  const cats = categories.map((c) => `cat:${c}`).join(' OR ');
  return `(${cats}) AND submittedDate:[${from}0000 TO ${to}2359]`;
}

export function arxivQueryUrl(apiUrl: string, searchQuery: string, start: number, maxResults: number): string {
  const url = new URL(apiUrl);
  url.searchParams.set('search_query', searchQuery);
  url.searchParams.set('sortBy', 'submittedDate');
  url.searchParams.set('sortOrder', 'descending');
  url.searchParams.set('start', String(start));
  url.searchParams.set('max_results', String(maxResults));
  return url.toString();
}

/** arXiv's throttle answer is a bare "Rate exceeded." (status 503, sometimes 200); a real feed is never that short. */
export function isArxivRateExceeded(body: string): boolean {
  return body.length < 512 && /rate exceeded/i.test(body);
}

/**
 * One page is one gate turn: no other arXiv request in the process overlaps it. Every HTTP attempt is spaced:
 * the first by the turn itself, each retry by turn.next() after fetchText's backoff sleep, so the backoff and
 * the gate interval overlap rather than add up. Parsing happens after the turn is released.
 */
async function fetchPage(url: string, http: HttpClientOptions, gate: RateGate): Promise<ArxivFeedPage> {
  const sleep = http.sleep ?? ((ms: number) => realSleep(ms, http.signal));
  const response = await gate.run((turn) =>
    fetchText(url, {
      ...http,
      sleep: async (ms) => {
        await sleep(ms);
        await turn.next();
      },
      retryableBody: (status, body) => isArxivRateExceeded(body) || (http.retryableBody?.(status, body) ?? false),
    }),
  );
  return parseArxivFeed(response.body);
}

/**
 * Pages through the window's results, newest first. Stops at totalResults, at maxResults, or at an empty page.
 * arXiv sometimes serves an empty page although totalResults says more: that page is asked for once more, then
 * the run stops with what it has (the next run's overlapping window picks up the rest).
 */
export async function* fetchArxivPages(params: ArxivFetchParams, http: HttpClientOptions, gate: RateGate): AsyncGenerator<ArxivFeedPage> {
  const pageSize = params.pageSize ?? 200;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pageSize must be a positive integer, got ${pageSize}`);
  const query = arxivSearchQuery(params.categories, params.window);
  let start = 0;
  let totalResults: number | null = null;
  let retriedEmpty = false;
  while (start < params.maxResults && (totalResults === null || start < totalResults)) {
    const size = Math.min(pageSize, params.maxResults - start);
    const url = arxivQueryUrl(params.apiUrl, query, start, size);
    const page = await fetchPage(url, http, gate);
    totalResults = page.totalResults ?? totalResults;
    const received = page.papers.length + page.skipped.length;
    if (received === 0) {
      if (!retriedEmpty && totalResults !== null && start < totalResults) {
        retriedEmpty = true;
        http.logger?.warn({ url, start, totalResults }, 'arXiv returned an empty page before the end; asking once more');
        continue;
      }
      if (totalResults !== null && start < totalResults) {
        http.logger?.warn({ url, start, totalResults }, 'arXiv returned an empty page twice; stopping early');
      }
      return;
    }
    retriedEmpty = false;
    yield page;
    // Advance by what actually arrived: a short page must not make us skip the entries it left out.
    start += received;
  }
  if (totalResults !== null && start < totalResults) {
    http.logger?.warn(
      { query, read: start, totalResults, maxResults: params.maxResults },
      'arXiv has more entries in this window than one run reads (ARXIV_MAX_RESULTS); the newest were read',
    );
  }
}
