import { z } from 'zod';
import { topicsOf } from '../src/core/subscriptions.js';
import type { CommandDefinition } from './command.js';
import { targetOf } from './target-of.js';

const schema = z.object({});

export const topicsCommand: CommandDefinition<typeof schema> = {
  name: 'topics',
  description: 'List the topics this channel follows, and yours',
  usage: '/papers topics',
  details: 'Lists the topics of the channel you are in, then your own.',
  examples: ['/papers topics'],
  options: [],
  schema,
  permission: () => 'anyone',
  async run(ctx) {
    const channel = await topicsOf(ctx.store, targetOf(ctx.caller, 'channel'));
    const mine = await topicsOf(ctx.store, targetOf(ctx.caller, 'me'));
    const list = (topics: { query: string }[]) => (topics.length === 0 ? '  (none)' : topics.map((t) => `  - ${t.query}`).join('\n'));
    const text = [
      `This channel follows ${channel.length} topic${channel.length === 1 ? '' : 's'}:`,
      list(channel),
      `You follow ${mine.length} topic${mine.length === 1 ? '' : 's'} (in your direct messages):`,
      list(mine),
    ];
    if (channel.length === 0 && mine.length === 0)
      text.push('Follow one with /papers subscribe <topic>, or /papers subscribe me <topic> for yourself.');
    return { text: text.join('\n'), ephemeral: true };
  },
};
