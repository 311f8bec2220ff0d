// Composition root of the long-running bot: config → store (migrated) → papers (fetched, or the bundled sample
// when the sources cannot be reached on a first start) → the minute tick (digests, ingestion) → front ends.
// Stops cleanly on SIGINT/SIGTERM or when the console's user quits.
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { openAppContext, type AppContext } from './app-context.js';
import type { Config } from './config.js';
import { importFiles } from './app/import-files.js';
import { runDigestTick } from './delivery/digest-scheduler.js';
import { ingestJob, type IngestJob } from './jobs/ingest-job.js';
import { refreshSearchKnowledge } from './app/search/refresh-search-knowledge.js';
import { semanticIndexOf } from './app/semantic/semantic-search.js';
import { startMinuteTick } from './jobs/minute-tick.js';
import type { Messenger } from './delivery/messenger.js';
import { createLogger } from './logger.js';
import { startDiscordBot, type DiscordBot } from './platforms/discord/discord-bot.js';
import { discordMessenger } from './platforms/discord/discord-messenger.js';
import { discordInviteUrl } from './platforms/discord/invite-url.js';
import { startSlackBot, type SlackBot, type SlackBotOptions } from './platforms/slack/slack-bot.js';
import { createMetrics, type DigestOutcome, type Metrics } from './ops/metrics.js';
import { HEALTH_PATHS, healthHandler, INGEST_STALE_INTERVALS, type Readiness } from './ops/health-routes.js';
import { listenForHealth } from './ops/health-listener.js';
import { commandReporter, ingestReporter } from './ops/event-reports.js';
import type { CommandContext } from '../commands/command.js';
import { CONSOLE_CHANNEL, runConsoleBot, type ConsoleBotOptions } from './platforms/console/console-bot.js';
import { consoleMessenger } from './platforms/console/console-messenger.js';
import { createConsoleScreen } from './platforms/console/console-screen.js';
import { isPostgresUrl, sqlitePathFromUrl } from './store/database.js';
import { packageFile } from './package-root.js';
import { hasPapers, mostUpvotedPapers } from './store/papers-repository.js';
import { SAMPLE_DIGEST_SIZE, sampleDigestText } from './core/digest/sample-digest.js';
import { ensureTarget } from './store/targets-repository.js';
import { releaseEarlierRunsLeases } from './store/deliveries-repository.js';
import { releaseEarlierRunsTargetClaims } from './store/targets-repository.js';
import { registerInstance } from './app/instance-registration.js';

type OnHandled = NonNullable<CommandContext['onHandled']>;

/** Shipped with the code, so a newcomer without network or tokens sees real papers at once. */
export const BUNDLED_SAMPLE = packageFile('assets/hf-daily-papers-sample.json');

/** On a first start the sources get two tries each, not the usual five: a newcomer offline should not wait. */
const FIRST_START_ATTEMPTS = 2;

const say = (line: string) => process.stdout.write(`${line}\n`);

/** An empty store is filled from the sources; when they cannot be reached, from the bundled sample. */
async function fillEmptyStore(app: AppContext, ingest: IngestJob): Promise<void> {
  if (await hasPapers(app.store)) return;
  if (app.config.INGEST_INTERVAL_MINUTES > 0) {
    say('Empty store: fetching papers from Hugging Face and arXiv (first start only)...');
    await ingest.runNow(FIRST_START_ATTEMPTS);
    if (await hasPapers(app.store)) return;
  }
  const [report] = await importFiles(app.store, [BUNDLED_SAMPLE], new Date());
  app.logger.info({ new: report?.counts.new, error: report?.error }, 'empty store: loaded the bundled sample papers');
  const why =
    app.config.INGEST_INTERVAL_MINUTES > 0 ? 'The paper sources could not be reached' : 'Ingestion is off (INGEST_INTERVAL_MINUTES=0)';
  const loaded = report?.counts.new ?? 0;
  say(`${why}, so ${loaded} bundled sample papers were loaded to try the bot with.`);
  say('');
  say(sampleDigestText(await mostUpvotedPapers(app.store, SAMPLE_DIGEST_SIZE), loaded));
  say('');
}

/** Discord runs when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set (config checks they come together). */
/**
 * What search learns from the store, brought up to date before commands are answered: a store from an earlier
 * version is read once by the abbreviation miner, a missing or outgrown semantic model is fitted in the worker
 * thread (in the background: minutes at a million papers), and the semantic index is loaded now, while nothing
 * waits, rather than during the first search (seconds at a million papers).
 */
async function prepareSearch(app: AppContext): Promise<void> {
  const started = performance.now();
  const report = await refreshSearchKnowledge(app.store, {
    // A crash between writing papers and rebuilding leaves it a little stale, until the next ingest.
    vocabulary: 'if-missing',
    waitForRefit: false,
    onRefitError: (error) => app.logger.warn({ err: error }, 'fitting the semantic model failed; the next ingest tries again'),
    onRefitDone: (result) => app.logger.info({ refit: result }, 'semantic model refitted'),
  });
  await semanticIndexOf(app.store);
  app.logger.info({ ...report, ms: Math.round(performance.now() - started) }, 'search knowledge ready');
}

async function startDiscordIfConfigured(app: AppContext, metrics: Metrics, onHandled: OnHandled): Promise<DiscordBot | null> {
  const { config, logger } = app;
  if (config.DISCORD_TOKEN === undefined || config.DISCORD_APPLICATION_ID === undefined) return null;
  const bot = await startDiscordBot({
    onHandled,
    onRateLimited: () => metrics.rateLimitWaits.inc({ platform: 'discord' }),
    token: config.DISCORD_TOKEN,
    apiUrl: config.DISCORD_API_URL,
    store: app.store,
    logger,
    now: () => new Date(),
  });
  logger.info({ invite: discordInviteUrl(config.DISCORD_APPLICATION_ID) }, 'discord connected; add the bot to a server with this link');
  return bot;
}

/** Slack runs when SLACK_BOT_TOKEN is set, in Socket Mode with SLACK_APP_TOKEN, else over HTTP on PORT. */
async function startSlackIfConfigured(
  app: AppContext,
  metrics: Metrics,
  onHandled: OnHandled,
  customRoutes: NonNullable<SlackBotOptions['customRoutes']>,
): Promise<SlackBot | null> {
  const { config, logger } = app;
  if (config.SLACK_BOT_TOKEN === undefined) return null;
  const bot = await startSlackBot({
    onHandled,
    onRateLimited: () => metrics.rateLimitWaits.inc({ platform: 'slack' }),
    customRoutes,
    botToken: config.SLACK_BOT_TOKEN,
    appToken: config.SLACK_APP_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    apiUrl: config.SLACK_API_URL,
    port: config.PORT,
    host: config.HOST,
    store: app.store,
    logger,
    now: () => new Date(),
    admins: config.SLACK_ADMINS,
    anyoneManages: config.SLACK_CHANNEL_SETTINGS_BY === 'anyone',
  });
  logger.info(
    bot.port === null ? { mode: 'socket' } : { mode: 'http', port: bot.port, path: '/slack/events' },
    'slack connected; /papers is ready in the workspaces the app is installed in',
  );
  return bot;
}

/**
 * Logs interleaved with a conversation at a terminal are unreadable: there they go to a file next to the
 * database, unless LOG_FILE says otherwise. Everywhere else (containers, services) they go to stderr.
 */
function logFileFor(config: Config): string | undefined {
  if (config.LOG_FILE !== undefined) return config.LOG_FILE;
  if (!process.stdin.isTTY) return undefined;
  const folder = localDataFolder(config);
  return folder === null ? undefined : join(folder, 'papers-bot.log');
}

/**
 * Where this machine's own files (the terminal's log and history) go: beside the SQLite file, or ./data when the
 * store is a PostgreSQL server; null for an in-memory database.
 */
function localDataFolder(config: Config): string | null {
  if (isPostgresUrl(config.DATABASE_URL)) return resolve('data');
  const database = sqlitePathFromUrl(config.DATABASE_URL);
  return database === ':memory:' ? null : dirname(database);
}

/**
 * A person at a terminal gets the REPL: its history is kept beside the database (console-history), and colour is
 * used when Node says the terminal shows it (which honours NO_COLOR and FORCE_COLOR).
 */
function consoleTerminal(config: Config): ConsoleBotOptions['terminal'] {
  if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) return undefined;
  const folder = localDataFolder(config);
  const colour = process.stdout.hasColors();
  return folder === null ? { colour } : { colour, historyFile: join(folder, 'console-history') };
}

/** How long a stop waits for the digest being sent before leaving it to the next start. */
const IN_FLIGHT_GRACE_MS = 6000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export async function runBot(config: Config): Promise<void> {
  // Stopping: the scheduler claims nothing new, and the digest being sent is finished. The signals are heard from
  // the first moment, so a stop during the start (a restart, a scale-down) still ends cleanly, once started.
  const stopping = new AbortController();
  // A first-start fetch in progress ends at once instead of after its retries (set once the ingest job exists).
  let onStopSignal = (): void => undefined;
  const signalled = new Promise<string>((resolve) => {
    const stop = (signal: string) => {
      resolve(signal);
      stopping.abort();
      onStopSignal();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  const logFile = logFileFor(config);
  const app = await openAppContext(config, createLogger(config, logFile));
  const { store, logger } = app;
  if (logFile !== undefined && logFile !== '-') say(`(logs: ${logFile})`);
  // Leases name this process; a restart of the same instance takes over what its killed predecessor had claimed.
  const instance = config.INSTANCE_NAME ?? hostname();
  const registration = await registerInstance(store, { name: instance, host: hostname(), now: () => new Date(), logger }).catch(
    async (error: unknown) => {
      await store.close();
      throw error;
    },
  );

  const metrics = createMetrics(store);
  const ingest = ingestJob(app, ingestReporter(metrics));
  const onHandled = commandReporter(logger, metrics);
  // A stop asked for while the bot was still starting is acted on now that it can stop cleanly.
  onStopSignal = () => void ingest.stop();
  if (stopping.signal.aborted) onStopSignal();
  // A rejection nobody handled is a bug (ours, or a client library's: Bolt leaves one when stopped in the middle
  // of a Socket Mode reconnect). Node would end the process for it; the bot logs it and keeps serving, since
  // every digest's state is in the ledger, not in the promise that failed.
  const unhandled = (reason: unknown) =>
    logger.error({ event: 'process.unhandled_rejection', err: reason }, 'a promise failed with nobody to handle it; the bot runs on');
  process.on('unhandledRejection', unhandled);

  // A start that fails from here on stops what it started first: the heartbeat and the pool would otherwise keep
  // the process alive after it said it failed.
  const abandonStart = async (error: unknown): Promise<never> => {
    await ingest.stop();
    await registration.stop();
    await store.close();
    throw error;
  };
  await fillEmptyStore(app, ingest).catch(abandonStart);
  await prepareSearch(app).catch(abandonStart);
  // The console is a channel like any other: it gets the daily digest (Monday to Friday, 09:00 UTC by default).
  await ensureTarget(store, CONSOLE_CHANNEL, new Date(), 'you').catch(abandonStart);
  const screen = createConsoleScreen(process.stdout);
  const messengers: Messenger[] = [consoleMessenger(screen)];
  const discord = await startDiscordIfConfigured(app, metrics, onHandled).catch(abandonStart);
  if (discord !== null) messengers.push(discordMessenger(discord.client.rest));
  const health: Readiness = {
    store,
    metrics,
    platforms: () => ({
      ...(discord === null ? {} : { discord: discord.client.isReady() }),
      ...(slack === null ? {} : { slack: slack.isConnected() }),
    }),
    ingestStaleAfterMs: config.INGEST_INTERVAL_MINUTES * 60_000 * INGEST_STALE_INTERVALS,
    now: () => new Date(),
  };
  // Slack's HTTP mode already listens on PORT: the health paths join its routes; otherwise they get their own.
  const slackHttp = config.SLACK_BOT_TOKEN !== undefined && config.SLACK_APP_TOKEN === undefined;
  const handleHealth = healthHandler(health);
  const healthRoutes = HEALTH_PATHS.map((path) => ({ path, method: ['GET'], handler: handleHealth }));
  // A Slack that refuses the token stops the start; what already runs is stopped first, or it would hold the process.
  const slack = await startSlackIfConfigured(app, metrics, onHandled, slackHttp ? healthRoutes : []).catch(async (error: unknown) => {
    await discord?.stop();
    return abandonStart(error);
  });
  const healthServer = slackHttp
    ? null
    : await listenForHealth(handleHealth, config.PORT, logger, config.HOST).catch(async (error: unknown) => {
        await discord?.stop();
        await slack?.stop();
        return abandonStart(error);
      });
  if (slack !== null) messengers.push(slack.messenger);
  const owner = `${instance}:${process.pid}`;
  const released = await releaseEarlierRunsLeases(store, instance, owner);
  await releaseEarlierRunsTargetClaims(store, instance, owner);
  if (released > 0) logger.warn({ released, instance }, 'took over digests an earlier run of this instance had claimed but not finished');
  const scheduler = {
    store,
    logger,
    messengers,
    owner,
    signal: stopping.signal,
    onOutcome: (platform: string, outcome: DigestOutcome) => metrics.digests.inc({ platform, outcome }),
    onBuilt: (platform: string) => metrics.digestsBuilt.inc({ platform }),
    cutShortByStore: new Set<number>(),
  };
  const tick = startMinuteTick(logger, async (now) => {
    ingest.startIfDue(now);
    const report = await runDigestTick(scheduler, now);
    if (report.sent + report.skipped + report.failed + report.retrying > 0) logger.info(report, 'scheduler tick');
  });

  const consoleStopping = new AbortController();
  const terminal = consoleTerminal(config);
  const consoleDone = runConsoleBot({
    onHandled,
    signal: consoleStopping.signal,
    input: process.stdin,
    screen,
    store,
    ...(terminal === undefined ? {} : { terminal }),
    now: () => new Date(),
    onError: (error) => logger.error({ err: error }, 'console command failed'),
  });
  // A digest missed while the bot was down goes out now, not at the next minute.
  await tick.runNow();
  // Typing quit, or Ctrl-D at a terminal, stops the bot. Input that ends by itself (a container started
  // without a terminal) only ends the console front end; the bot keeps running until it is signalled.
  const consoleStop = consoleDone.then((how) =>
    how === 'quit' || process.stdin.isTTY ? `console ${how}` : new Promise<string>(() => undefined),
  );
  const reason = await Promise.race([consoleStop, signalled]);
  logger.info({ reason }, 'stopping');
  stopping.abort();
  // An input still open (a terminal, a pipe nobody closed) would keep the process alive after everything else.
  consoleStopping.abort();
  await consoleDone;
  process.stdin.destroy();
  // The send in flight gets a few seconds; past that, its lease is left for the next run of this instance, which
  // takes it over at start (and finds the parts already posted), so a stop never takes longer than ~10 s.
  const settled = await Promise.race([tick.stop().then(() => true), delay(IN_FLIGHT_GRACE_MS).then(() => false)]);
  if (!settled) logger.warn('a digest was still being sent; the next start finishes it');
  await discord?.stop();
  await slack?.stop();
  healthServer?.closeAllConnections();
  await new Promise<void>((resolve) => (healthServer === null ? resolve() : healthServer.close(() => resolve())));
  await ingest.stop();
  await registration.stop();
  await store.close();
  process.off('unhandledRejection', unhandled);
}
