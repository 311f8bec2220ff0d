// Removed from a server: its digests pause and the admin is told by DM. Added back: they resume by themselves.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../src/platforms/discord/discord-bot.js';
import { ensureTarget, findTargetById, saveTargetSettings } from '../../../src/store/targets-repository.js';
import { startDiscordDouble, type DiscordDouble, type DiscordDoubleGuild } from '../../doubles/discord-double.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';

const LAB: DiscordDoubleGuild = {
  id: '100000000000000001',
  name: 'Lab',
  ownerId: '400000000000000001',
  channels: [{ id: '200000000000000001', name: 'papers' }],
};
const OTHER: DiscordDoubleGuild = {
  id: '100000000000000002',
  name: 'Other',
  ownerId: '400000000000000002',
  channels: [{ id: '200000000000000002', name: 'news' }],
};
const ADMIN = '400000000000000009';
const NOW = new Date('2026-11-29T12:00:00Z');

let temp: TempStore;
let discord: DiscordDouble;
let bot: DiscordBot;
type ServerChange = { guildId: string; paused: number; resumed: number };
let changes: ServerChange[];
let waiters: { match: (c: ServerChange) => boolean; resolve: (c: ServerChange) => void }[];

/** Resolves with the first change (from now on) that matches: the bot also reports changes of its own start-up. */
function nextChange(match: (c: ServerChange) => boolean): Promise<ServerChange> {
  return new Promise((resolve) => waiters.push({ match, resolve }));
}

beforeEach(async () => {
  temp = await createTempStore();
  discord = await startDiscordDouble({ applicationId: '300000000000000001', guilds: [LAB, OTHER] });
  changes = [];
  waiters = [];
  bot = await startDiscordBot({
    token: 'token',
    apiUrl: discord.apiUrl,
    store: temp.store,
    logger: pino({ level: 'silent' }),
    now: () => NOW,
    onServerChange: (change) => {
      changes.push(change);
      for (const waiter of waiters.filter((w) => w.match(change))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(change);
      }
    },
  });
  await discord.identified;
});

afterEach(async () => {
  await bot.stop();
  await discord.close();
  await temp.cleanup();
});

describe('leaving and rejoining a server', () => {
  it('pauses that server’s digests, tells the admin, and resumes them when the bot is back', async () => {
    const channel = await ensureTarget(
      temp.store,
      { platform: 'discord', workspace: LAB.id, kind: 'channel', address: LAB.channels[0]!.id },
      NOW,
      ADMIN,
    );
    const byHand = await ensureTarget(
      temp.store,
      { platform: 'discord', workspace: LAB.id, kind: 'channel', address: '200000000000000009' },
      NOW,
      ADMIN,
    );
    await saveTargetSettings(temp.store, byHand, { ...byHand.settings, paused: true }, NOW, ADMIN);
    const elsewhere = await ensureTarget(
      temp.store,
      { platform: 'discord', workspace: OTHER.id, kind: 'channel', address: OTHER.channels[0]!.id },
      NOW,
      ADMIN,
    );

    const removal = nextChange((c) => c.paused > 0);
    discord.removeGuild(LAB.id);
    expect(await removal).toEqual({ guildId: LAB.id, paused: 1, resumed: 0 });
    expect((await findTargetById(temp.store, channel.id))?.pausedReason).toBe('the bot was removed from the server');
    expect((await findTargetById(temp.store, elsewhere.id))?.settings.paused).toBe(false);
    const dm = discord.dmChannelOf(ADMIN);
    expect(discord.posted.filter((m) => m.channel_id === dm).map((m) => m.content)).toEqual([
      expect.stringContaining('"Lab" is paused: the bot was removed'),
    ]);

    const back = nextChange((c) => c.resumed > 0);
    discord.addGuild(LAB);
    expect(await back).toEqual({ guildId: LAB.id, paused: 0, resumed: 1 });
    expect(changes.filter((c) => c.paused > 0 || c.resumed > 0)).toHaveLength(2);
    const resumed = await findTargetById(temp.store, channel.id);
    expect(resumed?.settings.paused).toBe(false);
    expect(resumed?.pausedReason).toBeNull();
    // Paused by a person: stays paused.
    expect((await findTargetById(temp.store, byHand.id))?.settings.paused).toBe(true);
  });
});
