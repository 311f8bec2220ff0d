import { afterEach, describe, expect, it } from 'vitest';
import { fetchHfDay, hfDailyPapersUrl } from '../../src/sources/hf-fetch.js';
import { UpstreamError, type HttpClientOptions } from '../../src/sources/http.js';
import { UpstreamPayloadError, type ParsedBatch } from '../../src/sources/source.js';
import { hfItems, patchPaper, startHfDouble, type HfDouble } from '../doubles/hf-double.js';

const DAY = '2026-01-07';

const doubles: HfDouble[] = [];
afterEach(async () => {
  await Promise.all(doubles.splice(0).map((d) => d.close()));
});

async function setup() {
  const double = await startHfDouble();
  doubles.push(double);
  const sleeps: number[] = [];
  const http: HttpClientOptions = {
    timeoutMs: 2000,
    maxAttempts: 2,
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
  return { double, http, sleeps };
}

type Page = ParsedBatch & { fetched: number };

async function collect(pages: AsyncGenerator<Page>): Promise<Page[]> {
  const all: Page[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const ids = (pages: Page[]) => pages.flatMap((p) => p.papers.map((paper) => paper.id));
const pageParams = (double: HfDouble) => double.requests.map((r) => r.params.p);

describe('hfDailyPapersUrl', () => {
  it('adds the endpoint below the base, with or without a trailing slash or a path prefix', () => {
    expect(hfDailyPapersUrl('https://huggingface.co', DAY, 0)).toBe(
      'https://huggingface.co/api/daily_papers?date=2026-01-07&limit=100&p=0',
    );
    expect(hfDailyPapersUrl('https://huggingface.co/', DAY, 2, 50)).toBe(
      'https://huggingface.co/api/daily_papers?date=2026-01-07&limit=50&p=2',
    );
    expect(hfDailyPapersUrl('http://mirror.local/hf', DAY, 1)).toBe(
      'http://mirror.local/hf/api/daily_papers?date=2026-01-07&limit=100&p=1',
    );
  });
});

describe('fetchHfDay', () => {
  it('pages through 230 items with limit=100 and p=0,1,2', async () => {
    const { double, http } = await setup();
    double.setDay(DAY, hfItems(230, DAY));
    const pages = await collect(fetchHfDay(double.url, DAY, http));
    expect(pages.map((p) => p.fetched)).toEqual([100, 100, 30]);
    expect(new Set(ids(pages)).size).toBe(230);
    expect(ids(pages).at(0)).toBe('2601.10000');
    expect(ids(pages).at(-1)).toBe('2601.10229');
    expect(double.requests.map((r) => r.params)).toEqual([0, 1, 2].map((p) => ({ date: DAY, limit: '100', p: String(p) })));
    expect(double.requests.every((r) => r.path === '/api/daily_papers')).toBe(true);
  });

  it('asks for one empty page when the day has exactly a full page', async () => {
    const { double, http } = await setup();
    double.setDay(DAY, hfItems(100, DAY));
    const pages = await collect(fetchHfDay(double.url, DAY, http));
    expect(ids(pages)).toHaveLength(100);
    expect(pageParams(double)).toEqual(['0', '1']);
  });

  it('makes one request for a day with no papers', async () => {
    const { double, http } = await setup();
    const pages = await collect(fetchHfDay(double.url, DAY, http));
    expect(pages).toEqual([{ papers: [], skipped: [], fetched: 0 }]);
    expect(double.requests).toHaveLength(1);
  });

  it('stops, without looping, when the API ignores p and repeats the first page', async () => {
    const { double, http } = await setup();
    double.ignorePaging = true;
    double.setDay(DAY, hfItems(150, DAY));
    const pages = await collect(fetchHfDay(double.url, DAY, http));
    expect(ids(pages)).toEqual(hfItems(100, DAY).map((item) => item.paper.id));
    expect(pageParams(double)).toEqual(['0', '1']);
  });

  it('stops when the API ignores p even if every item on the page is invalid', async () => {
    const { double, http } = await setup();
    double.ignorePaging = true;
    double.setDay(
      DAY,
      hfItems(150, DAY).map((item) => patchPaper(item, { id: 'not-an-arxiv-id' })),
    );
    const pages = await collect(fetchHfDay(double.url, DAY, http));
    expect(pages.flatMap((p) => p.skipped)).toHaveLength(100);
    expect(pageParams(double)).toEqual(['0', '1']);
  });

  it('labels papers with the requested day and passes skipped items through', async () => {
    const { double, http } = await setup();
    const items = hfItems(3, '2026-01-06');
    items[1] = patchPaper(items[1]!, { upvotes: 'many' });
    double.setDay(DAY, items);
    const pages = await collect(fetchHfDay(double.url, DAY, http));
    expect(ids(pages)).toEqual(['2601.10000', '2601.10002']);
    expect(pages[0]?.papers.map((p) => p.dailyDate)).toEqual([DAY, DAY]);
    expect(pages[0]?.skipped).toEqual([{ ref: '2601.10001', reason: 'paper.upvotes: Invalid input: expected number, received string' }]);
    expect(pages[0]?.fetched).toBe(3);
  });

  it('ends the day with UpstreamPayloadError on malformed JSON, without retrying', async () => {
    const { double, http } = await setup();
    double.setDay(DAY, hfItems(5, DAY));
    double.script({ kind: 'malformed-json' });
    const run = collect(fetchHfDay(double.url, DAY, http));
    await expect(run).rejects.toThrow(UpstreamPayloadError);
    await expect(run).rejects.toThrow(`daily_papers for ${DAY} (page 0) is not valid JSON`);
    expect(double.requests).toHaveLength(1);
  });

  it('keeps the pages before a malformed one', async () => {
    const { double, http } = await setup();
    double.setDay(DAY, hfItems(130, DAY));
    double.script({ kind: 'list' }, { kind: 'malformed-json' });
    const seen: string[] = [];
    const run = (async () => {
      for await (const page of fetchHfDay(double.url, DAY, http)) seen.push(...page.papers.map((p) => p.id));
    })();
    await expect(run).rejects.toThrow(`daily_papers for ${DAY} (page 1) is not valid JSON`);
    expect(seen).toHaveLength(100);
  });

  it('rejects a JSON object where the list should be', async () => {
    const { double, http } = await setup();
    double.script({ kind: 'json', body: { error: 'Something went wrong' } });
    await expect(collect(fetchHfDay(double.url, DAY, http))).rejects.toThrow(
      new UpstreamPayloadError(`daily_papers for ${DAY} (page 0) is not a JSON array`),
    );
  });

  it('retries a 503 and then reads the day', async () => {
    const { double, http, sleeps } = await setup();
    double.setDay(DAY, hfItems(2, DAY));
    double.script({ kind: 'status', status: 503 });
    const pages = await collect(fetchHfDay(double.url, DAY, http));
    expect(ids(pages)).toHaveLength(2);
    expect(sleeps).toEqual([750]);
    expect(pageParams(double)).toEqual(['0', '0']);
  });

  it('surfaces the 400 HF sends for an impossible date as UpstreamError', async () => {
    const { double, http } = await setup();
    const run = collect(fetchHfDay(double.url, '2026-02-30', http));
    await expect(run).rejects.toThrow(UpstreamError);
    await expect(run).rejects.toMatchObject({ status: 400, attempts: 1 });
  });
});
