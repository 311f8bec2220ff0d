// Composition root of the long-running bot: config → store (migrated) → sample data on first start →
// periodic ingestion → front ends. Stops cleanly on SIGINT/SIGTERM or when the console input ends.
import { fileURLToPath } from 'node:url';
import { ingestContextFor, openAppContext, type AppContext } from './app-context.js';
import type { Config } from './config.js';
import { utcDay } from './core/days.js';
import { importFiles } from './core/import-files.js';
import { defaultIngestWindow, runIngest } from './core/ingest.js';
import type { SourceName } from './core/paper.js';
import { runConsoleBot } from './platforms/console/console-bot.js';
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
  const once = async () => {
    const today = utcDay(new Date());
    let changed = false;
    for (const source of ['hf', 'arxiv'] as SourceName[]) {
      if (stopped) return;
      const report = await runIngest(ingestContextFor(app), source, defaultIngestWindow(source, today, app.config.HF_REFRESH_DAYS));
      changed ||= report.counts.new + report.counts.updated > 0;
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
      await running;
    },
  };
}

export async function runBot(config: Config): Promise<void> {
  const app = await openAppContext(config);
  await seedIfEmpty(app);
  const ingest = startIngestLoop(app);
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
