// Scheduled digests posted by the real discord.js REST client into the Discord double: inside every message limit,
// in order, mentioning no one, and a channel that has gone away pauses its target and tells the admin.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperInput } from '../../../src/core/paper.js';
import type { Target } from '../../../src/core/targets/target.js';
import { runDigestTick, type DigestSchedulerOptions } from '../../../src/delivery/digest-scheduler.js';
import { startDiscordBot, type DiscordBot } from '../../../src/platforms/discord/discord-bot.js';
import { discordMessenger } from '../../../src/platforms/discord/discord-messenger.js';
import { deliveriesOfTarget } from '../../../src/store/deliveries-repository.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { ensureTarget, findTargetById, saveTargetSettings } from '../../../src/store/targets-repository.js';
import {
  SEND_MESSAGES,
  VIEW_CHANNEL,
  startDiscordDouble,
  type DiscordDouble,
  type DiscordRestRequest,
  type PostedMessage,
} from '../../doubles/discord-double.js';
import { digestPaper } from '../../helpers/digest-papers.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const OTHER_CHANNEL = '200000000000000002';
const ADMIN = '400000000000000009';
// Created on Sunday 29 November 2026; the default schedule's first run is Monday 30 November, 09:00 UTC.
const CREATED = new Date('2026-11-29T12:00:00Z');
const MONDAY = new Date('2026-11-30T09:00:00Z');

let temp: TempStore;
let discord: DiscordDouble;
let bot: DiscordBot;
let scheduler: DigestSchedulerOptions;

const paper = digestPaper;

beforeEach(async () => {
  temp = await createTempStore();
  discord = await startDiscordDouble({
    applicationId: '300000000000000001',
    guilds: [
      {
        id: GUILD,
        name: 'Lab',
        ownerId: ADMIN,
        channels: [
          { id: CHANNEL, name: 'papers' },
          { id: OTHER_CHANNEL, name: 'reading-group' },
        ],
      },
    ],
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

/**
 * The double holds every message to Discord's own limits and refuses one over them (400 Invalid Form Body): the
 * digest was posted only if Discord would have taken each message. And none may mention anyone.
 */
function expectAcceptedByDiscord(messages: PostedMessage[]): void {
  expect(discord.refused).toEqual([]);
  for (const message of messages) expect(message.allowed_mentions).toEqual({ parse: [] });
}

/** The given papers in the store, and the server's channel set up for the default digest by ADMIN. */
async function labChannelWith(papers: PaperInput[]): Promise<Target> {
  await upsertPapers(temp.store, papers, CREATED.toISOString());
  return ensureTarget(temp.store, { platform: 'discord', workspace: GUILD, kind: 'channel', address: CHANNEL }, CREATED, ADMIN);
}

describe('Discord digests', () => {
  it('posts the scheduled digest into the channel, in order, every message inside the limits', async () => {
    const target = await labChannelWith(Array.from({ length: 12 }, (_, i) => paper(i + 1)));

    const report = await runDigestTick(scheduler, MONDAY);
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    const posted = discord.posted.filter((m) => m.channel_id === CHANNEL);
    expect(posted.length).toBeGreaterThanOrEqual(2);
    expectAcceptedByDiscord(posted);
    expect(posted[0]?.content).toMatch(
      /^\*\*Papers digest for Monday, 30 November 2026\*\*\n\*\*Trending on Daily Papers \(Fri 27 Nov to Sun 29 Nov\)\*\*/,
    );
    // The ten most upvoted, numbered 1 to 10 across the messages, each with its HF link and buttons.
    const embeds = posted.flatMap((m) => m.embeds ?? []);
    expect(embeds.map((e) => Number(e.title.split('.')[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(embeds[0]?.url).toBe('https://huggingface.co/papers/2611.20001');
    expect(posted[0]?.components?.[1]?.components.map((b) => b.label)).toEqual([
      '2 · HF',
      '2 · arXiv',
      '2 · PDF',
      '2 · code',
      '2 · Similar',
    ]);
    const [delivery] = await deliveriesOfTarget(temp.store, target.id);
    expect(delivery).toMatchObject({ status: 'sent', messageIds: posted.map((m) => m.id) });
  });

  it('posts papers whose texts are far past every limit, each message one Discord takes', async () => {
    const huge = (n: number) =>
      paper(n, {
        title: `Paper ${n}: ${'Sparse Attention at Scale '.repeat(200)}`,
        authors: Array.from({ length: 1500 }, (_, i) => `Author Number ${i}`),
        aiSummary: 'We show that sparse attention scales. '.repeat(800),
        thumbnail: `https://cdn.example/${'t'.repeat(4000)}.png`,
      });
    await labChannelWith(Array.from({ length: 12 }, (_, i) => huge(i + 1)));
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1, failed: 0 });
    const posted = discord.posted.filter((m) => m.channel_id === CHANNEL);
    expectAcceptedByDiscord(posted);
    expect(posted.flatMap((m) => m.embeds ?? []).map((e) => Number(e.title.split('.')[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('never lets a title mention anyone', async () => {
    await labChannelWith([paper(1, { title: '@everyone look: <@123456789012345678> and @here' })]);
    expect((await runDigestTick(scheduler, MONDAY)).sent).toBe(1);
    for (const message of discord.posted) expect(message.allowed_mentions).toEqual({ parse: [] });
    // Shown as written (Markdown neutralised), never as a mention: embeds do not ping, and allowed_mentions is empty.
    expect(discord.posted[0]?.embeds?.[0]?.title).toMatch(/^1\. @everyone look: <@123456789012345678\\?> and @here$/);
  });

  it('sends a personal digest to the person’s DMs', async () => {
    await upsertPapers(temp.store, [paper(1)], CREATED.toISOString());
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
      `The papers digest for <#${CHANNEL}> is paused: the channel no longer exists (Unknown Channel). It resumes by itself once the bot can post there again (or run /papers settings resume there).`,
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
      `Note: the papers digest of <#${CHANNEL}> is paused: the channel no longer exists (Unknown Channel). It resumes by itself once the bot can post there again (or run /papers settings resume there).`,
    );
  });

  it('goes on with the other channels when one is deleted in the middle of its digest', async () => {
    const target = await labChannelWith(Array.from({ length: 7 }, (_, i) => paper(i + 1)));
    await temp.store.db.updateTable('targets').set({ next_run_at: '2026-11-30T08:59:00.000Z' }).where('id', '=', target.id).execute();
    const other = await ensureTarget(
      temp.store,
      { platform: 'discord', workspace: GUILD, kind: 'channel', address: OTHER_CHANNEL },
      CREATED,
      ADMIN,
    );
    // The first channel goes away after the first of its two messages; the second channel is due just after it.
    discord.deleteChannelAfter(CHANNEL, 1);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1, failed: 1 });
    expect(discord.posted.filter((m) => m.channel_id === CHANNEL)).toHaveLength(1);
    expect(discord.posted.filter((m) => m.channel_id === OTHER_CHANNEL).flatMap((m) => m.embeds ?? [])).toHaveLength(7);
    expect(await findTargetById(temp.store, target.id)).toMatchObject({
      pausedReason: 'the channel no longer exists (Unknown Channel)',
      settings: { paused: true },
    });
    expect((await findTargetById(temp.store, other.id))?.settings.paused).toBe(false);
    const [failed] = await deliveriesOfTarget(temp.store, target.id);
    expect(failed?.status).toBe('failed');
    await adminHears(`The papers digest for <#${CHANNEL}> is paused: the channel no longer exists`);
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

  it('waits out lost answers through the ledger, and posts each message once (nonce)', async () => {
    const target = await labChannelWith(Array.from({ length: 7 }, (_, i) => paper(i + 1)));
    // The first message is created, but its answer is lost four times: more than the client's own three retries.
    discord.failAfterPosting(CHANNEL, 4);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 0, retrying: 1 });
    expect(discord.posted.filter((m) => m.channel_id === CHANNEL)).toHaveLength(1);
    // The ledger's retry sends the digest again with the same nonces: the first message comes back, not twice.
    expect(await runDigestTick(scheduler, new Date(MONDAY.getTime() + 2 * 60_000))).toMatchObject({ sent: 1, retrying: 0 });
    const posted = discord.posted.filter((m) => m.channel_id === CHANNEL);
    expect(posted.map((m) => (m.embeds ?? []).length)).toEqual([5, 2]);
    const [delivery] = await deliveriesOfTarget(temp.store, target.id);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, messageIds: posted.map((m) => m.id) });
  });
});

describe('a digest that fails part way', () => {
  it('is finished by the ledger’s retry from where it stopped, even after Discord forgot the nonces', async () => {
    const target = await labChannelWith(Array.from({ length: 7 }, (_, i) => paper(i + 1)));
    // The first message goes out; the second meets 500s beyond the client's own retries.
    discord.failPostsAfter(CHANNEL, 1, 4);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 0, retrying: 1 });
    const [pending] = await deliveriesOfTarget(temp.store, target.id);
    expect(pending?.messageIds).toEqual(discord.posted.map((m) => m.id));
    // The retry comes minutes later: Discord's nonce window has passed, so only the ledger can prevent a repeat.
    discord.forgetNonces();
    expect(await runDigestTick(scheduler, new Date(MONDAY.getTime() + 2 * 60_000))).toMatchObject({ sent: 1 });
    const posted = discord.posted.filter((m) => m.channel_id === CHANNEL);
    expect(posted.map((m) => (m.embeds ?? []).length)).toEqual([5, 2]);
    const [sent] = await deliveriesOfTarget(temp.store, target.id);
    expect(sent).toMatchObject({ status: 'sent', messageIds: posted.map((m) => m.id) });
  });

  it('in a thread, goes on in the same thread without a second header', async () => {
    const target = await labChannelWith(Array.from({ length: 7 }, (_, i) => paper(i + 1)));
    await saveTargetSettings(temp.store, target, { ...target.settings, layout: 'thread' }, CREATED, ADMIN);
    // The header and the thread's first message go out; the second meets 500s beyond the client's retries.
    discord.failPostsAfter('*', 2, 4);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 0, retrying: 1 });
    discord.forgetNonces();
    expect(await runDigestTick(scheduler, new Date(MONDAY.getTime() + 2 * 60_000))).toMatchObject({ sent: 1 });
    expect(discord.posted.filter((m) => m.channel_id === CHANNEL)).toHaveLength(1);
    expect(discord.threads).toHaveLength(1);
    const threadId = discord.threads[0]?.id ?? '';
    expect(discord.posted.filter((m) => m.channel_id === threadId).map((m) => (m.embeds ?? []).length)).toEqual([5, 2]);
  });
});

describe('a Discord request that is never answered', () => {
  beforeEach(async () => {
    // A bot whose REST calls time out quickly, on the same double and store.
    await bot.stop();
    bot = await startDiscordBot({
      token: 'token',
      apiUrl: discord.apiUrl,
      store: temp.store,
      logger: pino({ level: 'silent' }),
      now: () => MONDAY,
      restTimeoutMs: 200,
    });
    scheduler = { ...scheduler, messengers: [discordMessenger(bot.client.rest)] };
  });

  it('is given up after the timeout and tried again by the client: posted once', async () => {
    await labChannelWith([paper(1)]);
    discord.hangChannel(CHANNEL, 1);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1 });
    expect(discord.posted.filter((m) => m.channel_id === CHANNEL)).toHaveLength(1);
  });

  it('past the client’s retries, goes back to the ledger, whose retry posts it once', async () => {
    await labChannelWith([paper(1)]);
    discord.hangChannel(CHANNEL, 4);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 0, retrying: 1 });
    expect(await runDigestTick(scheduler, new Date(MONDAY.getTime() + 2 * 60_000))).toMatchObject({ sent: 1 });
    expect(discord.posted.filter((m) => m.channel_id === CHANNEL)).toHaveLength(1);
  });
});

describe('Discord digests in a thread', () => {
  async function threadedChannelWith(papers: PaperInput[]): Promise<Target> {
    const target = await labChannelWith(papers);
    return saveTargetSettings(temp.store, target, { ...target.settings, layout: 'thread' }, CREATED, ADMIN);
  }

  it('puts one line in the channel and the papers in a thread under it', async () => {
    const target = await threadedChannelWith(Array.from({ length: 12 }, (_, i) => paper(i + 1)));
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1 });
    const inChannel = discord.posted.filter((m) => m.channel_id === CHANNEL);
    expect(inChannel.map((m) => m.content)).toEqual([
      '**Papers digest for Monday, 30 November 2026** · 10 papers, 10 trending · in the thread below',
    ]);
    expect(discord.threads).toEqual([
      { id: inChannel[0]?.id, parentId: CHANNEL, name: 'Papers digest · Mon 30 Nov', autoArchiveDuration: 1440 },
    ]);
    const inThread = discord.posted.filter((m) => m.channel_id === inChannel[0]?.id);
    expectAcceptedByDiscord(inThread);
    expect(inThread[0]?.content).toBe('**Trending on Daily Papers (Fri 27 Nov to Sun 29 Nov)**');
    expect(inThread.flatMap((m) => m.embeds ?? []).map((e) => Number(e.title.split('.')[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const [delivery] = await deliveriesOfTarget(temp.store, target.id);
    expect(delivery?.messageIds).toEqual([...inChannel, ...inThread].map((m) => m.id));
  });

  it('uses the thread already started when the answer to starting it was lost', async () => {
    await threadedChannelWith([paper(1), paper(2)]);
    // Created, answered 500; the client retries and hears "a thread has already been created for this message".
    discord.failAfterStartingThread(1);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1 });
    expect(discord.threads).toHaveLength(1);
    const threadId = discord.threads[0]?.id;
    expect(discord.posted.filter((m) => m.channel_id === threadId).flatMap((m) => m.embeds ?? [])).toHaveLength(2);
  });

  it('posts an empty day as the one line, with no thread', async () => {
    await threadedChannelWith([]);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1 });
    expect(discord.posted.map((m) => m.content)).toEqual([
      // Why it is empty, as recorded in the ledger when the digest was claimed: nothing listed, no topic followed.
      '**Papers digest for Monday, 30 November 2026** · Nothing new: no papers on Daily Papers for Fri 27 Nov to Sun 29 Nov; no topics are followed here (/papers subscribe TOPIC adds one).',
    ]);
    expect(discord.threads).toEqual([]);
  });
});

/** The next DM posted to the admin that contains `text`. */
async function adminHears(text: string): Promise<DiscordRestRequest> {
  return discord.waitForRequest(
    (r) =>
      r.method === 'POST' &&
      r.path === `/channels/${discord.dmChannelOf(ADMIN) ?? '-'}/messages` &&
      ((r.body as { content?: string }).content ?? '').includes(text),
  );
}

describe('a channel that loses the bot’s access, and gets it back', () => {
  it('pauses on Missing Permissions and resumes by itself when the channel’s permissions are fixed', async () => {
    const target = await labChannelWith([paper(1)]);
    discord.setBotOverwrite(CHANNEL, { deny: SEND_MESSAGES });
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 0, failed: 1 });
    expect((await findTargetById(temp.store, target.id))?.pausedReason).toMatch(/^the bot lacks a permission it needs there/);
    await adminHears(`The papers digest for <#${CHANNEL}> is paused: the bot lacks a permission`);

    // An admin fixes the channel: Discord sends CHANNEL_UPDATE, and the bot sees it may post again.
    discord.setBotOverwrite(CHANNEL, {});
    await adminHears(`The papers digest for <#${CHANNEL}> is running again: the bot can post there now. Next digest: Tue 1 Dec`);
    const resumed = await findTargetById(temp.store, target.id);
    expect(resumed).toMatchObject({ pausedReason: null, settings: { paused: false } });
    expect(await runDigestTick(scheduler, new Date('2026-12-01T09:00:00Z'))).toMatchObject({ sent: 1 });
  });

  it('resumes when someone uses /papers in the channel and the interaction shows the bot may post there', async () => {
    const target = await labChannelWith([paper(1)]);
    // Taken away and given back without the bot being told (a role change it cannot see).
    discord.setBotOverwrite(CHANNEL, { deny: VIEW_CHANNEL }, { tellBot: false });
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ failed: 1 });
    expect((await findTargetById(temp.store, target.id))?.pausedReason).toBe('the bot has no access to the channel (Missing Access)');
    const topicsIn = async (channelId: string) => {
      const { id, token } = discord.dispatchSlashCommand({
        guildId: GUILD,
        channelId,
        member: { userId: '500000000000000001', permissions: 0n },
        subcommand: 'topics',
      });
      const reply = await discord.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`);
      return (reply.body as { data: { content: string } }).data.content;
    };
    // Still no access: it stays paused, and the answer says so.
    expect(await topicsIn(CHANNEL)).toContain(`Note: the papers digest of <#${CHANNEL}> is paused`);
    expect((await findTargetById(temp.store, target.id))?.settings.paused).toBe(true);

    discord.setBotOverwrite(CHANNEL, {}, { tellBot: false });
    expect(await topicsIn(CHANNEL)).not.toContain('is paused');
    expect((await findTargetById(temp.store, target.id))?.settings.paused).toBe(false);
    await adminHears(`The papers digest for <#${CHANNEL}> is running again`);
  });

  it('does not resume a digest someone paused by hand', async () => {
    const target = await labChannelWith([paper(1)]);
    await saveTargetSettings(temp.store, target, { ...target.settings, paused: true }, CREATED, ADMIN);
    discord.setBotOverwrite(CHANNEL, { allow: SEND_MESSAGES });
    const { id, token } = discord.dispatchSlashCommand({
      guildId: GUILD,
      channelId: CHANNEL,
      member: { userId: '500000000000000001', permissions: 0n },
      subcommand: 'topics',
    });
    await discord.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`);
    expect((await findTargetById(temp.store, target.id))?.settings.paused).toBe(true);
  });
});
