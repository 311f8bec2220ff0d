// A /papers subcommand, defined once for every front end: its options (described for the platforms, validated
// with zod), who may run it, and a handler that calls the core and returns a platform-neutral reply.
import type { z } from 'zod';
import type { Digest } from '../src/core/digest/digest.js';
import type { Store } from '../src/store/database.js';

/** Who runs the command, and where. Each platform fills this in from its own event. */
export interface CommandCaller {
  /** "console", "discord" or "slack". */
  platform: string;
  /** Discord guild id, Slack team id, "local" for the console. */
  workspace: string;
  /** The channel the command was run in. */
  channel: string;
  user: string;
  /** Whether the platform says this person may manage the channel (Manage Channels, workspace admin, ...). */
  canManageChannel: boolean;
  /** What that permission is called on the platform, for refusals: "Manage Channels". */
  managePermissionName?: string;
}

export interface CommandContext {
  store: Store;
  now: () => Date;
  caller: CommandCaller;
  /**
   * What gets a channel digest going again on this platform once the bot paused it for `pausedReason`, as a
   * sentence for the note on private answers: whether it resumes by itself, and on what. Each platform knows its
   * own; without one, the note says to run /papers settings resume there.
   */
  resumeHint?: (pausedReason: string) => string;
  /** Told about every command once it is answered: for the log line and the latency metric. */
  onHandled?: (event: CommandHandled) => void;
}

/**
 * How a command ended: answered by its handler; its input was invalid; refused for lack of permission; the
 * store could not take it (locked, read-only, full); or it failed with an unexpected error.
 */
export type CommandOutcome = 'answered' | 'invalid' | 'refused' | 'unavailable' | 'failed';

export interface CommandHandled {
  command: string;
  outcome: CommandOutcome;
  seconds: number;
  caller: CommandCaller;
}

export interface CommandReply {
  /** Plain text with Markdown-style emphasis; each platform renders it its own way. */
  text: string;
  /** Only the person who asked should see it. */
  ephemeral: boolean;
  /** A digest to render in full (the text is then its one-line summary). */
  digest?: Digest;
  /** A page of search results: platforms may offer the next and previous pages, and sharing them. */
  paging?: { query: string; limit: number; page: number; hasMore: boolean };
  /**
   * The papers the answer lists, in order: a platform with room for buttons offers "Similar" on each (the papers
   * most like it, answered privately). Each one's `text` appears in `text` exactly so, so a platform can lay the
   * answer out paper by paper.
   */
  papers?: ListedPaper[];
}

/** One paper of a listing answer: its id, its number in the list, and its lines as the answer's text has them. */
export interface ListedPaper {
  id: string;
  rank: number;
  text: string;
}

/** Thrown by a handler for a problem the user can fix; the message is the whole answer. */
export class CommandInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandInputError';
  }
}

export type Permission = 'anyone' | 'manage-channel';

/** How an option is written in typed text (the console, Slack): `key value`, the rest of the line, or not at all. */
export type TextStyle = 'key' | 'rest' | 'none';

export interface OptionSpec {
  /** Lowercase, at most 32 characters (Discord's rule); typed text may use `-` for `_`. */
  name: string;
  /** At most 100 characters (Discord's rule). */
  description: string;
  type: 'string' | 'integer';
  required: boolean;
  choices?: readonly string[];
  /** Bounds of an integer. */
  min?: number;
  max?: number;
  /** Longest string accepted. */
  maxLength?: number;
  /** Suggest values as the user types (Discord autocomplete). */
  autocomplete?: boolean;
  text?: TextStyle;
  /** Other names typed text may use for the key (`tz` for `timezone`). */
  aliases?: readonly string[];
  /** Words that set this option on their own in typed text: `me` -> for: me, `pause` -> digest: paused. */
  words?: Readonly<Record<string, string>>;
}

export interface CommandDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** At most 100 characters (Discord's rule). */
  description: string;
  /** How it is typed, for help and for answers to bad input: "/papers subscribe [me] <topic>". */
  usage: string;
  /** What a user needs to know beyond the description: `/papers help NAME` shows it, and so does the README. */
  details: string;
  examples: readonly string[];
  options: readonly OptionSpec[];
  /** Validates the options as a platform collected them (by name). */
  schema: Schema;
  /** Who may run it with this input: changing a channel's digest needs someone who manages the channel. */
  permission(input: z.infer<Schema>): Permission;
  run(ctx: CommandContext, input: z.infer<Schema>): Promise<CommandReply>;
  /**
   * Values to offer while an option marked `autocomplete` is typed, best first. `partial` holds the other options
   * as far as they are known (unvalidated); `typed` is what the option holds so far.
   */
  suggest?(ctx: CommandContext, option: string, typed: string, partial: Record<string, unknown>): Promise<string[]>;
}
