import { z } from 'zod';
import { previewDigest } from '../src/app/digest/preview-digest.js';
import { digestHeadline } from '../src/core/digest/digest-text.js';
import { formatRunTime } from '../src/core/schedule/schedule-input.js';
import { targetOrDefault } from '../src/app/targets/target-or-default.js';
import type { CommandDefinition } from './command.js';
import { scopeOption, scopeSchema } from './option-schemas.js';
import { targetOf } from './target-of.js';

const schema = z.object({ for: scopeSchema });

export const digestCommand: CommandDefinition<typeof schema> = {
  name: 'digest',
  description: "Show this channel's digest as it would be now (or yours); nothing is used up",
  usage: '/papers digest [me]',
  details:
    'Shows the digest as it would be sent now. Nothing is used up: the scheduled digest still has every paper. When Daily Papers has nothing since the last digest (the sources are behind, or you are on the sample), it shows the latest day in the store and says so.',
  examples: ['/papers digest', '/papers digest me'],
  options: [scopeOption],
  schema,
  permission: () => 'anyone',
  async run(ctx, input) {
    const address = targetOf(ctx.caller, input.for);
    const now = ctx.now();
    const target = await targetOrDefault(ctx.store, address, now);
    const preview = await previewDigest(ctx.store, target, now);
    const notes: string[] = [];
    if (preview.fallbackDay !== null)
      notes.push(`Nothing on Daily Papers since the last digest; showing the latest day in the store, ${preview.fallbackDay}.`);
    const whose = address.kind === 'user' ? 'your' : "this channel's";
    if (target.id === 0)
      notes.push(`A preview: ${whose} digest is not set up; /papers settings${input.for === 'me' ? ' me' : ''} on starts it.`);
    else if (target.settings.paused)
      notes.push(`A preview: ${whose} digest is paused; /papers settings${input.for === 'me' ? ' me' : ''} resume starts it again.`);
    else
      notes.push(
        `A preview; nothing is used up. ${whose === 'your' ? 'Your' : "This channel's"} next digest: ${formatRunTime(target.nextRunAt, target.settings.timeZone)}.`,
      );
    return { text: [digestHeadline(preview.digest), ...notes].join('\n'), ephemeral: input.for === 'me', digest: preview.digest };
  },
};
