// Scheduled digests posted by the real discord.js REST client into the Discord double: inside every message limit,
// in order, mentioning no one, and a channel that has gone away pauses its target and tells the admin.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperInput } from '../../../src/core/paper.js';
import type { Target } from '../../../src/core/targets/target.js';
import { runDigestTick, type DigestSchedulerOptions } from '../../../src/delivery/digest-scheduler.js';
import { startDiscordBot, type DiscordBot } from '../../../src/platforms/discord/discord-bot.js';
import { discordMessenger } from '../../../src/platforms/discord/discord-messenger.js';
import { LIMITS } from '../../../src/platforms/discord/digest-messages.js';
import { deliveriesOfTarget } from '../../../src/store/deliveries-repository.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { ensureTarget, findTargetById } from '../../../src/store/targets-repository.js';
import { startDiscordDouble, type DiscordDouble, type PostedMessage } from '../../doubles/discord-double.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const ADMIN = '400000000000000009';
// Created on Sunday 29 November 2026; the default schedule's first run is Monday 30 November, 09:00 UTC.
const CREATED = new Date('2026-11-29T12:00:00Z');
const MONDAY = new Date('2026-11-30T09:00:00Z');

let temp: TempStore;
let discord: DiscordDouble;
let bot: DiscordBot;
let scheduler: DigestSchedulerOptions;

function paper(n: number, extra: Partial<PaperInput> = {}): PaperInput {
  return {
    source: 'hf',
    id: `2611.${String(20000 + n)}`,
    title: `Paper ${n}: ${'Scaling Sparse Attention '.repeat(n % 3 === 0 ? 20 : 1)}`,
    abstract: `${'We study long contexts. '.repeat(60)}`,
    authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Claude Shannon'],
    publishedAt: '2026-11-26T00:00:00.000Z',
    dailyDate: '2026-11-27',
    upvotes: 100 - n,
    aiSummary: `${'A long AI summary sentence. '.repeat(n % 2 === 0 ? 30 : 1)}`,
    githubRepo: n % 2 === 0 ? `https://github.com/lab/repo-${n}` : undefined,
    githubStars: n % 2 === 0 ? 1500 + n : undefined,
    thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2611.${String(20000 + n)}.png`,
    ...extra,
  };
}

beforeEach(async () => {
  temp = await createTempStore();
  discord = await startDiscordDouble({
    applicationId: '300000000000000001',
    guilds: [{ id: GUILD, name: 'Lab', ownerId: ADMIN, channels: [{ id: CHANNEL, name: 'papers' }] }],
  });
  const logger = pino({ level: 'silent' });
  bot = await startDiscordBot({ token: 'token', apiUrl: discord.apiUrl, store: temp.store, logger, now: () => MONDAY });
  scheduler = { store: temp.store, logger, messengers: [discordMessenger(bot.client.rest)], owner: 'test' };
});

afterEach(async () => {
  await bot.stop();
  await discord.close();
  await temp.cleanup();
});

function expectWithinLimits(message: PostedMessage): void {
  expect((message.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  const total = embeds.reduce((n, e) => n + e.title.length + e.description.length + (e.footer?.text.length ?? 0), 0);
  expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const embed of embeds) {
    expect(embed.title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(embed.description.length).toBeLessThanOrEqual(LIMITS.description);
  }
  const rows = message.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(LIMITS.rowsPerMessage);
  for (const row of rows) expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
  expect(message.allowed_mentions).toEqual({ parse: [] });
}

/** The given papers in the store, and the server's channel set up for the default digest by ADMIN. */
async function labChannelWith(papers: PaperInput[]): Promise<Target> {
  upsertPapers(temp.store, papers, CREATED.toISOString());
  return ensureTarget(temp.store, { platform: 'discord', workspace: GUILD, kind: 'channel', address: CHANNEL }, CREATED, ADMIN);
}

describe('Discord digests', () => {
  it('posts the scheduled digest into the channel, in order, every message inside the limits', async () => {
    const target = await labChannelWith(Array.from({ length: 12 }, (_, i) => paper(i + 1)));

    const report = await runDigestTick(scheduler, MONDAY);
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    const posted = discord.posted.filter((m) => m.channel_id === CHANNEL);
    expect(posted.length).toBeGreaterThanOrEqual(2);
    posted.forEach(expectWithinLimits);
    expect(posted[0]?.content).toMatch(
      /^\*\*Papers digest for Monday, 30 November 2026\*\*\n\*\*Trending on Daily Papers \(Fri 27 Nov to Sun 29 Nov\)\*\*/,
    );
    // The ten most upvoted, numbered 1 to 10 across the messages, each with its HF link and buttons.
    const embeds = posted.flatMap((m) => m.embeds ?? []);
    expect(embeds.map((e) => Number(e.title.split('.')[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(embeds[0]?.url).toBe('https://huggingface.co/papers/2611.20001');
    expect(posted[0]?.components?.[1]?.components.map((b) => b.label)).toEqual(['2 · HF', '2 · arXiv', '2 · PDF', '2 · code']);
    const [delivery] = await deliveriesOfTarget(temp.store, target.id);
    expect(delivery).toMatchObject({ status: 'sent', messageIds: posted.map((m) => m.id) });
  });

  it('never lets a title mention anyone', async () => {
    await labChannelWith([paper(1, { title: '@everyone look: <@123456789012345678> and @here' })]);
    expect((await runDigestTick(scheduler, MONDAY)).sent).toBe(1);
    for (const message of discord.posted) expect(message.allowed_mentions).toEqual({ parse: [] });
    // Shown as written (Markdown neutralised), never as a mention: embeds do not ping, and allowed_mentions is empty.
    expect(discord.posted[0]?.embeds?.[0]?.title).toMatch(/^1\. @everyone look: <@123456789012345678\\?> and @here$/);
  });

  it('sends a personal digest to the person’s DMs', async () => {
    upsertPapers(temp.store, [paper(1)], CREATED.toISOString());
    const person = await ensureTarget(
      temp.store,
      { platform: 'discord', workspace: GUILD, kind: 'user', address: '600000000000000001' },
      CREATED,
      null,
    );
    await temp.store.db.updateTable('targets').set({ digest_size: 5 }).where('id', '=', person.id).execute();
    expect((await runDigestTick(scheduler, MONDAY)).sent).toBe(1);
    const dm = discord.dmChannelOf('600000000000000001');
    expect(dm).toBeDefined();
    expect(discord.posted.map((m) => m.channel_id)).toEqual([dm]);
  });

  it('pauses a target whose channel was deleted, and tells the admin in a DM', async () => {
    const target = await labChannelWith([paper(1)]);
    discord.deleteChannel(CHANNEL);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 0, failed: 1 });
    const paused = await findTargetById(temp.store, target.id);
    expect(paused?.settings.paused).toBe(true);
    expect(paused?.pausedReason).toBe('the channel no longer exists (Unknown Channel)');
    const adminDm = discord.dmChannelOf(ADMIN);
    expect(discord.posted.filter((m) => m.channel_id === adminDm).map((m) => m.content)).toEqual([
      expect.stringContaining('The papers digest for this channel is paused: the channel no longer exists'),
    ]);

    // Anyone running /papers in that server is told too (the admin may not take DMs), in a private answer.
    const { id, token } = discord.dispatchSlashCommand({
      guildId: GUILD,
      channelId: '200000000000000077',
      member: { userId: '500000000000000001', permissions: 0n },
      subcommand: 'topics',
    });
    const answer = await discord.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`);
    expect((answer.body as { data: { content: string } }).data.content).toContain(
      `Note: the papers digest of <#${CHANNEL}> is paused: the channel no longer exists (Unknown Channel). Once that is fixed, run /papers settings resume there.`,
    );
  });

  it('pauses on Missing Access, naming it', async () => {
    const target = await labChannelWith([paper(1)]);
    discord.failChannel(CHANNEL, { status: 403, code: 50001, message: 'Missing Access' });
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ failed: 1 });
    expect((await findTargetById(temp.store, target.id))?.pausedReason).toBe('the bot has no access to the channel (Missing Access)');
  });

  it('retries later on a server error, without pausing', async () => {
    const target = await labChannelWith([paper(1)]);
    discord.failChannel(CHANNEL, { status: 500, code: 0, message: 'Internal Server Error' });
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 0, retrying: 1, failed: 0 });
    expect((await findTargetById(temp.store, target.id))?.settings.paused).toBe(false);
    const [delivery] = await deliveriesOfTarget(temp.store, target.id);
    expect(delivery?.status).toBe('pending');
  });

  it('waits out a rate limit and posts each message once', async () => {
    const target = await labChannelWith(Array.from({ length: 7 }, (_, i) => paper(i + 1)));
    discord.rateLimitChannel(CHANNEL, 1, 0.2);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1, retrying: 0 });
    // One 429, then the waiting client's retry; seven papers make two messages, each posted once.
    expect(discord.rateLimited).toEqual([CHANNEL]);
    const posted = discord.posted.filter((m) => m.channel_id === CHANNEL);
    expect(posted.map((m) => (m.embeds ?? []).length)).toEqual([5, 2]);
    const [delivery] = await deliveriesOfTarget(temp.store, target.id);
    expect(delivery?.messageIds).toEqual(posted.map((m) => m.id));
  });
});
