// Phase 6 of the bench: Slack through the local double. /papers search over the query mix, with the real Bolt app
// in this process on the size's store: in Socket Mode, from the double sending the slash_commands envelope to the
// ack carrying the answer; over HTTP, from a signed POST to /slack/events to its HTTP response.
import pino from 'pino';
import { startSlackBot, type SlackBot } from '../src/platforms/slack/slack-bot.js';
import type { Store } from '../src/store/database.js';
import { formBody, slackSignature, slashCommandPayload, startSlackDouble, type SlackDouble } from '../test/doubles/slack-double.js';
import { CORPUS_NOW } from './corpus-generator.js';
import { latencyStats, type LatencyStats } from './latency-stats.js';
import type { BenchQuery } from './query-mix.js';

export interface SlackModeResult {
  commands: number;
  /** Acknowledged without the answer (not ready in 2 s), answered later through response_url. */
  late: number;
  errors: number;
  latency: LatencyStats;
}

export interface SlackResult {
  socket: SlackModeResult;
  http: SlackModeResult;
}

const TEAM = 'T0BENCH';
const CHANNEL = 'C0BENCH';
const USER = 'U0BENCH';
const BOT_TOKEN = 'xoxb-bench';
const APP_TOKEN = 'xapp-bench';
const SIGNING_SECRET = 'bench-signing-secret';

type Answer = { text?: string } | null;

async function measureMode(queries: readonly BenchQuery[], ask: (text: string) => Promise<Answer>): Promise<SlackModeResult> {
  // Warm-up over the whole mix (statement caches, stems), then one timed round.
  for (const query of queries) await ask(`search ${query.text}`);
  const samples: number[] = [];
  let late = 0;
  let errors = 0;
  for (const query of queries) {
    const started = performance.now();
    const answer = await ask(`search ${query.text}`);
    samples.push(performance.now() - started);
    if (answer?.text === undefined) late += 1;
    else if (answer.text.startsWith('Something went wrong')) errors += 1;
  }
  return { commands: samples.length, late, errors, latency: latencyStats(samples) };
}

async function withBot<T>(store: Store, mode: 'socket' | 'http', run: (slack: SlackDouble, bot: SlackBot) => Promise<T>): Promise<T> {
  const slack = await startSlackDouble({
    teamId: TEAM,
    botUserId: 'U0BOT',
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    channels: [{ id: CHANNEL, name: 'papers' }],
    users: [{ id: USER }],
  });
  const bot = await startSlackBot({
    botToken: BOT_TOKEN,
    ...(mode === 'socket' ? { appToken: APP_TOKEN } : { signingSecret: SIGNING_SECRET, port: 0 }),
    apiUrl: slack.apiUrl,
    store,
    logger: pino({ level: 'silent' }),
    now: () => new Date(CORPUS_NOW),
  });
  try {
    if (mode === 'socket') await slack.connected;
    return await run(slack, bot);
  } finally {
    await bot.stop();
    await slack.close();
  }
}

const payload = (slack: SlackDouble, text: string) =>
  slashCommandPayload({ teamId: TEAM, channelId: CHANNEL, userId: USER, text, responseUrl: slack.responseUrl() });

export async function measureSlack(store: Store, queries: readonly BenchQuery[], log: (line: string) => void): Promise<SlackResult> {
  log(`slack: ${queries.length} searches over Socket Mode…`);
  const socket = await withBot(store, 'socket', (slack) =>
    measureMode(queries, async (text) => (await slack.sendSlashCommand(payload(slack, text))).payload ?? null),
  );
  log(`slack: ${queries.length} searches over HTTP…`);
  const http = await withBot(store, 'http', (slack, bot) =>
    measureMode(queries, async (text) => {
      const body = formBody(payload(slack, text));
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(`http://127.0.0.1:${bot.port ?? 0}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
        },
        body,
      });
      const raw = await response.text();
      return raw === '' ? null : (JSON.parse(raw) as Answer);
    }),
  );
  return { socket, http };
}
