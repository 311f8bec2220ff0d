// The upstreams, one request each with a short time limit and no retries: Hugging Face Daily Papers (yesterday's
// list) and the arXiv API (one entry of the first category; a single request keeps to arXiv's 3 s spacing).
// What comes back goes through the same validation as ingestion, so "reachable" also means "readable".
import type { Config } from '../../config.js';
import { addDays, utcDay } from '../../core/days.js';
import { arxivQueryUrl, isArxivRateExceeded } from '../../sources/arxiv.js';
import { parseArxivFeed } from '../../sources/arxiv-feed.js';
import { parseHfDailyPapers } from '../../sources/hf-daily-papers.js';
import { hfDailyPapersUrl } from '../../sources/hf-fetch.js';
import { fetchText, type HttpClientOptions } from '../../sources/http.js';
import { doctorTimeoutMs, errorText, fail, ok, type CheckResult } from './check.js';

function httpOptions(config: Config): HttpClientOptions {
  return { timeoutMs: doctorTimeoutMs(config), maxAttempts: 1 };
}

export function upstreamChecks(config: Config, now: Date): Promise<CheckResult[]> {
  return Promise.all([checkHf(config, now), checkArxiv(config)]);
}

async function checkHf(config: Config, now: Date): Promise<CheckResult> {
  const day = addDays(utcDay(now), -1);
  const fix = 'check HF_API_URL, the network or a proxy';
  let body: string;
  try {
    body = (await fetchText(hfDailyPapersUrl(config.HF_API_URL, day, 0, 5), httpOptions(config))).body;
  } catch (error) {
    return fail('upstream', 'Hugging Face', `cannot be read: ${requestProblem(error)}`, fix);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return fail(
      'upstream',
      'Hugging Face',
      `answered, but not with JSON: ${snippet(body)}`,
      `${fix}; is HF_API_URL the Hugging Face site?`,
    );
  }
  if (!Array.isArray(payload)) {
    return fail(
      'upstream',
      'Hugging Face',
      `answered, but not with a list of papers: ${snippet(body)}`,
      `${fix}; is HF_API_URL the Hugging Face site?`,
    );
  }
  const batch = parseHfDailyPapers(payload, day);
  if (payload.length > 0 && batch.papers.length === 0) {
    return fail(
      'upstream',
      'Hugging Face',
      `answered ${payload.length} items for ${day}, none readable: ${batch.skipped[0]?.reason ?? ''}`,
      'the Daily Papers format may have changed; the bot skips what it cannot read (see its log)',
    );
  }
  return ok(
    'upstream',
    'Hugging Face',
    `reachable: ${payload.length === 0 ? 'no papers' : `${payload.length} papers (first page)`} listed for ${day}`,
  );
}

async function checkArxiv(config: Config): Promise<CheckResult> {
  const category = config.ARXIV_CATEGORIES[0] ?? 'cs.LG';
  const fix = 'check ARXIV_API_URL, the network or a proxy';
  let body: string;
  try {
    body = (await fetchText(arxivQueryUrl(config.ARXIV_API_URL, `cat:${category}`, 0, 1), httpOptions(config))).body;
  } catch (error) {
    return fail('upstream', 'arXiv', `cannot be read: ${requestProblem(error)}`, fix);
  }
  if (isArxivRateExceeded(body)) {
    return fail(
      'upstream',
      'arXiv',
      'answered "Rate exceeded."',
      'another process on this address is calling arXiv too often; wait a minute and try again',
    );
  }
  try {
    const page = parseArxivFeed(body);
    const total = page.totalResults === null ? 'entries' : `${page.totalResults.toLocaleString('en-US')} entries`;
    return ok('upstream', 'arXiv', `reachable: ${total} in ${category}`);
  } catch (error) {
    return fail(
      'upstream',
      'arXiv',
      `answered, but not with a readable feed: ${errorText(error)}`,
      `${fix}; is ARXIV_API_URL arXiv's query endpoint?`,
    );
  }
}

/** fetchText's message without its attempt count: the doctor makes one attempt on purpose. */
function requestProblem(error: unknown): string {
  return errorText(error).replace(/ failed after 1 attempts?:/, ':');
}

function snippet(body: string): string {
  const text = body.slice(0, 80).replace(/\s+/g, ' ').trim();
  return text === '' ? '(empty)' : JSON.stringify(text);
}
