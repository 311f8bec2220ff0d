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

export async function startDiscordFixture(
  options: Partial<Pick<DiscordBotOptions, 'token' | 'deferAfterMs'>> = {},
): Promise<DiscordFixture> {
  const temp = await createTempStore();
  await loadSearchCorpus(temp.store);
  const discord = await startDiscordDouble({
    applicationId: APPLICATION_ID,
    guilds: [{ id: LAB_GUILD, name: 'Lab', ownerId: '400000000000000001', channels: [{ id: LAB_CHANNEL, name: 'papers' }] }],
  });
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
