// /papers help COMMAND: the explanation the README's command reference shows, with the options, on any platform.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/command.js';
import { runCommandText } from '../../commands/dispatch.js';
import { commands } from '../../commands/index.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

let temp: TempStore;
let ctx: CommandContext;

beforeEach(async () => {
  temp = await createTempStore();
  const caller = { platform: 'console', workspace: 'local', channel: 'console', user: 'you', canManageChannel: true };
  ctx = { store: temp.store, now: () => new Date('2026-11-30T10:00:00Z'), caller };
});

afterEach(async () => {
  await temp.cleanup();
});

describe('/papers help COMMAND', () => {
  it('explains each command: usage, details, typed options with their other names, examples', async () => {
    for (const command of commands) {
      const { text, ephemeral } = await runCommandText(ctx, `/papers help ${command.name}`);
      expect(ephemeral).toBe(true);
      expect(text.startsWith(`${command.usage}\n`)).toBe(true);
      expect(text).toContain(command.details);
      for (const example of command.examples) expect(text).toContain(`  ${example}`);
    }
    const settings = (await runCommandText(ctx, '/papers help Settings')).text;
    expect(settings).toContain('  timezone (or tz, zone): IANA time zone');
    expect(settings).toContain('  min-upvotes (or upvotes): ');
    expect(settings).toContain('  digest (or pause, resume, on, off): ');
  });

  it('names the commands when asked about one that does not exist', async () => {
    const { text } = await runCommandText(ctx, '/papers help subscrbe');
    expect(text).toMatch(
      /^There is no \/papers subscrbe\. The commands: search, similar, subscribe, unsubscribe, topics, digest, settings, help\./,
    );
  });

  it('still lists every command without one', async () => {
    const { text } = await runCommandText(ctx, '/papers help');
    for (const command of commands) expect(text).toContain(command.usage);
    expect(text).toContain('/papers help COMMAND explains one command.');
  });
});
