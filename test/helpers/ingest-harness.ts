// An ingest test bed: a fresh store (SQLite by default, or PostgreSQL), both upstream doubles (Hugging Face and arXiv), and an IngestContext
// wired to them by hand, with backoff sleeps recorded instead of waited and the arXiv gate on a fake clock.
import pino from 'pino';
import type { IngestContext } from '../../src/app/ingest.js';
import { createRateGate } from '../../src/sources/arxiv.js';
import { recentIngestRuns, type IngestRun } from '../../src/store/ingest-runs-repository.js';
import { startArxivDouble, type ArxivDouble, type ArxivEntry } from '../doubles/arxiv-double.js';
import { createFakeClock } from '../doubles/fake-clock.js';
import { startHfDouble, type HfDouble } from '../doubles/hf-double.js';
import { paperCount } from '../../src/store/papers-repository.js';
import { createStoreOf, type Dialect } from './temp-store.js';

export const INGEST_T0 = new Date('2026-01-08T06:00:00.000Z');

export interface IngestHarness {
  ctx: IngestContext;
  hf: HfDouble;
  arxiv: ArxivDouble;
  /** Delays fetchText asked to sleep (backoff, Retry-After); none is actually waited. */
  retrySleeps: number[];
  /** The store's DATABASE_URL (a SQLite file or a PostgreSQL URL), for opening a second connection as another process would. */
  dbPath: string;
  setNow(date: Date): void;
  runs(): Promise<IngestRun[]>;
  paperCount(): Promise<number>;
}

/** A fresh store, both upstream doubles, and an IngestContext wired to them by hand. */
export async function startIngestHarness(
  cleanups: (() => Promise<void>)[],
  arxivEntries: ArxivEntry[] = [],
  dialect: Dialect = 'sqlite',
): Promise<IngestHarness> {
  const temp = await createStoreOf(dialect);
  cleanups.push(() => temp.cleanup());
  const hf = await startHfDouble();
  cleanups.push(() => hf.close());
  // The arXiv gate runs on a fake clock, so its 3 s spacing costs no real time.
  const clock = createFakeClock();
  const arxiv = await startArxivDouble({ entries: arxivEntries, now: clock.now });
  cleanups.push(() => arxiv.close());
  const retrySleeps: number[] = [];
  let now = INGEST_T0;
  const ctx: IngestContext = {
    store: temp.store,
    logger: pino({ level: 'silent' }),
    now: () => now,
    http: {
      timeoutMs: 1000,
      maxAttempts: 2,
      random: () => 0.5,
      sleep: (ms) => {
        retrySleeps.push(ms);
        return Promise.resolve();
      },
    },
    hf: { apiUrl: hf.url, refreshDays: 2 },
    arxiv: { apiUrl: arxiv.url, categories: ['cs.LG', 'cs.CL'], maxResults: 500, gate: createRateGate(3000, clock) },
  };
  return {
    ctx,
    hf,
    arxiv,
    retrySleeps,
    dbPath: temp.url,
    setNow: (date) => {
      now = date;
    },
    runs: async () => (await recentIngestRuns(temp.store, 50)).reverse(),
    paperCount: () => paperCount(temp.store),
  };
}
