// zod pieces shared by the command schemas. Typed text gives strings and Discord gives numbers; both are read.
import { z } from 'zod';

/** A whole number, typed ("5") or structured (5), with a message that says what is accepted. */
export function wholeNumber(name: string, min: number, max: number) {
  const message = `${name} is a whole number from ${min} to ${max}.`;
  return z.preprocess(
    (value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
    z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message }),
  );
}

/** `for`: the channel (the default) or the person running the command. */
export const scopeSchema = z.enum(['channel', 'me'], { error: 'for is either "channel" or "me".' }).default('channel');

/** Every command that can act for the channel or for yourself has this option. */
export const scopeOption = {
  name: 'for',
  description: 'The channel (default) or just you, in your direct messages',
  type: 'string',
  required: false,
  choices: ['channel', 'me'],
  text: 'none',
  words: { me: 'me' },
} as const;
