// A /papers subcommand, defined once for every front end: its options (validated with zod), who may run it,
// and a handler that calls the core and returns a platform-neutral reply.
import type { z } from 'zod';
import type { Store } from '../src/store/database.js';

export interface CommandContext {
  store: Store;
  now: () => Date;
}

export interface CommandReply {
  /** Plain text with Markdown-style emphasis; each platform renders it its own way. */
  text: string;
  /** Only the person who asked should see it. */
  ephemeral: boolean;
}

export interface CommandDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  /** Options, in the order a console or Slack user types them. */
  options: Schema;
  /** `anyone`, or only people who manage the channel. */
  permission: 'anyone' | 'manage-channel';
  run(ctx: CommandContext, input: z.infer<Schema>): Promise<CommandReply>;
}
