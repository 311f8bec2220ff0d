// One ingest run of one source over a window of days: fetch, validate, merge into the store, record the run.
import type { Logger } from 'pino';
import { fetchArxivPages } from '../sources/arxiv.js';
import type { RateGate } from '../sources/arxiv.js';
import { fetchHfDay } from '../sources/hf-fetch.js';
import { RequestAbortedError, UpstreamError, type HttpClientOptions } from '../sources/http.js';
import type { IngestWindow, ParsedBatch, SkippedItem } from '../sources/source.js';
import type { Store } from '../store/database.js';
import { claimIngestRun, finishIngestRun, renewIngestLease, type IngestRunCounts } from '../store/ingest-runs-repository.js';
import { upsertPapers } from '../store/papers-repository.js';
import { addDays, daysBetween } from '../core/days.js';
import type { SourceName } from '../core/paper.js';

export interface IngestContext {
  store: Store;
  logger: Logger;
  now: () => Date;
  http: HttpClientOptions;
  hf: { apiUrl: string; refreshDays: number };
  arxiv: { apiUrl: string; categories: string[]; maxResults: number; gate: RateGate };
}

export interface IngestReport {
  source: SourceName;
  window: IngestWindow;
  runId: number | null;
  /** `busy`: another process holds a live run of this source; nothing was fetched. */
  status: 'succeeded' | 'failed' | 'busy';
  /** Some paper's searchable text was added or changed (so the typo-correction vocabulary is stale). */
  searchTextChanged: boolean;
  counts: IngestRunCounts;
  error: string | null;
}

/**
 * How long a run's claim lasts without news. Renewed after every batch, so a live run keeps its source and a
 * run whose process died frees it within minutes.
 */
const RUN_LEASE_MS = 5 * 60_000;
/** Skipped items are logged one by one up to this many per run, then summarised. */
const SKIP_LOG_LIMIT = 20;
const SKIP_SAMPLE_LIMIT = 10;

/** The window a scheduled run reads: recent days, so upvotes and late arrivals are refreshed. */
export function defaultIngestWindow(source: SourceName, today: string, refreshDays: number): IngestWindow {
  // arXiv announces on weekdays only; two days back covers a missed run and the weekend gap.
  const back = source === 'hf' ? refreshDays : Math.max(2, refreshDays);
  return { from: addDays(today, -back), to: today };
}

class RunTally {
  readonly counts: IngestRunCounts = { fetched: 0, new: 0, updated: 0, unchanged: 0, skipped: 0 };
  readonly samples: SkippedItem[] = [];
  readonly errors: string[] = [];
  reindexed = 0;

  constructor(
    private readonly ctx: IngestContext,
    private readonly source: SourceName,
    private readonly runId: number,
  ) {}

  async apply(batch: ParsedBatch, fetched: number): Promise<void> {
    const now = this.ctx.now();
    const written = await upsertPapers(this.ctx.store, batch.papers, now.toISOString());
    await renewIngestLease(this.ctx.store, this.runId, new Date(now.getTime() + RUN_LEASE_MS));
    this.counts.fetched += fetched;
    this.counts.new += written.new;
    this.counts.updated += written.updated;
    this.counts.unchanged += written.unchanged;
    this.reindexed += written.reindexed;
    for (const item of batch.skipped) {
      this.counts.skipped += 1;
      if (this.samples.length < SKIP_SAMPLE_LIMIT) this.samples.push(item);
      if (this.counts.skipped <= SKIP_LOG_LIMIT) {
        this.ctx.logger.warn({ source: this.source, ref: item.ref, reason: item.reason }, 'skipped a malformed upstream item');
      }
    }
  }

  fail(scope: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.errors.push(`${scope}: ${message}`);
    // Upstream trouble, not ours: the run's summary and the next run carry on from here.
    this.ctx.logger.warn({ source: this.source, scope, err: message }, 'ingest step failed');
  }
}

/** No answer at all (DNS, refused, timeouts) after every retry: the next day would fare no better. */
function unreachable(error: unknown): boolean {
  return error instanceof UpstreamError && error.status === null;
}

async function ingestHf(ctx: IngestContext, window: IngestWindow, tally: RunTally): Promise<void> {
  // One bad day (HTTP 400, malformed JSON) does not stop the others; an unreachable upstream, or a stop, does.
  const days = daysBetween(window.from, window.to);
  for (const [i, day] of days.entries()) {
    try {
      for await (const page of fetchHfDay(ctx.hf.apiUrl, day, { ...ctx.http, logger: ctx.logger })) {
        await tally.apply(page, page.fetched);
      }
    } catch (error) {
      tally.fail(day, error);
      if (error instanceof RequestAbortedError) return;
      if (unreachable(error) && i < days.length - 1) {
        tally.fail(days.slice(i + 1).join(', '), new Error('skipped, Hugging Face did not answer'));
        return;
      }
    }
  }
}

async function ingestArxiv(ctx: IngestContext, window: IngestWindow, tally: RunTally): Promise<void> {
  try {
    const pages = fetchArxivPages(
      { apiUrl: ctx.arxiv.apiUrl, categories: ctx.arxiv.categories, window, maxResults: ctx.arxiv.maxResults },
      { ...ctx.http, logger: ctx.logger },
      ctx.arxiv.gate,
    );
    for await (const page of pages) await tally.apply(page, page.papers.length + page.skipped.length);
  } catch (error) {
    tally.fail(`${window.from}..${window.to}`, error);
  }
}

export async function runIngest(ctx: IngestContext, source: SourceName, window: IngestWindow): Promise<IngestReport> {
  const runId = await claimIngestRun(ctx.store, {
    source,
    windowStart: window.from,
    windowEnd: window.to,
    now: ctx.now(),
    leaseMs: RUN_LEASE_MS,
  });
  if (runId === null) {
    ctx.logger.info({ source }, 'another process is ingesting this source; skipping this run');
    const counts = { fetched: 0, new: 0, updated: 0, unchanged: 0, skipped: 0 };
    return { source, window, runId, status: 'busy', searchTextChanged: false, counts, error: null };
  }
  const tally = new RunTally(ctx, source, runId);
  if (source === 'hf') await ingestHf(ctx, window, tally);
  else await ingestArxiv(ctx, window, tally);
  const error = tally.errors.length === 0 ? null : tally.errors.join('; ');
  await finishIngestRun(ctx.store, runId, { ...tally.counts, now: ctx.now(), error, skippedSamples: tally.samples });
  ctx.logger.info({ event: 'ingest.run', source, window, runId, ...tally.counts, error }, 'ingest run finished');
  const status = error === null ? 'succeeded' : 'failed';
  return { source, window, runId, status, searchTextChanged: tally.reindexed > 0, counts: tally.counts, error };
}
