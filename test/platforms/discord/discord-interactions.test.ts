// Interactions beyond a plain reply: autocomplete for unsubscribe (answered at once, with the right topics), and
// an answer not ready in time deferred first and then edited in, mentioning no one.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../src/platforms/discord/discord-bot.js';
import { MANAGE_CHANNELS, startDiscordDouble, type DiscordDouble } from '../../doubles/discord-double.js';
import { loadSearchCorpus } from '../../helpers/search-corpus.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const MEMBER = { userId: '500000000000000001', permissions: MANAGE_CHANNELS };

let temp: TempStore;
let discord: DiscordDouble;
let bot: DiscordBot;

async function start(deferAfterMs?: number): Promise<void> {
  temp = await createTempStore();
  await loadSearchCorpus(temp.store);
  discord = await startDiscordDouble({
    applicationId: '300000000000000001',
    guilds: [{ id: GUILD, name: 'Lab', ownerId: '400000000000000001', channels: [{ id: CHANNEL, name: 'papers' }] }],
  });
  bot = await startDiscordBot({
    token: 'token',
    apiUrl: discord.apiUrl,
    store: temp.store,
    logger: pino({ level: 'silent' }),
    now: () => new Date('2026-11-29T12:00:00Z'),
    ...(deferAfterMs === undefined ? {} : { deferAfterMs }),
  });
  await discord.identified;
}

afterEach(async () => {
  await bot.stop();
  await discord.close();
  await temp.cleanup();
});

async function callback(id: string, token: string) {
  return (await discord.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${id}/${token}/callback`)).body as {
    type: number;
    data?: { choices?: { name: string; value: string }[]; flags?: number };
  };
}

async function command(subcommand: string, options: Record<string, string>): Promise<void> {
  const { id, token } = discord.dispatchSlashCommand({ guildId: GUILD, channelId: CHANNEL, member: MEMBER, subcommand, options });
  await callback(id, token);
}

describe('Discord interactions', () => {
  it('suggests the channel’s topics, or yours, matching what is typed', async () => {
    await start();
    for (const topic of ['diffusion models', 'rlhf', 'video diffusion', 'x'.repeat(150)]) await command('subscribe', { topic });
    await command('subscribe', { topic: 'mamba', for: 'me' });

    const channel = discord.dispatchAutocomplete({
      guildId: GUILD,
      channelId: CHANNEL,
      member: MEMBER,
      subcommand: 'unsubscribe',
      options: { topic: 'diff' },
      focused: 'topic',
    });
    const answer = await callback(channel.id, channel.token);
    expect(answer.type).toBe(8);
    // Starting with the typed text first, then containing it; a topic too long for a choice is left out.
    expect(answer.data?.choices).toEqual([
      { name: 'diffusion models', value: 'diffusion models' },
      { name: 'video diffusion', value: 'video diffusion' },
    ]);

    const mine = discord.dispatchAutocomplete({
      guildId: GUILD,
      channelId: CHANNEL,
      member: MEMBER,
      subcommand: 'unsubscribe',
      options: { topic: '', for: 'me' },
      focused: 'topic',
    });
    expect((await callback(mine.id, mine.token)).data?.choices).toEqual([{ name: 'mamba', value: 'mamba' }]);
  });

  it('defers an answer that is not ready in time, then edits it in', async () => {
    await start(0);
    const { id, token } = discord.dispatchSlashCommand({
      guildId: GUILD,
      channelId: CHANNEL,
      member: MEMBER,
      subcommand: 'search',
      options: { query: 'zeroth-order' },
    });
    const deferred = await callback(id, token);
    // Type 5: "thinking…", visible only to the person who asked, as a search answer is.
    expect(deferred).toMatchObject({ type: 5, data: { flags: 64 } });
    const edit = await discord.waitForRequest(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/300000000000000001/${token}/messages/@original`,
    );
    const body = edit.body as { content: string; allowed_mentions: { parse: string[] } };
    expect(body.content).toMatch(/1\. (ZO2|Fine-tuning Quantized)/);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });
});
