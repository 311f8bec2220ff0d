// Platform faults through the real discord.js and Bolt clients and the doubles, in one scheduler run after
// another: per-route and global 429 bursts with Retry-After, 500s beyond the clients' own retries, Missing
// Access, channels deleted or archived or closed to the bot, and the gateway and Socket Mode connections dropped
// mid-run. Everything deliverable is delivered once; every dead channel is paused and its admin told.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { runDigestTick, type DigestSchedulerOptions, type TickReport } from '../../src/delivery/digest-scheduler.js';
import { startDiscordBot, type DiscordBot } from '../../src/platforms/discord/discord-bot.js';
import { discordMessenger } from '../../src/platforms/discord/discord-messenger.js';
import { startSlackBot, type SlackBot } from '../../src/platforms/slack/slack-bot.js';
import { deliveriesOfTarget } from '../../src/store/deliveries-repository.js';
import { upsertPapers } from '../../src/store/papers-repository.js';
import { ensureTarget, findTargetById } from '../../src/store/targets-repository.js';
import { startDiscordDouble, type DiscordDouble } from '../doubles/discord-double.js';
import { startSlackDouble, type SlackDouble } from '../doubles/slack-double.js';
import { digestPaper } from '../helpers/digest-papers.js';
import { recordScenario } from '../helpers/reliability-record.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

const GUILD = '100000000000000001';
const DISCORD_ADMIN = '400000000000000009';
const SLACK_ADMIN = 'U0ADMIN';
const CHANNELS = 30;
const CREATED = new Date('2026-11-29T12:00:00Z');
const MONDAY = new Date('2026-11-30T09:00:00Z');

let temp: TempStore | undefined;
let discord: DiscordDouble | undefined;
let slack: SlackDouble | undefined;
let discordBot: DiscordBot | undefined;
let slackBot: SlackBot | undefined;

afterEach(async () => {
  await discordBot?.stop();
  await slackBot?.stop();
  await discord?.close();
  await slack?.close();
  await temp?.cleanup();
});

const discordChannel = (i: number) => String(200_000_000_000_000_000n + BigInt(i));
const slackChannel = (i: number) => `C0F${String(i).padStart(3, '0')}`;

describe('platform faults during a fan-out', () => {
  it(
    'delivers every deliverable digest once, pauses the dead channels and tells their admins, and never crashes',
    { timeout: 120_000 },
    async () => {
      temp = await createTempStore();
      const store = temp.store;
      await upsertPapers(
        store,
        Array.from({ length: 7 }, (_, i) => digestPaper(i + 1)),
        CREATED.toISOString(),
      );
      discord = await startDiscordDouble({
        applicationId: '300000000000000001',
        guilds: [
          {
            id: GUILD,
            name: 'Lab',
            ownerId: DISCORD_ADMIN,
            channels: Array.from({ length: CHANNELS }, (_, i) => ({ id: discordChannel(i), name: `c${i}` })),
          },
        ],
      });
      slack = await startSlackDouble({
        teamId: 'T0F',
        botUserId: 'U0BOT',
        botToken: 'xoxb-f',
        appToken: 'xapp-f',
        channels: Array.from({ length: CHANNELS }, (_, i) => ({ id: slackChannel(i), name: `c${i}`, isPrivate: i >= 20 && i < 23 })),
        users: [{ id: SLACK_ADMIN, isAdmin: true }],
      });
      const logger = pino({ level: 'silent' });
      discordBot = await startDiscordBot({ token: 't', apiUrl: discord.apiUrl, store, logger, now: () => MONDAY });
      slackBot = await startSlackBot({
        botToken: 'xoxb-f',
        appToken: 'xapp-f',
        apiUrl: slack.apiUrl,
        store,
        logger,
        now: () => MONDAY,
        channelIntervalMs: 0,
      });
      await Promise.all([discord.identified, slack.connected]);
      const scheduler: DigestSchedulerOptions = {
        store,
        logger,
        messengers: [discordMessenger(discordBot.client.rest), slackBot.messenger],
        owner: 'faults:1',
      };
      const targets = [];
      for (let i = 0; i < CHANNELS; i += 1) {
        targets.push(
          await ensureTarget(
            store,
            { platform: 'discord', workspace: GUILD, kind: 'channel', address: discordChannel(i) },
            CREATED,
            DISCORD_ADMIN,
          ),
        );
        targets.push(
          await ensureTarget(
            store,
            { platform: 'slack', workspace: 'T0F', kind: 'channel', address: slackChannel(i) },
            CREATED,
            SLACK_ADMIN,
          ),
        );
      }

      // Discord: per-route bursts, a global burst, 500s past discord.js's 3 retries, Missing Access, deleted channels.
      for (let i = 0; i < 5; i += 1) discord.rateLimitChannel(discordChannel(i), 2, 0.2);
      discord.rateLimitGlobal(3, 0.2);
      for (let i = 5; i < 10; i += 1) discord.failPostsAfter(discordChannel(i), 0, 4);
      for (let i = 20; i < 23; i += 1) discord.failChannel(discordChannel(i), { status: 403, code: 50001, message: 'Missing Access' });
      for (let i = 23; i < 25; i += 1) discord.deleteChannel(discordChannel(i));
      // Slack: 429 bursts and the channel pace, 500s, private channels the bot is not in, archived and deleted ones.
      slack.enforceChannelPace(true);
      slack.rateLimit('chat.postMessage', 4, 1);
      slack.serverError('chat.postMessage', 3);
      for (let i = 20; i < 23; i += 1) slack.removeBotFrom(slackChannel(i));
      for (let i = 23; i < 25; i += 1) slack.archiveChannel(slackChannel(i));
      for (let i = 25; i < 27; i += 1) slack.deleteChannel(slackChannel(i));
      const dead = new Set([
        ...[20, 21, 22, 23, 24].map((i) => `discord:${discordChannel(i)}`),
        ...[20, 21, 22, 23, 24, 25, 26].map((i) => `slack:${slackChannel(i)}`),
      ]);

      // The connections drop while the first run is sending.
      const reports: TickReport[] = [];
      const firstPost = discord.waitForRequest((r) => r.method === 'POST' && r.path.endsWith('/messages'));
      const first = runDigestTick(scheduler, MONDAY);
      await firstPost;
      discord.dropConnections();
      slack.dropConnections();
      reports.push(await first);
      // Then the ledger's retries, as the minute tick would run them.
      for (let minutes = 2; minutes <= 64 && (reports.at(-1)?.retrying ?? 0) > 0; minutes *= 2) {
        reports.push(await runDigestTick(scheduler, new Date(MONDAY.getTime() + minutes * 60_000)));
      }

      let delivered = 0;
      let duplicated = 0;
      let lost = 0;
      const problems: string[] = [];
      for (const target of targets) {
        const key = `${target.platform}:${target.address}`;
        const sent = (await deliveriesOfTarget(store, target.id)).filter((d) => d.status === 'sent');
        const parts =
          target.platform === 'discord'
            ? discord.posted.filter((m) => m.channel_id === target.address).map((m) => m.nonce ?? '?')
            : slack.posted.filter((m) => m.channel === target.address).map((m) => JSON.stringify(m.metadata?.event_payload));
        duplicated += parts.length - new Set(parts).size + Math.max(0, sent.length - 1);
        if (dead.has(key)) {
          const paused = await findTargetById(store, target.id);
          if (paused?.settings.paused !== true || paused.pausedReason === null) problems.push(`${key} should be paused`);
          continue;
        }
        if (sent.length === 1 && parts.length === sent[0]?.messageIds.length) delivered += 1;
        else {
          lost += sent.length === 0 ? 1 : 0;
          problems.push(`${key}: ${sent.length} sent, parts ${parts.join(',')}`);
        }
      }
      // Each dead channel's admin heard about it in a DM.
      const discordDm = discord.dmChannelOf(DISCORD_ADMIN);
      const slackDm = slack.dmChannelOf(SLACK_ADMIN);
      const told = [
        ...discord.posted.filter((m) => m.channel_id === discordDm).map((m) => m.content ?? ''),
        ...slack.posted.filter((m) => m.channel === slackDm).map((m) => m.text ?? ''),
      ];
      for (const key of dead) {
        const address = key.split(':')[1] ?? '';
        if (!told.some((text) => text.includes(`<#${address}>`))) problems.push(`${key}: admin not told`);
      }
      const expected = targets.length - dead.size;
      recordScenario({
        id: 'platform-faults',
        scenario:
          'Platform faults in one fan-out to 60 channels: Discord per-route and global 429s, 500s past the client retries, Missing Access, deleted channels; Slack 429s and per-channel pace, 500s, private/archived/deleted channels; gateway and socket dropped mid-run',
        runs: reports.length,
        digestsExpected: expected,
        delivered,
        duplicated,
        lost,
        notes: `${dead.size} dead channels paused and their admins told; 429s answered: Discord ${discord.rateLimited.length}, Slack ${slack.rateLimited.length}`,
      });
      expect(problems).toEqual([]);
      expect({ delivered, duplicated, lost }).toEqual({ delivered: expected, duplicated: 0, lost: 0 });
    },
  );
});
