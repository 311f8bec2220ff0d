// Reads typed options (the console, Slack's "/papers settings time 08:30 tz Europe/Berlin") into values by
// option name, the same shape Discord's structured options arrive in. Validation happens after, with zod.
import type { OptionSpec } from './command.js';

export type TextInputResult = { ok: true; values: Record<string, string> } | { ok: false; message: string };

function keyName(word: string): string {
  return word.toLowerCase().replace(/[:=]$/, '').replace(/-/g, '_');
}

/**
 * Words are read left to right: a word naming an option takes the next word as its value (`time 08:30`,
 * also `time:08:30` or `time=08:30`); a word listed in an option's `words` sets it (`me`, `pause`); the first
 * other word starts the free text of the `rest` option, which takes the line as typed from there.
 */
export function parseTextOptions(text: string, options: readonly OptionSpec[]): TextInputResult {
  const values: Record<string, string> = {};
  const rest = options.find((o) => o.text === 'rest');
  const keyed = options.filter((o) => (o.text ?? 'key') === 'key');
  const tokens = [...text.matchAll(/\S+/g)];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (token === undefined) break;
    const word = token[0];
    const wordOption = options.find((o) => o.words !== undefined && Object.hasOwn(o.words, word.toLowerCase().replace(/:$/, '')));
    if (wordOption?.words !== undefined) {
      values[wordOption.name] = wordOption.words[word.toLowerCase().replace(/:$/, '')] ?? '';
      continue;
    }
    const inline = /^([a-z_-]+)[:=](.+)$/i.exec(word);
    const key = keyName(inline?.[1] ?? word);
    const option = keyed.find((o) => o.name === key || (o.aliases ?? []).includes(key));
    if (option !== undefined) {
      const value = inline?.[2] ?? tokens[i + 1]?.[0];
      if (value === undefined) return { ok: false, message: `"${option.name}" needs a value.` };
      values[option.name] = value;
      if (inline === null) i += 1;
      continue;
    }
    if (rest !== undefined) {
      values[rest.name] = text.slice(token.index).trim();
      break;
    }
    const known = keyed.map((o) => o.name.replace(/_/g, '-'));
    const wordsKnown = options.flatMap((o) => Object.keys(o.words ?? {}));
    return {
      ok: false,
      message: `"${word.slice(0, 40)}" is not something this command understands. It accepts: ${[...known, ...wordsKnown].join(', ')}.`,
    };
  }
  return { ok: true, values };
}
