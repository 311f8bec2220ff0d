// Tab completion for the console: the subcommand, then its options (`time`, `tz`, `me`, `layout thread`), then
// values the command suggests itself (your topics, for unsubscribe), all read from the command registry, so a
// new command or option completes without a change here.
import type { CommandContext, CommandDefinition, OptionSpec } from '../../../commands/command.js';
import { suggestValues } from '../../../commands/dispatch.js';
import { commands } from '../../../commands/index.js';
import { parseTextOptions } from '../../../commands/text-input.js';

/** readline's answer: the candidates, and the part of the line they replace. */
export type Completion = [string[], string];

const PREFIX = '/papers ';
const QUIT_WORDS = ['quit', 'exit'];

const startingWith = (typed: string, candidates: readonly string[]) =>
  [...new Set(candidates)].filter((candidate) => candidate.toLowerCase().startsWith(typed.toLowerCase()));

/** The word(s) an option is typed with: its name with `-` for `_`. */
const keyOf = (option: OptionSpec) => option.name.replace(/_/g, '-');

/**
 * A subcommand completes to the first one, in /papers help's order (the most used first), that starts with what
 * was typed: `se` gives search, `set` settings, `su` subscribe. Nothing typed lists them all.
 */
function subcommandCompletion(prefix: string, typed: string): Completion {
  const names = commands.map((command) => command.name);
  const candidates = startingWith(typed, prefix === '' ? [...names, ...QUIT_WORDS] : names).map((name) => `${name} `);
  return [typed === '' ? candidates : candidates.slice(0, 1), typed];
}

async function optionCompletion(ctx: CommandContext, command: CommandDefinition, text: string): Promise<Completion> {
  const words = text.split(/\s+/);
  const typed = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const previous = before.at(-1)?.toLowerCase();
  const keyed = command.options.filter((option) => (option.text ?? 'key') === 'key');
  // Right after an option's key: its value (a fixed choice).
  const valueOf = keyed.find((option) => previous !== undefined && (keyOf(option) === previous || option.aliases?.includes(previous)));
  if (valueOf !== undefined) return [startingWith(typed, valueOf.choices ?? []).map((choice) => `${choice} `), typed];
  const parsed = parseTextOptions(before.join(' '), command.options);
  const given = parsed.ok ? parsed.values : {};
  // Inside the free text (a topic, a query): what the command suggests for it, completing the whole text so far.
  const rest = command.options.find((option) => option.text === 'rest');
  if (rest !== undefined && given[rest.name] !== undefined) {
    if (rest.autocomplete !== true) return [[], typed];
    const sofar = text.slice(text.indexOf(given[rest.name] ?? '')).trimStart();
    return [await suggestValues(ctx, command, rest.name, sofar, given), sofar];
  }
  const unused = keyed.filter((option) => given[option.name] === undefined).map((option) => `${keyOf(option)} `);
  const wordsUnset = command.options
    .filter((option) => given[option.name] === undefined)
    .flatMap((option) => Object.keys(option.words ?? {}));
  const candidates = startingWith(typed, [...unused, ...wordsUnset.map((word) => `${word} `)]);
  if (rest?.autocomplete === true && typed !== '') {
    for (const suggestion of await suggestValues(ctx, command, rest.name, typed, given)) candidates.push(suggestion);
  }
  return [candidates, typed];
}

/** Completes the line up to the cursor. Never throws: a completion that fails offers nothing. */
export async function completeConsoleLine(ctx: CommandContext, line: string): Promise<Completion> {
  if (/^\/\S*$/.test(line) && PREFIX.startsWith(line.toLowerCase())) return [[PREFIX], line];
  const match = /^(\/?papers\s+|\/)?(\S*)(\s+([\s\S]*))?$/i.exec(line);
  if (match === null) return [[], line];
  const [, prefix = '', name = '', afterName, text = ''] = match;
  if (afterName === undefined) return subcommandCompletion(prefix, name);
  const command = commands.find((candidate) => candidate.name === name.toLowerCase());
  if (command === undefined) return [[], line];
  try {
    return await optionCompletion(ctx, command, text);
  } catch {
    return [[], line];
  }
}
