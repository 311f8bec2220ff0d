// `papers run` with Discord configured: the real process logs in to the Discord double and answers /papers.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordDouble, type DiscordDouble } from '../../doubles/discord-double.js';
import { startPapers } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-store.js';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
let discord: DiscordDouble | undefined;

afterEach(async () => {
  await discord?.close();
});

describe('papers run with Discord', () => {
  it('connects, answers a /papers command, and stops on SIGTERM', async () => {
    discord = await startDiscordDouble({
      applicationId: '300000000000000001',
      guilds: [{ id: GUILD, name: 'Lab', ownerId: '400000000000000001', channels: [{ id: CHANNEL, name: 'papers' }] }],
    });
    const { child, result } = startPapers(['run'], {
      DATABASE_URL: join(tempDir(), 'papers.db'),
      INGEST_INTERVAL_MINUTES: '0',
      DISCORD_TOKEN: 'run-token',
      DISCORD_APPLICATION_ID: '300000000000000001',
      DISCORD_API_URL: discord.apiUrl,
      LOG_LEVEL: 'info',
    });
    await discord.identified;
    const { id, token } = discord.dispatchSlashCommand({
      guildId: GUILD,
      channelId: CHANNEL,
      member: { userId: '500000000000000001', permissions: 0n },
      subcommand: 'topics',
    });
    const callback = await discord.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`);
    expect((callback.body as { data: { content: string } }).data.content).toContain('This channel follows 0 topics');
    child.kill('SIGTERM');
    const { code, stderr } = await result;
    expect(code).toBe(0);
    expect(stderr).toContain('add the bot to a server with this link');
    expect(stderr).toContain('client_id=300000000000000001');
    // The token is never logged.
    expect(stderr).not.toContain('run-token');
  });
});
