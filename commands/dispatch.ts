// Running a command the same way for every front end: validate the options, check who may run it, call the
// handler, and turn any problem the user can fix into a short answer. Platforms call only these.
import { QueryError } from '../src/core/search/query-parser.js';
import { RESUME_BY_HAND } from '../src/delivery/paused-notice.js';
import { storeTrouble } from '../src/store/store-trouble.js';
import { workspaceChannelsPausedByBot } from '../src/app/targets/paused-digests.js';
import { CommandInputError, type CommandContext, type CommandDefinition, type CommandOutcome, type CommandReply } from './command.js';
import { findCommand } from './index.js';
import { parseTextOptions } from './text-input.js';

function answer(text: string): CommandReply {
  return { text, ephemeral: true };
}

function refusal(ctx: CommandContext, command: CommandDefinition): CommandReply {
  const permission = ctx.caller.managePermissionName ?? 'permission to manage this channel';
  return answer(
    `Changing this channel's topics or digest needs ${permission}, which you do not have here. ` +
      `Add "me" to do it for yourself instead: /papers ${command.name} me ...`,
  );
}

/**
 * A digest the bot had to pause is news for anyone in the workspace: the person who configured it may not take
 * direct messages. Private answers carry a note until it resumes (public ones stay clean), saying what gets it
 * going again on this platform.
 */
async function withPausedNotice(ctx: CommandContext, reply: CommandReply): Promise<CommandReply> {
  if (!reply.ephemeral) return reply;
  const paused = await workspaceChannelsPausedByBot(ctx.store, ctx.caller.platform, ctx.caller.workspace);
  if (paused.length === 0) return reply;
  const notes = paused.map((t) => {
    const reason = t.pausedReason ?? 'the bot could not deliver it';
    return `Note: the papers digest of <#${t.address}> is paused: ${reason}. ${ctx.resumeHint?.(reason) ?? RESUME_BY_HAND}`;
  });
  return { ...reply, text: [reply.text, '', ...notes].join('\n') };
}

/** Runs a command with options collected by name (Discord's structured options, or parsed text). */
export async function runCommand(ctx: CommandContext, command: CommandDefinition, options: Record<string, unknown>): Promise<CommandReply> {
  const started = performance.now();
  // Stays "failed" when the handler throws: the platform answers that itself.
  let outcome: CommandOutcome = 'failed';
  try {
    const ran = await runCommandUnreported(ctx, command, options);
    outcome = ran.outcome;
    return ran.reply;
  } finally {
    ctx.onHandled?.({ command: command.name, outcome, seconds: (performance.now() - started) / 1000, caller: ctx.caller });
  }
}

async function runCommandUnreported(
  ctx: CommandContext,
  command: CommandDefinition,
  options: Record<string, unknown>,
): Promise<{ reply: CommandReply; outcome: CommandOutcome }> {
  const parsed = command.schema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { reply: answer(`${issue?.message ?? 'That input is not valid.'}\nUsage: ${command.usage}`), outcome: 'invalid' };
  }
  if (command.permission(parsed.data) === 'manage-channel' && !ctx.caller.canManageChannel) {
    return { reply: refusal(ctx, command), outcome: 'refused' };
  }
  try {
    return { reply: await withPausedNotice(ctx, await command.run(ctx, parsed.data)), outcome: 'answered' };
  } catch (error) {
    if (error instanceof CommandInputError || error instanceof QueryError) {
      return { reply: answer(`${error.message}\nUsage: ${command.usage}`), outcome: 'invalid' };
    }
    // A locked, read-only or full database is not the user's doing, and not a bug: say so plainly.
    const trouble = storeTrouble(error);
    if (trouble !== null) return { reply: answer(trouble), outcome: 'unavailable' };
    throw error;
  }
}

/** Splits "/papers subscribe me rlhf" (or "subscribe me rlhf") into the command and its text. */
export function splitCommandLine(line: string): { name: string; text: string } {
  const trimmed = line
    .trim()
    .replace(/^\/?papers(?:\s+|$)/i, '')
    .replace(/^\//, '');
  const match = /^(\S*)\s*([\s\S]*)$/.exec(trimmed);
  return { name: match?.[1] ?? '', text: match?.[2] ?? '' };
}

/** Runs a typed command line, as the console and Slack receive them. */
export async function runCommandText(ctx: CommandContext, line: string): Promise<CommandReply> {
  const { name, text } = splitCommandLine(line);
  if (name === '') return answer('Type /papers help for the list of commands.');
  const command = findCommand(name);
  if (command === undefined) return answer(`Unknown command "${name.slice(0, 40)}". Type /papers help for the list.`);
  const options = parseTextOptions(text, command.options);
  if (!options.ok) return answer(`${options.message}\nUsage: ${command.usage}`);
  return runCommand(ctx, command, options.values);
}

/** Suggestions for an option being typed; empty when the command offers none. Never throws for user input. */
export async function suggestValues(
  ctx: CommandContext,
  command: CommandDefinition,
  option: string,
  typed: string,
  partial: Record<string, unknown>,
): Promise<string[]> {
  if (command.suggest === undefined) return [];
  return command.suggest(ctx, option, typed.slice(0, 200), partial);
}
