// Commands while PostgreSQL cannot be reached: the store's connections are cut and new ones refused (only this
// test's database: the server is shared), every command answers that the store is briefly unavailable, in words,
// and once connections are allowed again the same commands work, with nothing lost.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CommandCaller, CommandContext } from '../../commands/command.js';
import { runCommandText } from '../../commands/dispatch.js';
import { withAdmin } from '../helpers/postgres-databases.js';
import { loadSearchCorpus } from '../helpers/search-corpus.js';
import { createTempPostgresStore, type TempPostgresStore } from '../helpers/temp-store.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const caller: CommandCaller = {
  platform: 'console',
  workspace: 'local',
  channel: 'console',
  user: 'you',
  canManageChannel: true,
  managePermissionName: 'Manage Channels',
};

let temp: TempPostgresStore;
let database = '';
beforeEach(async () => {
  temp = await createTempPostgresStore();
  database = new URL(temp.url).pathname.slice(1);
  await loadSearchCorpus(temp.store);
});
afterEach(async () => {
  await allowConnections(true);
  await temp.cleanup();
});

const context = (): CommandContext => ({ store: temp.store, now: () => NOW, caller });

async function allowConnections(allowed: boolean): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS ${allowed ? 'true' : 'false'}`);
    if (!allowed) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
  });
}

it('answers "briefly unavailable" while the database cannot be reached, and works again after', async () => {
  expect((await runCommandText(context(), '/papers search quantization')).text).toMatch(/papers? match/);

  await allowConnections(false);
  for (const line of ['/papers search quantization', '/papers subscribe optimizers', '/papers topics']) {
    const reply = await runCommandText(context(), line);
    expect(reply.text, line).toBe(
      'The papers database is briefly unavailable (it cannot be reached right now). Nothing was changed; try again in a minute.',
    );
  }

  await allowConnections(true);
  expect((await runCommandText(context(), '/papers subscribe optimizers')).text).toMatch(/^Subscribed this channel to "optimizers"/);
  expect((await runCommandText(context(), '/papers topics')).text).toContain('optimizers');
});
