// Composition root of the long-running bot: config → store (migrated) → sample data on first start →
// periodic ingestion → front ends. Stops cleanly on SIGINT/SIGTERM or when the console input ends.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestContextFor, openAppContext, type AppContext } from './app-context.js';
import type { Config } from './config.js';
import { utcDay } from './core/days.js';
import { importFiles } from './core/import-files.js';
import { defaultIngestWindow, runIngest } from './core/ingest.js';
import type { SourceName } from './core/paper.js';
import { createLogger } from './logger.js';
import { runConsoleBot } from './platforms/console/console-bot.js';
import { sqlitePathFromUrl } from './store/database.js';
import { paperStats } from './store/papers-repository.js';
import { refreshSearchVocabulary } from './store/search-index.js';

/** Shipped with the code, so a newcomer without network or tokens sees real papers at once. */
export const BUNDLED_SAMPLE = fileURLToPath(new URL('../assets/hf-daily-papers-sample.json', import.meta.url));

async function seedIfEmpty(app: AppContext): Promise<void> {
  if ((await paperStats(app.store)).papers > 0) return;
  const [report] = await importFiles(app.store, [BUNDLED_SAMPLE], new Date());
  app.logger.info({ new: report?.counts.new, error: report?.error }, 'empty store: loaded the bundled sample papers');
}

/** Runs both sources now and then every INGEST_INTERVAL_MINUTES; never two runs at once. */
function startIngestLoop(app: AppContext): { stop(): Promise<void> } {
  const minutes = app.config.INGEST_INTERVAL_MINUTES;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  // Stopping aborts requests and backoff waits; what was fetched so far is kept and the run is recorded.
  const stopping = new AbortController();
  const once = async () => {
    const today = utcDay(new Date());
    let changed = false;
    for (const source of ['hf', 'arxiv'] as SourceName[]) {
      if (stopped) break;
      const context = ingestContextFor(app, stopping.signal);
      const report = await runIngest(context, source, defaultIngestWindow(source, today, app.config.HF_REFRESH_DAYS));
      changed ||= report.searchTextChanged;
    }
    if (changed) refreshSearchVocabulary(app.store);
  };
  const tick = () => {
    running = once()
      .catch((error: unknown) => app.logger.error({ err: error }, 'ingest loop failed; will try again next interval'))
      .finally(() => {
        if (!stopped && minutes > 0) timer = setTimeout(tick, minutes * 60_000);
      });
  };
  if (minutes > 0) tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      stopping.abort();
      await running;
    },
  };
}

/**
 * Logs interleaved with a conversation at a terminal are unreadable: there they go to a file next to the
 * database, unless LOG_FILE says otherwise. Everywhere else (containers, services) they go to stderr.
 */
function logFileFor(config: Config): string | undefined {
  if (config.LOG_FILE !== undefined) return config.LOG_FILE;
  if (!process.stdin.isTTY) return undefined;
  const database = sqlitePathFromUrl(config.DATABASE_URL);
  return database === ':memory:' ? undefined : join(dirname(database), 'papers-bot.log');
}

export async function runBot(config: Config): Promise<void> {
  const logFile = logFileFor(config);
  const app = await openAppContext(config, createLogger(config, logFile));
  await seedIfEmpty(app);
  const ingest = startIngestLoop(app);
  if (logFile !== undefined && logFile !== '-') process.stdout.write(`(logs: ${logFile})\n`);
  const consoleDone = runConsoleBot({
    input: process.stdin,
    output: process.stdout,
    context: { store: app.store, now: () => new Date() },
    onError: (error) => app.logger.error({ err: error }, 'console command failed'),
  });
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  // Typing quit, or Ctrl-D at a terminal, stops the bot. Input that ends by itself (a container started
  // without a terminal) only ends the console front end; the bot keeps ingesting until it is signalled.
  const consoleStop = consoleDone.then((how) =>
    how === 'quit' || process.stdin.isTTY ? `console ${how}` : new Promise<string>(() => undefined),
  );
  const reason = await Promise.race([consoleStop, signalled]);
  app.logger.info({ reason }, 'stopping');
  await ingest.stop();
  await app.store.close();
}
