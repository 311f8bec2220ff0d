// The real discord.js client against the local Discord double: it logs in through GET /gateway/bot and the
// gateway, receives /papers interactions, and answers them through the REST interaction callback.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANAGE_CHANNELS, type DiscordDouble, type DiscordRestRequest } from '../../doubles/discord-double.js';
import { LAB_CHANNEL as CHANNEL, LAB_GUILD as GUILD, startDiscordFixture, type DiscordFixture } from '../../helpers/discord-fixture.js';

const TOKEN = 'test-bot-token';

interface CallbackBody {
  type: number;
  data: { content: string; flags?: number; allowed_mentions?: { parse: string[] } };
}

let fixture: DiscordFixture;
let discord: DiscordDouble;

beforeEach(async () => {
  fixture = await startDiscordFixture({ token: TOKEN });
  discord = fixture.discord;
});

afterEach(async () => fixture.close());

async function run(subcommand: string, options: Record<string, string | number>, permissions = 0n): Promise<CallbackBody> {
  const { id, token } = discord.dispatchSlashCommand({
    guildId: GUILD,
    channelId: CHANNEL,
    member: { userId: '500000000000000001', permissions },
    subcommand,
    options,
  });
  const request: DiscordRestRequest = await discord.waitForRequest(
    (r) => r.method === 'POST' && r.path === `/interactions/${id}/${token}/callback`,
  );
  return request.body as CallbackBody;
}

describe('the Discord front end against the double', () => {
  it('identifies with the Guilds intent only and the bot token', async () => {
    const { token, intents } = await discord.identified;
    expect(token).toBe(TOKEN);
    expect(intents).toBe(1);
    const gateway = discord.requests.find((r) => r.path === '/gateway/bot');
    expect(gateway?.authorization).toBe(`Bot ${TOKEN}`);
  });

  it('answers /papers search through the interaction callback, only to the person asking, mentioning no one', async () => {
    const body = await run('search', { query: 'zeroth-order' });
    expect(body.type).toBe(4);
    expect(body.data.content).toMatch(/1\. (ZO2|Fine-tuning Quantized)/);
    expect(body.data.flags).toBe(64);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('refuses a channel subscription without Manage Channels, naming it, and accepts one with it', async () => {
    const refused = await run('subscribe', { topic: 'diffusion' });
    expect(refused.data.content).toContain('needs the Manage Channels permission');
    expect(refused.data.flags).toBe(64);
    const accepted = await run('subscribe', { topic: 'diffusion' }, MANAGE_CHANNELS);
    expect(accepted.data.content).toContain('Subscribed this channel to "diffusion"');
    // A channel's new topic is news for the channel: not ephemeral.
    expect(accepted.data.flags).toBeUndefined();
    const mine = await run('subscribe', { topic: 'mamba', for: 'me' });
    expect(mine.data.content).toContain('Subscribed you to "mamba"');
  });
});

describe('a dropped gateway connection', () => {
  it('is resumed with the same session, and interactions are answered after it', async () => {
    const before = await run('topics', {});
    expect(before.data.content).toContain('This channel follows no topics.');
    discord.dropConnections();
    await discord.waitForResumes(1);
    expect(discord.resumes[0]?.sessionId).toBe('double-session');
    expect(discord.resumes[0]?.seq).toBeGreaterThan(0);
    const after = await run('topics', {});
    expect(after.data.content).toContain('This channel follows no topics.');
  });
});
