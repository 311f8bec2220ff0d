import { z } from 'zod';
import { topicsOf, unsubscribe } from '../src/app/subscriptions.js';
import type { CommandDefinition } from './command.js';
import { scopeOption, scopeSchema } from './option-schemas.js';
import { targetOf } from './target-of.js';
import { topicOption, topicSchema } from './topic-option.js';

const schema = z.object({
  for: scopeSchema,
  topic: topicSchema('Name the topic to stop following; /papers topics lists them.'),
});

export const unsubscribeCommand: CommandDefinition<typeof schema> = {
  name: 'unsubscribe',
  description: 'Stop following a topic, in this channel or for yourself',
  usage: '/papers unsubscribe [me] <topic>',
  details:
    'Stops following a topic. Give it as `/papers topics` lists it (in Discord it is suggested as you type); with `me`, one of your own.',
  examples: ['/papers unsubscribe rlhf', '/papers unsubscribe me: mamba -vision'],
  options: [topicOption('The topic, as /papers topics lists it', true), scopeOption],
  schema,
  permission: (input) => (input.for === 'me' ? 'anyone' : 'manage-channel'),
  async suggest(ctx, option, typed, partial) {
    if (option !== 'topic') return [];
    const scope = partial.for === 'me' ? 'me' : 'channel';
    const needle = typed.trim().toLowerCase();
    const topics = await topicsOf(ctx.store, targetOf(ctx.caller, scope));
    // Topics that start with what was typed first, then those that contain it.
    const matching = topics.map((t) => t.query).filter((q) => q.toLowerCase().includes(needle));
    return [...matching.filter((q) => q.toLowerCase().startsWith(needle)), ...matching.filter((q) => !q.toLowerCase().startsWith(needle))];
  },
  async run(ctx, input) {
    const result = await unsubscribe(ctx.store, { address: targetOf(ctx.caller, input.for), topic: input.topic });
    return { text: result.message, ephemeral: input.for === 'me' || !result.removed };
  },
};
