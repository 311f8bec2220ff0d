// `papers run` with Discord configured: the real process logs in to the Discord double and answers /papers.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscordDouble } from '../../doubles/discord-double.js';
import { APPLICATION_ID, askLabTopics, startLabDiscord } from '../../helpers/discord-fixture.js';
import { startPapers } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-store.js';

let discord: DiscordDouble | undefined;

afterEach(async () => {
  await discord?.close();
});

describe('papers run with Discord', () => {
  it('connects, answers a /papers command, and stops on SIGTERM', async () => {
    discord = await startLabDiscord();
    const { child, result } = startPapers(['run'], {
      DATABASE_URL: join(tempDir(), 'papers.db'),
      INGEST_INTERVAL_MINUTES: '0',
      DISCORD_TOKEN: 'run-token',
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: discord.apiUrl,
      LOG_LEVEL: 'info',
    });
    await discord.identified;
    expect(await askLabTopics(discord)).toContain('This channel follows no topics.');
    child.kill('SIGTERM');
    const { code, stderr } = await result;
    expect(code).toBe(0);
    expect(stderr).toContain('add the bot to a server with this link');
    expect(stderr).toContain('client_id=300000000000000001');
    // The token is never logged.
    expect(stderr).not.toContain('run-token');
  });
});
