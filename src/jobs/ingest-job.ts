// Ingestion as a job of the minute tick: both sources run at start-up and then every INGEST_INTERVAL_MINUTES,
// in the background (a digest never waits for arXiv), never two runs at once.
import { ingestContextFor, type AppContext } from '../app-context.js';
import { utcDay } from '../core/days.js';
import { defaultIngestWindow, runIngest, type IngestReport } from '../app/ingest.js';
import type { SourceName } from '../core/paper.js';
import { refreshSearchKnowledge } from '../app/search/refresh-search-knowledge.js';

export interface IngestJob {
  /** Starts a run if one is due and none is running; returns at once. */
  startIfDue(now: Date): void;
  /** Runs both sources now and waits for them (first start on an empty store), with at most `maxAttempts` per request. */
  runNow(maxAttempts?: number): Promise<void>;
  /** Aborts a run in progress (what was fetched is kept) and waits for it. */
  stop(): Promise<void>;
}

export function ingestJob(app: AppContext, onReport?: (report: IngestReport) => void): IngestJob {
  const intervalMs = app.config.INGEST_INTERVAL_MINUTES * 60_000;
  const stopping = new AbortController();
  let lastStart: number | null = null;
  let running: Promise<void> | null = null;

  const once = async (maxAttempts?: number) => {
    const today = utcDay(new Date());
    let changed = false;
    for (const source of ['hf', 'arxiv'] as SourceName[]) {
      if (stopping.signal.aborted) break;
      const context = ingestContextFor(app, stopping.signal, maxAttempts);
      const report = await runIngest(context, source, defaultIngestWindow(source, today, app.config.HF_REFRESH_DAYS));
      onReport?.(report);
      changed ||= report.searchTextChanged;
    }
    // A refit of the semantic model (minutes at a million papers) runs on in its worker: the run ends, and a stop
    // is not held up by it.
    if (changed) {
      await refreshSearchKnowledge(app.store, {
        waitForRefit: false,
        onRefitError: (error) => app.logger.warn({ err: error }, 'fitting the semantic model failed; the next ingest tries again'),
        onRefitDone: (result) => app.logger.info({ refit: result }, 'semantic model refitted'),
      });
    }
  };

  const start = (now: Date, maxAttempts?: number): Promise<void> => {
    if (running !== null) return running;
    lastStart = now.getTime();
    running = once(maxAttempts)
      .catch((error: unknown) => app.logger.error({ err: error }, 'ingest failed; will try again next interval'))
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    startIfDue(now) {
      if (intervalMs <= 0 || stopping.signal.aborted) return;
      if (lastStart !== null && now.getTime() - lastStart < intervalMs) return;
      // Tracked in `running`; failures are logged inside.
      void start(now);
    },
    runNow: (maxAttempts) => start(new Date(), maxAttempts),
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
