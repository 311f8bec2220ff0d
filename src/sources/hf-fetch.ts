// Live reads of Hugging Face Daily Papers: one day at a time, page by page.
import { fetchText, type HttpClientOptions } from './http.js';
import { parseHfDailyPapers } from './hf-daily-papers.js';
import { UpstreamPayloadError, type IsoDay, type ParsedBatch } from './source.js';

export const HF_PAGE_SIZE = 100;
/** A day has at most a few hundred papers; more pages than this means the API ignores paging. */
const MAX_PAGES_PER_DAY = 10;

export function hfDailyPapersUrl(apiUrl: string, day: IsoDay, page: number, limit = HF_PAGE_SIZE): string {
  const url = new URL('api/daily_papers', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`);
  url.searchParams.set('date', day);
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('p', String(page));
  return url.toString();
}

/** Yields each page of one day's list. Malformed JSON ends the day with an UpstreamPayloadError. */
export async function* fetchHfDay(apiUrl: string, day: IsoDay, http: HttpClientOptions): AsyncGenerator<ParsedBatch & { fetched: number }> {
  const seen = new Set<string>();
  let previousBody: string | null = null;
  for (let page = 0; page < MAX_PAGES_PER_DAY; page += 1) {
    const response = await fetchText(hfDailyPapersUrl(apiUrl, day, page), http);
    let payload: unknown;
    try {
      payload = JSON.parse(response.body);
    } catch {
      throw new UpstreamPayloadError(`daily_papers for ${day} (page ${page}) is not valid JSON`);
    }
    if (!Array.isArray(payload)) {
      throw new UpstreamPayloadError(`daily_papers for ${day} (page ${page}) is not a JSON array`);
    }
    // Some deployments ignore `p` and send page 0 again: stop rather than count the same items twice.
    if (response.body === previousBody) return;
    previousBody = response.body;
    const batch = parseHfDailyPapers(payload, day);
    const fresh = batch.papers.filter((p) => !seen.has(p.id));
    if (page > 0 && batch.papers.length > 0 && fresh.length === 0) return;
    for (const p of batch.papers) seen.add(p.id);
    yield { papers: fresh, skipped: batch.skipped, fetched: payload.length };
    if (payload.length < HF_PAGE_SIZE) return;
  }
}
