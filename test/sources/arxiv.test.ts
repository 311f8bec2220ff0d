import { afterEach, describe, expect, it } from 'vitest';
import { arxivQueryUrl, arxivSearchQuery, createRateGate, fetchArxivPages, type ArxivFetchParams } from '../../src/sources/arxiv.js';
import type { ArxivFeedPage } from '../../src/sources/arxiv-feed.js';
import { UpstreamError, type HttpClientOptions } from '../../src/sources/http.js';
import { UpstreamPayloadError } from '../../src/sources/source.js';
import { startArxivDouble, type ArxivDouble, type ArxivEntry } from '../doubles/arxiv-double.js';
import { createFakeClock } from '../doubles/fake-clock.js';

const INTERVAL = 3000;
const WINDOW = { from: '2026-01-05', to: '2026-01-07' };

function makeEntries(count: number): ArxivEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `2601.${String(10_000 + i)}v${1 + (i % 2)}`,
    title: `Paper number ${i} on efficient attention for very long sequences in multilingual models`,
    summary: `Abstract of paper ${i}. `.repeat(12),
    authors: i % 2 === 0 ? ['Solo Author'] : [{ name: 'First Author', affiliation: 'ETH Zurich' }, 'Second Author'],
    published: `2026-01-07T${String(23 - (i % 24)).padStart(2, '0')}:00:00Z`,
    primaryCategory: 'cs.LG',
    categories: i % 3 === 0 ? ['cs.LG'] : ['cs.LG', 'cs.CL'],
    comment: '12 pages',
  }));
}

const doubles: ArxivDouble[] = [];
afterEach(async () => {
  await Promise.all(doubles.splice(0).map((d) => d.close()));
});

/** A double, a gate and retry sleeps all on one fake clock: request times in the double are exact, nothing waits. */
async function setup(entries: ArxivEntry[], httpOverrides: Partial<HttpClientOptions> = {}) {
  const clock = createFakeClock();
  const double = await startArxivDouble({ entries, now: clock.now });
  doubles.push(double);
  const retrySleeps: number[] = [];
  const http: HttpClientOptions = {
    timeoutMs: 5000,
    maxAttempts: 3,
    random: () => 0.5,
    sleep: (ms) => {
      retrySleeps.push(ms);
      clock.advance(ms);
      return Promise.resolve();
    },
    ...httpOverrides,
  };
  const gate = createRateGate(INTERVAL, clock);
  const params = (overrides: Partial<ArxivFetchParams> = {}): ArxivFetchParams => ({
    apiUrl: double.url,
    categories: ['cs.LG', 'cs.CL'],
    window: WINDOW,
    maxResults: 1000,
    ...overrides,
  });
  return { clock, double, http, gate, retrySleeps, params };
}

async function collect(pages: AsyncGenerator<ArxivFeedPage>): Promise<ArxivFeedPage[]> {
  const all: ArxivFeedPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const ids = (pages: ArxivFeedPage[]) => pages.flatMap((p) => p.papers.map((paper) => paper.id));
const starts = (double: ArxivDouble) => double.requests.map((r) => Number(r.params.start));
const times = (double: ArxivDouble) => double.requests.map((r) => r.at);

describe('arxivSearchQuery', () => {
  it('ORs the categories and spans both days inclusively', () => {
    expect(arxivSearchQuery(['cs.LG', 'cs.CL'], { from: '2026-01-05', to: '2026-01-07' })).toBe(
      '(cat:cs.LG OR cat:cs.CL) AND submittedDate:[202601050000 TO 202601072359]',
    );
    expect(arxivSearchQuery(['hep-th'], { from: '2026-01-07', to: '2026-01-07' })).toBe(
      '(cat:hep-th) AND submittedDate:[202601070000 TO 202601072359]',
    );
  });

  it('rejects input that would make a broken or injected query', () => {
    expect(() => arxivSearchQuery([], WINDOW)).toThrow(/at least one category/);
    expect(() => arxivSearchQuery(['cs.LG) OR (all:x'], WINDOW)).toThrow(/Not an arXiv category/);
    expect(() => arxivSearchQuery(['cs.LG'], { from: '2026-1-5', to: '2026-01-07' })).toThrow(/YYYY-MM-DD/);
    expect(() => arxivSearchQuery(['cs.LG'], { from: '2026-01-08', to: '2026-01-07' })).toThrow(/after/);
  });

  it('builds a URL whose parameters decode back exactly', () => {
    const query = arxivSearchQuery(['cs.LG'], WINDOW);
    const url = new URL(arxivQueryUrl('https://export.arxiv.org/api/query', query, 400, 200));
    expect(url.search).not.toMatch(/[ [\]]/);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      search_query: query,
      sortBy: 'submittedDate',
      sortOrder: 'descending',
      start: '400',
      max_results: '200',
    });
  });
});

describe('fetchArxivPages paging', () => {
  it('walks three pages with the right start values, one gate interval apart', async () => {
    const { double, http, gate, clock, params } = await setup(makeEntries(5));
    const pages = await collect(fetchArxivPages(params({ pageSize: 2 }), http, gate));
    expect(pages.map((p) => p.papers.length)).toEqual([2, 2, 1]);
    expect(ids(pages)).toEqual(['2601.10000', '2601.10001', '2601.10002', '2601.10003', '2601.10004']);
    expect(starts(double)).toEqual([0, 2, 4]);
    expect(double.requests.map((r) => r.params.max_results)).toEqual(['2', '2', '2']);
    for (const request of double.requests) {
      expect(request.path).toBe('/api/query');
      expect(request.params).toMatchObject({
        search_query: '(cat:cs.LG OR cat:cs.CL) AND submittedDate:[202601050000 TO 202601072359]',
        sortBy: 'submittedDate',
        sortOrder: 'descending',
      });
    }
    expect(times(double)).toEqual([0, 3000, 6000]);
    expect(clock.sleeps).toEqual([3000, 3000]);
  });

  it('never asks for more than maxResults', async () => {
    const { double, http, gate, params } = await setup(makeEntries(10));
    const pages = await collect(fetchArxivPages(params({ pageSize: 3, maxResults: 7 }), http, gate));
    expect(ids(pages)).toHaveLength(7);
    expect(starts(double)).toEqual([0, 3, 6]);
    expect(double.requests.map((r) => r.params.max_results)).toEqual(['3', '3', '1']);
  });

  it('stops at totalResults without asking for an empty page', async () => {
    const { double, http, gate, params } = await setup(makeEntries(3));
    const pages = await collect(fetchArxivPages(params(), http, gate));
    expect(ids(pages)).toHaveLength(3);
    expect(double.requests).toHaveLength(1);
    expect(double.requests[0]?.params.max_results).toBe('200');
  });

  it('asks once more for a transiently empty page, then continues', async () => {
    const { double, http, gate, params } = await setup(makeEntries(5));
    double.script({ kind: 'feed' }, { kind: 'empty-page' });
    const pages = await collect(fetchArxivPages(params({ pageSize: 2 }), http, gate));
    expect(ids(pages)).toHaveLength(5);
    expect(starts(double)).toEqual([0, 2, 2, 4]);
    expect(times(double)).toEqual([0, 3000, 6000, 9000]);
  });

  it('stops after the same page comes back empty twice', async () => {
    const { double, http, gate, params } = await setup(makeEntries(5));
    double.script({ kind: 'feed' }, { kind: 'empty-page' }, { kind: 'empty-page' });
    const pages = await collect(fetchArxivPages(params({ pageSize: 2 }), http, gate));
    expect(ids(pages)).toEqual(['2601.10000', '2601.10001']);
    expect(starts(double)).toEqual([0, 2, 2]);
  });

  it('counts skipped entries when advancing, and reports them', async () => {
    const entries = makeEntries(4);
    entries[1] = { ...entries[1]!, id: undefined };
    entries[2] = { ...entries[2]!, title: '' };
    const { double, http, gate, params } = await setup(entries);
    const pages = await collect(fetchArxivPages(params({ pageSize: 2 }), http, gate));
    expect(ids(pages)).toEqual(['2601.10000', '2601.10003']);
    expect(pages.flatMap((p) => p.skipped)).toEqual([
      { ref: 'entry 2', reason: 'id: missing' },
      { ref: 'http://arxiv.org/abs/2601.10002v1', reason: 'title: empty' },
    ]);
    expect(starts(double)).toEqual([0, 2]);
  });

  it('keeps two concurrent fetches sharing one gate an interval apart', async () => {
    const { double, http, gate, params } = await setup(makeEntries(6));
    const [a, b] = await Promise.all([
      collect(fetchArxivPages(params({ pageSize: 2 }), http, gate)),
      collect(fetchArxivPages(params({ pageSize: 3 }), http, gate)),
    ]);
    expect(ids(a)).toHaveLength(6);
    expect(ids(b)).toHaveLength(6);
    expect(times(double)).toEqual([0, 3000, 6000, 9000, 12000]);
  });
});

describe('fetchArxivPages when arXiv misbehaves', () => {
  it.each([503, 200] as const)('retries "Rate exceeded." sent with status %i, through the gate', async (status) => {
    const { double, http, gate, retrySleeps, params } = await setup(makeEntries(2));
    double.script({ kind: 'rate-exceeded', status });
    const pages = await collect(fetchArxivPages(params(), http, gate));
    expect(ids(pages)).toEqual(['2601.10000', '2601.10001']);
    expect(starts(double)).toEqual([0, 0]);
    expect(retrySleeps).toEqual([750]); // backoff step 1000 ms with random() = 0.5
    expect(times(double)).toEqual([0, 3000]);
  });

  it('gives up with UpstreamError when arXiv keeps throttling', async () => {
    const { double, http, gate, params } = await setup(makeEntries(2));
    double.script(...Array.from({ length: 3 }, () => ({ kind: 'rate-exceeded', status: 503 }) as const));
    const run = collect(fetchArxivPages(params(), http, gate));
    await expect(run).rejects.toThrow(UpstreamError);
    await expect(run).rejects.toThrow(/failed after 3 attempts: HTTP 503 \(Rate exceeded\.\)/);
    expect(times(double)).toEqual([0, 3000, 6000]);
  });

  it('surfaces the Error entry as UpstreamPayloadError without retrying', async () => {
    const { double, http, gate, params } = await setup(makeEntries(2));
    double.script({ kind: 'error-entry', message: 'malformed search query: unbalanced parenthesis' });
    const run = collect(fetchArxivPages(params(), http, gate));
    await expect(run).rejects.toThrow(UpstreamPayloadError);
    await expect(run).rejects.toThrow('arXiv API error: malformed search query: unbalanced parenthesis');
    expect(double.requests).toHaveLength(1);
  });

  it('surfaces malformed XML as UpstreamPayloadError', async () => {
    const { double, http, gate, params } = await setup(makeEntries(2));
    double.script({ kind: 'malformed-xml' });
    await expect(collect(fetchArxivPages(params(), http, gate))).rejects.toThrow(UpstreamPayloadError);
    expect(double.requests).toHaveLength(1);
  });

  it('retries a 500 and then succeeds', async () => {
    const { double, http, gate, params } = await setup(makeEntries(2));
    double.script({ kind: 'status', status: 500, body: 'Internal Server Error' });
    const pages = await collect(fetchArxivPages(params(), http, gate));
    expect(ids(pages)).toHaveLength(2);
    expect(double.requests).toHaveLength(2);
  });

  it('honours Retry-After, and the gate only adds what the wait did not already cover', async () => {
    const { double, http, gate, clock, retrySleeps, params } = await setup(makeEntries(2));
    double.script({ kind: 'status', status: 429, retryAfter: '2' });
    const pages = await collect(fetchArxivPages(params(), http, gate));
    expect(ids(pages)).toHaveLength(2);
    expect(retrySleeps).toEqual([2000]);
    expect(clock.sleeps).toEqual([1000]);
    expect(times(double)).toEqual([0, 3000]);
  });

  it('cuts off a connection that never answers and retries', async () => {
    const { double, http, gate, params } = await setup(makeEntries(2), { timeoutMs: 300, maxAttempts: 2 });
    double.script({ kind: 'hang' });
    const run = collect(fetchArxivPages(params(), http, gate));
    const seen = await double.waitForRequests(2);
    expect(seen.map((r) => r.params.start)).toEqual(['0', '0']);
    expect(ids(await run)).toHaveLength(2);
    expect(double.requests).toHaveLength(2);
  });

  it('fails with a timeout when every attempt hangs', async () => {
    const { double, http, gate, params } = await setup(makeEntries(2), { timeoutMs: 300, maxAttempts: 2 });
    double.script({ kind: 'hang' }, { kind: 'hang' });
    await expect(collect(fetchArxivPages(params(), http, gate))).rejects.toThrow(/failed after 2 attempts: .*timed out after 300 ms/);
    expect(double.requests).toHaveLength(2);
  });
});
