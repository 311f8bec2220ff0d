// A Discord test bed: a temp store with the sample corpus, the Discord double with one server and channel, and
// the real bot logged in to it.
import pino from 'pino';
import { startDiscordBot, type DiscordBot, type DiscordBotOptions } from '../../src/platforms/discord/discord-bot.js';
import { startDiscordDouble, type DiscordDouble } from '../doubles/discord-double.js';
import { loadSearchCorpus } from './search-corpus.js';
import { createTempStore, type TempStore } from './temp-store.js';

export const LAB_GUILD = '100000000000000001';
export const LAB_CHANNEL = '200000000000000001';
export const APPLICATION_ID = '300000000000000001';

export interface DiscordFixture {
  temp: TempStore;
  discord: DiscordDouble;
  bot: DiscordBot;
  close(): Promise<void>;
}

/** The Discord double with the lab server and its one channel, as every Discord test bed has it. */
export function startLabDiscord(): Promise<DiscordDouble> {
  return startDiscordDouble({
    applicationId: APPLICATION_ID,
    guilds: [{ id: LAB_GUILD, name: 'Lab', ownerId: '400000000000000001', channels: [{ id: LAB_CHANNEL, name: 'papers' }] }],
  });
}

/** Runs /papers topics in the lab channel as a member without permissions; resolves with the answer's text. */
export async function askLabTopics(discord: DiscordDouble): Promise<string> {
  const { id, token } = discord.dispatchSlashCommand({
    guildId: LAB_GUILD,
    channelId: LAB_CHANNEL,
    member: { userId: '500000000000000001', permissions: 0n },
    subcommand: 'topics',
  });
  const callback = await discord.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`);
  return (callback.body as { data: { content: string } }).data.content;
}

export async function startDiscordFixture(
  options: Partial<Pick<DiscordBotOptions, 'token' | 'deferAfterMs'>> = {},
): Promise<DiscordFixture> {
  const temp = await createTempStore();
  await loadSearchCorpus(temp.store);
  const discord = await startLabDiscord();
  const bot = await startDiscordBot({
    token: options.token ?? 'token',
    apiUrl: discord.apiUrl,
    store: temp.store,
    logger: pino({ level: 'silent' }),
    now: () => new Date('2026-11-29T12:00:00Z'),
    ...(options.deferAfterMs === undefined ? {} : { deferAfterMs: options.deferAfterMs }),
  });
  await discord.identified;
  return {
    temp,
    discord,
    bot,
    async close() {
      await bot.stop();
      await discord.close();
      await temp.cleanup();
    },
  };
}
