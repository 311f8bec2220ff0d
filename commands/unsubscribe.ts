import { z } from 'zod';
import { MAX_TOPIC_LENGTH, unsubscribe } from '../src/core/subscriptions.js';
import type { CommandDefinition } from './command.js';
import { scopeOption, scopeSchema } from './option-schemas.js';
import { targetOf } from './target-of.js';

const schema = z.object({
  for: scopeSchema,
  topic: z
    .string({ error: 'Name the topic to stop following; /papers topics lists them.' })
    .trim()
    .min(1, 'Name the topic to stop following; /papers topics lists them.')
    .max(MAX_TOPIC_LENGTH, `A topic is at most ${MAX_TOPIC_LENGTH} characters.`),
});

export const unsubscribeCommand: CommandDefinition<typeof schema> = {
  name: 'unsubscribe',
  description: 'Stop following a topic, in this channel or for yourself',
  usage: '/papers unsubscribe [me] <topic>',
  examples: ['/papers unsubscribe rlhf', '/papers unsubscribe me: mamba -vision'],
  options: [
    {
      name: 'topic',
      description: 'The topic, as /papers topics lists it',
      type: 'string',
      required: true,
      maxLength: MAX_TOPIC_LENGTH,
      text: 'rest',
      autocomplete: true,
    },
    scopeOption,
  ],
  schema,
  permission: (input) => (input.for === 'me' ? 'anyone' : 'manage-channel'),
  async run(ctx, input) {
    const result = await unsubscribe(ctx.store, { address: targetOf(ctx.caller, input.for), topic: input.topic });
    return { text: result.message, ephemeral: input.for === 'me' || !result.removed };
  },
};
