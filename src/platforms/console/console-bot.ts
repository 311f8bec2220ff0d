// The terminal front end: type `/papers search diffusion` (or just `search diffusion`) and read the reply.
// It is one channel ("console") with one person in it, who manages it.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandCaller, CommandContext } from '../../../commands/command.js';
import { runCommandText } from '../../../commands/dispatch.js';
import { digestText } from '../../core/digest/digest-text.js';
import type { TargetAddress } from '../../core/targets/target.js';
import type { Store } from '../../store/database.js';

export const CONSOLE_CALLER: CommandCaller = {
  platform: 'console',
  workspace: 'local',
  channel: 'console',
  user: 'you',
  canManageChannel: true,
};
export const CONSOLE_CHANNEL: TargetAddress = { platform: 'console', workspace: 'local', kind: 'channel', address: 'console' };

export interface ConsoleBotOptions {
  input: Readable;
  output: Writable;
  store: Store;
  now: () => Date;
  /** Called for failures that are ours, not the user's; the user sees a short apology. */
  onError: (error: unknown) => void;
  /** Ends the conversation (the bot is stopping for another reason: a signal). */
  signal?: AbortSignal;
  /** Told about every command answered: its log line and latency metric. */
  onHandled?: CommandContext['onHandled'];
}

/** Answers one console line; returns null when the line asks to quit. */
export async function answerConsoleLine(line: string, context: CommandContext): Promise<string | null> {
  const trimmed = line.trim();
  if (trimmed === '') return '';
  if (/^\/?(quit|exit)$/i.test(trimmed)) return null;
  const reply = await runCommandText(context, trimmed);
  if (reply.digest === undefined) return reply.text;
  // The reply's first line is the digest's headline, which the full text repeats; the rest are notes.
  const notes = reply.text.split('\n').slice(1);
  return [...notes, digestText(reply.digest)].join('\n');
}

/** Runs until the user types quit ('quit'), the input ends ('eof'), or the signal stops it ('stopped'). */
export async function runConsoleBot(options: ConsoleBotOptions): Promise<'quit' | 'eof' | 'stopped'> {
  const rl = createInterface({ input: options.input, terminal: false });
  // Closing the interface ends the loop below, and lets go of the input so the process can exit.
  options.signal?.addEventListener('abort', () => rl.close(), { once: true });
  const write = (text: string) => options.output.write(`${text}\n`);
  const context: CommandContext = {
    store: options.store,
    now: options.now,
    caller: CONSOLE_CALLER,
    ...(options.onHandled === undefined ? {} : { onHandled: options.onHandled }),
  };
  write('papers-bot console. Type /papers help, or /papers search <words>. quit to stop.');
  for await (const line of rl) {
    try {
      const answer = await answerConsoleLine(line, context);
      if (answer === null) {
        rl.close();
        return 'quit';
      }
      if (answer !== '') write(answer);
    } catch (error) {
      options.onError(error);
      write('Something went wrong on our side; the details are in the log.');
    }
  }
  rl.close();
  return options.signal?.aborted === true ? 'stopped' : 'eof';
}
