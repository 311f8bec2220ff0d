// Phase 8 of the bench (--only fanout): one digest fanned out through the doubles at the platforms' limits. Discord:
// 10,000 channels through a double enforcing 50 requests/s globally and a bucket per channel, with the real
// rate-limit headers; the real discord.js client in this process. Slack: 1,000 channels whose digest is a header
// and a thread reply, through a double enforcing one message per second per channel; the real Bolt client.
// Reported: the send rate as a fraction of the ceiling, and the 429s received (after the first second).
import pino from 'pino';
import type { PaperInput } from '../src/core/paper.js';
import { DEFAULT_CONCURRENCY, runDigestTick, type DigestSchedulerOptions } from '../src/delivery/digest-scheduler.js';
import type { Messenger } from '../src/delivery/messenger.js';
import { startDiscordBot } from '../src/platforms/discord/discord-bot.js';
import { discordMessenger } from '../src/platforms/discord/discord-messenger.js';
import { startSlackBot } from '../src/platforms/slack/slack-bot.js';
import { SLACK_CONCURRENCY } from '../src/platforms/slack/slack-messenger.js';
import type { Store } from '../src/store/database.js';
import { upsertPapers } from '../src/store/papers-repository.js';
import { startDiscordDouble } from '../test/doubles/discord-double.js';
import { startSlackDouble } from '../test/doubles/slack-double.js';
import { createTempStore } from '../test/helpers/temp-store.js';

export interface FanoutPlatformResult {
  channels: number;
  posts: number;
  seconds: number;
  postsPerSecond: number;
  /** What the platform allows at best, in posts per second, for this fan-out. */
  ceilingPerSecond: number;
  fractionOfCeiling: number;
  rateLimited: number;
  rateLimitedAfterFirstSecond: number;
}

export interface FanoutResult {
  /** Sends at once: Discord, Slack. */
  concurrency: { discord: number; slack: number };
  discord: FanoutPlatformResult;
  slack: FanoutPlatformResult;
}

export const FANOUT = { discordChannels: 10_000, discordGlobalPerSecond: 50, slackChannels: 1_000 };

function papers(now: Date): PaperInput[] {
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: 5 }, (_, i) => ({
    source: 'hf' as const,
    id: `2611.${String(40000 + i)}`,
    title: `Fan-out bench paper ${i + 1}`,
    abstract: 'A paper for the fan-out bench.',
    authors: ['Ada Lovelace'],
    publishedAt: `${yesterday}T00:00:00.000Z`,
    dailyDate: yesterday,
    upvotes: 50 - i,
  }));
}

/** Every channel due a second ago, daily, in UTC; `layout` as given. */
async function dueChannels(
  store: Store,
  platform: string,
  workspace: string,
  addresses: string[],
  layout: 'messages' | 'thread',
  now: Date,
) {
  // Due at the start of this minute, scheduled at that minute daily: the window is the whole day before.
  const dueAt = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const due = dueAt.toISOString();
  const minuteOfDay = dueAt.getUTCHours() * 60 + dueAt.getUTCMinutes();
  const rows = addresses.map((address) => ({
    platform,
    workspace,
    kind: 'channel' as const,
    address,
    next_run_at: due,
    minute_of_day: minuteOfDay,
    weekdays: '[1,2,3,4,5,6,7]',
    digest_size: 5,
    layout,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  }));
  for (let i = 0; i < rows.length; i += 500)
    await store.db
      .insertInto('targets')
      .values(rows.slice(i, i + 500))
      .execute();
}

async function fanOut(
  store: Store,
  messenger: Messenger,
  concurrency: number | undefined,
): Promise<{ seconds: number; startedAt: number }> {
  const options: DigestSchedulerOptions = {
    store,
    logger: pino({ level: 'silent' }),
    messengers: [messenger],
    owner: 'bench:1',
    ...(concurrency === undefined ? {} : { concurrency }),
  };
  const startedAt = Date.now();
  const started = performance.now();
  await runDigestTick(options, new Date());
  return { seconds: (performance.now() - started) / 1000, startedAt };
}

function summary(
  channels: number,
  posts: number,
  seconds: number,
  ceiling: number,
  hits: number[],
  startedAt: number,
): FanoutPlatformResult {
  const postsPerSecond = posts / seconds;
  return {
    channels,
    posts,
    seconds: Math.round(seconds * 100) / 100,
    postsPerSecond: Math.round(postsPerSecond * 10) / 10,
    ceilingPerSecond: ceiling,
    fractionOfCeiling: Math.round((postsPerSecond / ceiling) * 1000) / 1000,
    rateLimited: hits.length,
    rateLimitedAfterFirstSecond: hits.filter((at) => at > startedAt + 1000).length,
  };
}

export async function measureFanout(log: (line: string) => void, concurrency?: number): Promise<FanoutResult> {
  const now = new Date();
  const logger = pino({ level: 'silent' });

  log(`fanout: ${FANOUT.discordChannels} Discord channels at ${FANOUT.discordGlobalPerSecond} requests/s…`);
  const discordStore = await createTempStore();
  const discordIds = Array.from({ length: FANOUT.discordChannels }, (_, i) => String(200_000_000_000_000_000n + BigInt(i)));
  const discord = await startDiscordDouble({
    applicationId: '300000000000000001',
    guilds: [
      {
        id: '100000000000000001',
        name: 'Bench',
        ownerId: '400000000000000001',
        channels: discordIds.map((id, i) => ({ id, name: `c${i}` })),
      },
    ],
    limits: { globalPerSecond: FANOUT.discordGlobalPerSecond, perRoute: 5, routeWindowSeconds: 5 },
  });
  const bot = await startDiscordBot({ token: 'bench', apiUrl: discord.apiUrl, store: discordStore.store, logger, now: () => new Date() });
  await upsertPapers(discordStore.store, papers(now), now.toISOString());
  await dueChannels(discordStore.store, 'discord', '100000000000000001', discordIds, 'messages', now);
  const discordRun = await fanOut(discordStore.store, discordMessenger(bot.client.rest), concurrency);
  const discordResult = summary(
    FANOUT.discordChannels,
    discord.posted.length,
    discordRun.seconds,
    FANOUT.discordGlobalPerSecond,
    discord.limitHits.map((h) => h.at),
    discordRun.startedAt,
  );
  await bot.stop();
  await discord.close();
  await discordStore.cleanup();

  log(`fanout: ${FANOUT.slackChannels} Slack channels, a header and a thread reply each, one message/s per channel…`);
  const slackStore = await createTempStore();
  const slackIds = Array.from({ length: FANOUT.slackChannels }, (_, i) => `C0B${String(i).padStart(5, '0')}`);
  const slack = await startSlackDouble({
    teamId: 'T0BENCH',
    botUserId: 'U0BOT',
    botToken: 'xoxb-bench',
    appToken: 'xapp-bench',
    channels: slackIds.map((id, i) => ({ id, name: `c${i}` })),
    users: [],
  });
  slack.enforceChannelPace(true);
  const slackBot = await startSlackBot({
    botToken: 'xoxb-bench',
    appToken: 'xapp-bench',
    apiUrl: slack.apiUrl,
    store: slackStore.store,
    logger,
    now: () => new Date(),
  });
  await slack.connected;
  await upsertPapers(slackStore.store, papers(now), now.toISOString());
  await dueChannels(slackStore.store, 'slack', 'T0BENCH', slackIds, 'thread', now);
  const slackRun = await fanOut(slackStore.store, slackBot.messenger, concurrency);
  // Two posts per channel, at most one per second each: the whole fan-out cannot take less than one second.
  const slackPosts = slack.posted.length;
  const slackResult = summary(
    FANOUT.slackChannels,
    slackPosts,
    slackRun.seconds,
    slackPosts / Math.max(1, slackPosts / FANOUT.slackChannels - 1),
    slack.rateLimited.map(() => Date.now()),
    slackRun.startedAt,
  );
  await slackBot.stop();
  await slack.close();
  await slackStore.cleanup();
  return {
    concurrency: { discord: concurrency ?? DEFAULT_CONCURRENCY, slack: concurrency ?? SLACK_CONCURRENCY },
    discord: discordResult,
    slack: slackResult,
  };
}
