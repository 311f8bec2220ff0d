// `papers register-commands` against the Discord double: one bulk overwrite of /papers, globally or in a guild.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordDouble, type DiscordDouble } from '../doubles/discord-double.js';
import { runPapers } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-store.js';
import { join } from 'node:path';

const APP = '300000000000000001';
let discord: DiscordDouble;
let env: Record<string, string>;

beforeEach(async () => {
  discord = await startDiscordDouble({ applicationId: APP, guilds: [] });
  env = {
    DATABASE_URL: join(tempDir(), 'papers.db'),
    DISCORD_TOKEN: 'secret-token',
    DISCORD_APPLICATION_ID: APP,
    DISCORD_API_URL: discord.apiUrl,
  };
});
afterEach(async () => discord.close());

describe('papers register-commands', () => {
  it('registers /papers globally, with the bot token', async () => {
    const result = await runPapers(['register-commands'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Registered /papers with 8 subcommands for every server');
    const put = discord.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${APP}/commands`);
    expect(put?.authorization).toBe('Bot secret-token');
    expect((put?.body as { name: string }[]).map((c) => c.name)).toEqual(['papers']);
  });

  it('registers in one guild with --guild', async () => {
    const result = await runPapers(['register-commands', '--guild', '100000000000000001'], env);
    expect(result.code).toBe(0);
    expect(discord.requests.find((r) => r.method === 'PUT')?.path).toBe(`/applications/${APP}/guilds/100000000000000001/commands`);
  });

  it('says what is missing instead of calling Discord', async () => {
    const result = await runPapers(['register-commands'], { DATABASE_URL: env.DATABASE_URL ?? '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('set DISCORD_TOKEN and DISCORD_APPLICATION_ID first');
    const badGuild = await runPapers(['register-commands', '--guild', 'lab'], env);
    expect(badGuild.code).toBe(2);
    expect(discord.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    // The token never appears in what the command prints.
    expect(result.stdout + result.stderr + badGuild.stdout + badGuild.stderr).not.toContain('secret-token');
  });
});
