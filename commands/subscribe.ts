import { z } from 'zod';
import { subscribe } from '../src/app/subscriptions.js';
import type { CommandDefinition } from './command.js';
import { scopeOption, scopeSchema } from './option-schemas.js';
import { targetOf } from './target-of.js';
import { topicOption, topicSchema } from './topic-option.js';

const schema = z.object({
  for: scopeSchema,
  topic: topicSchema('Name a topic to follow, for example: /papers subscribe "diffusion models"'),
});

export const subscribeCommand: CommandDefinition<typeof schema> = {
  name: 'subscribe',
  description: "Follow a topic (a saved search): its new papers appear in the channel's digest, or in yours",
  usage: '/papers subscribe [me] <topic>',
  details:
    'Follows a topic: a saved search in the query language of `/papers search` (`rlhf`, `"speech recognition" cat:cs.CL`, `org:deepmind -vision`). New papers matching it appear in the digest, labelled with the topic. A topic understands what a search does (`model compression` catches new quantization and pruning papers, labelled "model compression (via quantization)"), but only papers about it: one that merely mentions a kind of it in its abstract is left out. At most 25 topics per channel or person; a duplicate is refused; a topic that matches nothing yet is accepted with a note. With `me`, the topic is yours and arrives in your direct messages.',
  examples: ['/papers subscribe rlhf', '/papers subscribe me: mamba -vision', '/papers subscribe cat:cs.CL "speech recognition"'],
  options: [topicOption('A search: words, "phrases", -exclusions, author:, org:, cat:', false), scopeOption],
  schema,
  permission: (input) => (input.for === 'me' ? 'anyone' : 'manage-channel'),
  async run(ctx, input) {
    const result = await subscribe(ctx.store, {
      address: targetOf(ctx.caller, input.for),
      topic: input.topic,
      by: ctx.caller.user,
      now: ctx.now(),
    });
    return { text: result.message, ephemeral: input.for === 'me' || !result.added };
  },
};
