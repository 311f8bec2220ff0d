import { z } from 'zod';
import { topicsOf } from '../src/app/subscriptions.js';
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
    // "follows no topics." rather than a count of 0 over an empty list.
    const section = (who: string, where: string, topics: { query: string }[]) =>
      topics.length === 0
        ? [`${who} no topics${where}.`]
        : [`${who} ${topics.length} topic${topics.length === 1 ? '' : 's'}${where}:`, ...topics.map((t) => `  - ${t.query}`)];
    const text = [...section('This channel follows', '', channel), ...section('You follow', ' (in your direct messages)', mine)];
    if (channel.length === 0 && mine.length === 0)
      text.push('Follow one with /papers subscribe <topic>, or /papers subscribe me <topic> for yourself.');
    return { text: text.join('\n'), ephemeral: true };
  },
};
