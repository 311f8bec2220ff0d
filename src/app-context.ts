// Wiring shared by the CLI and the bot: configuration, logger, store (migrated), and the ingest context.
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { IngestContext } from './app/ingest.js';
import { createLogger } from './logger.js';
import { sharedArxivGate } from './sources/arxiv.js';
import { openStore, type Store } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';

export interface AppContext {
  config: Config;
  logger: Logger;
  store: Store;
}

/**
 * The one-shot commands print their results (a failed source included) themselves: their logs, unless LOG_LEVEL
 * asks for more, are errors only, so a terminal does not show each failure twice.
 */
const oneShotLogger = (config: Config) => createLogger({ ...config, LOG_LEVEL: config.LOG_LEVEL ?? 'error' }, config.LOG_FILE);

export async function openAppContext(config: Config, logger: Logger = oneShotLogger(config)): Promise<AppContext> {
  const store = openStore(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  try {
    const applied = await migrateToLatest(store);
    for (const result of applied) logger.info({ migration: result.migrationName }, 'applied migration');
  } catch (error) {
    await store.close();
    throw error;
  }
  return { config, logger, store };
}

/** `signal` ends the run's requests and backoff waits at once (the bot is stopping); `maxAttempts` overrides the configured retries. */
export function ingestContextFor(app: AppContext, signal?: AbortSignal, maxAttempts?: number): IngestContext {
  const { config } = app;
  const http: IngestContext['http'] = {
    timeoutMs: config.HTTP_TIMEOUT_MS,
    maxAttempts: maxAttempts ?? config.HTTP_MAX_ATTEMPTS,
    logger: app.logger,
  };
  if (signal !== undefined) http.signal = signal;
  return {
    store: app.store,
    logger: app.logger,
    now: () => new Date(),
    http,
    hf: { apiUrl: config.HF_API_URL, refreshDays: config.HF_REFRESH_DAYS },
    arxiv: {
      apiUrl: config.ARXIV_API_URL,
      categories: config.ARXIV_CATEGORIES,
      maxResults: config.ARXIV_MAX_RESULTS,
      gate: sharedArxivGate(config.ARXIV_API_URL, config.ARXIV_MIN_INTERVAL_MS),
    },
  };
}
