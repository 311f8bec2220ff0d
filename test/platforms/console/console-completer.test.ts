// Tab completion in the console, read from the command registry: subcommands, options and their choices, and the
// topics a channel or person follows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../commands/command.js';
import { answerConsoleLine, CONSOLE_CALLER } from '../../../src/platforms/console/console-bot.js';
import { completeConsoleLine } from '../../../src/platforms/console/console-completer.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';

const NOW = new Date('2026-12-02T12:00:00Z');

let temp: TempStore;
let ctx: CommandContext;
beforeAll(async () => {
  temp = await createTempStore();
  ctx = { store: temp.store, now: () => NOW, caller: CONSOLE_CALLER };
  for (const line of ['/papers subscribe diffusion models', '/papers subscribe cat:cs.CL', '/papers subscribe me rlhf']) {
    expect(await answerConsoleLine(line, ctx)).toMatch(/^Subscribed/);
  }
});
afterAll(async () => temp.cleanup());

const complete = (line: string) => completeConsoleLine(ctx, line);

describe('console Tab completion', () => {
  it('completes a subcommand to the first in help order that fits, and /pa to /papers', async () => {
    expect(await complete('/papers se')).toEqual([['search '], 'se']);
    expect(await complete('/papers set')).toEqual([['settings '], 'set']);
    expect(await complete('su')).toEqual([['subscribe '], 'su']);
    expect(await complete('/pa')).toEqual([['/papers '], '/pa']);
    const [all] = await complete('/papers ');
    expect(all).toEqual(expect.arrayContaining(['search ', 'similar ', 'digest ', 'settings ', 'help ']));
    expect(await complete('/papers zz')).toEqual([[], 'zz']);
  });

  it('offers the options not yet given, and the choices of the option just typed', async () => {
    const [options] = await complete('/papers settings time 08:30 ');
    expect(options).toEqual(expect.arrayContaining(['timezone ', 'days ', 'layout ', 'me ', 'resume ']));
    expect(options).not.toContain('time ');
    expect(await complete('/papers settings layout t')).toEqual([['thread '], 't']);
    expect(await complete('/papers settings l')).toEqual([['layout '], 'l']);
  });

  it("completes unsubscribe with the channel's topics, or with yours after me", async () => {
    expect(await complete('/papers unsubscribe dif')).toEqual([['diffusion models'], 'dif']);
    expect(await complete('/papers unsubscribe diffusion m')).toEqual([['diffusion models'], 'diffusion m']);
    const [channel] = await complete('/papers unsubscribe ');
    expect(channel).toEqual(expect.arrayContaining(['me ']));
    expect(await complete('/papers unsubscribe me r')).toEqual([['rlhf'], 'r']);
  });

  it('offers nothing inside a search query, rather than guessing words', async () => {
    expect(await complete('/papers search diffusion vid')).toEqual([[], 'vid']);
  });
});
