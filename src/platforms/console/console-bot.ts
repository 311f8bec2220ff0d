// The terminal front end: type `/papers search diffusion` (or just `search diffusion`) and read the reply.
// It is one channel ("console") with one person in it, who manages it. At a terminal it is a REPL (a prompt,
// line editing, history kept across restarts, Tab completion, Ctrl-C clears the line, Ctrl-D quits); with
// piped input it reads lines and answers them, nothing more.
import { createInterface, type Interface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { CommandCaller, CommandContext } from '../../../commands/command.js';
import { runCommandText } from '../../../commands/dispatch.js';
import { digestText } from '../../core/digest/digest-text.js';
import type { TargetAddress } from '../../core/targets/target.js';
import type { Store } from '../../store/database.js';
import { completeConsoleLine, type Completion } from './console-completer.js';
import { HISTORY_SIZE, loadHistory, saveHistory } from './console-history.js';
import type { ConsoleScreen } from './console-screen.js';
import { COLOUR_STYLE, PLAIN_STYLE, type ConsoleStyle } from './console-style.js';

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
  screen: ConsoleScreen;
  store: Store;
  now: () => Date;
  /** Called for failures that are ours, not the user's; the user sees a short apology. */
  onError: (error: unknown) => void;
  /** Ends the conversation (the bot is stopping for another reason: a signal). */
  signal?: AbortSignal;
  /** Told about every command answered: its log line and latency metric. */
  onHandled?: CommandContext['onHandled'];
  /** A person at a terminal: prompt, editing, history and completion. Without it, lines are read as piped. */
  terminal?: {
    /** Where the history is kept (beside the database); none for an in-memory store. */
    historyFile?: string;
    /** Whether the terminal shows colour (Node's check, which honours NO_COLOR and FORCE_COLOR). */
    colour: boolean;
  };
}

export const CONSOLE_PROMPT = 'papers> ';
const WELCOME = 'papers-bot console. Type /papers help, or /papers search <words>. quit to stop.';
const TERMINAL_WELCOME = `${WELCOME} Tab completes, Up recalls, Ctrl-C clears the line, Ctrl-D quits.`;

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

function terminalInterface(options: ConsoleBotOptions, context: CommandContext, style: ConsoleStyle): Interface {
  const historyFile = options.terminal?.historyFile;
  const rl = createInterface({
    input: options.input,
    output: options.screen.output,
    terminal: true,
    prompt: style.prompt(CONSOLE_PROMPT),
    history: historyFile === undefined ? [] : loadHistory(historyFile),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string, callback: (error: null, result: Completion) => void) => {
      completeConsoleLine(context, line).then(
        (completion) => callback(null, completion),
        () => callback(null, [[], line]),
      );
    },
  });
  if (historyFile !== undefined) {
    let warned = false;
    rl.on('history', (history: string[]) => {
      try {
        saveHistory(historyFile, history);
      } catch (error) {
        if (!warned) options.onError(error);
        warned = true;
      }
    });
  }
  // Ctrl-C clears what is typed, as in a shell; on an empty line it says how to leave instead.
  rl.on('SIGINT', () => {
    const typed = rl.line;
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    options.screen.print(typed === '' ? '(To stop, press Ctrl-D or type quit.)' : '^C');
  });
  return rl;
}

/** Runs until the user types quit ('quit'), the input ends ('eof'), or the signal stops it ('stopped'). */
export async function runConsoleBot(options: ConsoleBotOptions): Promise<'quit' | 'eof' | 'stopped'> {
  const context: CommandContext = {
    store: options.store,
    now: options.now,
    caller: CONSOLE_CALLER,
    ...(options.onHandled === undefined ? {} : { onHandled: options.onHandled }),
  };
  const style = options.terminal?.colour === true ? COLOUR_STYLE : PLAIN_STYLE;
  const rl =
    options.terminal === undefined
      ? createInterface({ input: options.input, terminal: false })
      : terminalInterface(options, context, style);
  const { screen } = options;
  // Closing the interface ends the loop below, and lets go of the input so the process can exit.
  options.signal?.addEventListener('abort', () => rl.close(), { once: true });
  const showPrompt = () => {
    if (options.terminal === undefined) return;
    screen.showPrompt(rl);
    rl.prompt();
  };
  screen.print(options.terminal === undefined ? WELCOME : TERMINAL_WELCOME);
  showPrompt();
  try {
    for await (const line of rl) {
      // While a command is answered there is no prompt to keep: a digest due meanwhile just prints.
      screen.showPrompt(null);
      try {
        const answer = await answerConsoleLine(line, context);
        if (answer === null) return 'quit';
        if (answer !== '') screen.print(style.answer(answer));
      } catch (error) {
        options.onError(error);
        screen.print('Something went wrong on our side; the details are in the log.');
      }
      showPrompt();
    }
  } finally {
    screen.showPrompt(null);
    rl.close();
  }
  if (options.terminal !== undefined && options.signal?.aborted !== true) screen.output.write('\n');
  return options.signal?.aborted === true ? 'stopped' : 'eof';
}
