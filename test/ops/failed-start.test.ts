// A start that fails after the process has registered its name and opened the store (here: Discord refuses the
// token) ends the process with one line, rather than leaving it running on its heartbeat after saying it failed,
// and gives the name back for the next start.
import { afterEach, expect, it } from 'vitest';
import { startDiscordDouble, type DiscordDouble } from '../doubles/discord-double.js';
import { runPapersProcess } from '../helpers/run-cli.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

const APPLICATION_ID = '300000000000000001';
let temp: TempStore | undefined;
let discord: DiscordDouble | undefined;
afterEach(async () => {
  await discord?.close();
  await temp?.cleanup();
});

it('exits with one line when Discord refuses the token, and frees its INSTANCE_NAME', { timeout: 60_000 }, async () => {
  temp = await createTempStore();
  discord = await startDiscordDouble({
    applicationId: APPLICATION_ID,
    guilds: [{ id: '100000000000000001', name: 'Lab', ownerId: '400000000000000001', channels: [] }],
  });
  discord.revokeToken();

  const result = await runPapersProcess(['run'], {
    DATABASE_URL: temp.path,
    INGEST_INTERVAL_MINUTES: '0',
    INSTANCE_NAME: 'refused',
    PORT: '0',
    DISCORD_TOKEN: 'a-token-discord-no-longer-takes',
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: discord.apiUrl,
  });
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^papers run: failed: /);

  expect(await temp.store.db.selectFrom('instances').select('name').execute()).toEqual([]);
});
