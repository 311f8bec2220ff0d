// The terminal front end: type `/papers search diffusion` (or just `search diffusion`) and read the reply.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandContext } from '../../../commands/command.js';
import { commands, findCommand } from '../../../commands/index.js';

export interface ConsoleBotOptions {
  input: Readable;
  output: Writable;
  context: CommandContext;
  /** Called for failures that are ours, not the user's; the user sees a short apology. */
  onError: (error: unknown) => void;
}

function helpText(): string {
  const rows: [string, string][] = [
    ...commands.map((c): [string, string] => [`/papers ${c.name} ...`, c.description]),
    ['/papers help', 'this list'],
    ['quit', 'stop the bot'],
  ];
  const width = Math.max(...rows.map(([usage]) => usage.length));
  return ['Commands:', ...rows.map(([usage, text]) => `  ${usage.padEnd(width)}  ${text}`)].join('\n');
}

/** Answers one console line; returns null when the line asks to quit. */
export async function answerConsoleLine(line: string, context: CommandContext): Promise<string | null> {
  const text = line
    .trim()
    .replace(/^\/?papers\s+/i, '')
    .replace(/^\//, '');
  if (text === '') return '';
  const [name = '', ...rest] = text.split(/\s+/);
  if (/^(quit|exit)$/i.test(name)) return null;
  if (/^help$/i.test(name)) return helpText();
  const command = findCommand(name);
  if (command === undefined) return `Unknown command "${name.slice(0, 40)}". Type /papers help for the list.`;
  const parsed = command.options.safeParse({ query: rest.join(' ') });
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Invalid input.';
  const reply = await command.run(context, parsed.data);
  return reply.text;
}

/** Runs until the user types quit ('quit') or the input ends ('eof'). */
export async function runConsoleBot(options: ConsoleBotOptions): Promise<'quit' | 'eof'> {
  const rl = createInterface({ input: options.input, terminal: false });
  const write = (text: string) => options.output.write(`${text}\n`);
  write('papers-bot console. Type /papers help, or /papers search <words>.');
  for await (const line of rl) {
    try {
      const answer = await answerConsoleLine(line, options.context);
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
  return 'eof';
}
