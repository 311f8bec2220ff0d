// /papers as Discord registers it, from the shared registry, within Discord's rules for application commands.
import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { papersCommandPayload } from '../../../src/platforms/discord/command-payload.js';

// https://discord.com/developers/docs/interactions/application-commands: names 1-32 lowercase word characters or
// dashes; descriptions 1-100; at most 25 options; required options before optional ones; 8,000 characters in all.
const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

type Option = {
  name: string;
  description: string;
  type: number;
  required?: boolean;
  choices?: unknown[];
  autocomplete?: boolean;
  options?: Option[];
};

function textLength(option: Option): number {
  return option.name.length + option.description.length + (option.options ?? []).reduce((n, o) => n + textLength(o), 0);
}

describe('papersCommandPayload', () => {
  const payload = papersCommandPayload(commands);
  const subcommands = (payload.options ?? []) as Option[];

  it('has one subcommand per registered command, in registry order', () => {
    expect(payload.name).toBe('papers');
    expect(subcommands.map((s) => s.name)).toEqual(commands.map((c) => c.name));
    expect(subcommands.every((s) => s.type === 1)).toBe(true);
  });

  it('stays within Discord limits on names, descriptions, counts and total size', () => {
    const all = [payload as Option, ...subcommands, ...subcommands.flatMap((s) => s.options ?? [])];
    for (const option of all) {
      expect(option.name, option.name).toMatch(NAME);
      expect(option.description.length, option.name).toBeGreaterThan(0);
      expect(option.description.length, option.name).toBeLessThanOrEqual(100);
    }
    expect(subcommands.length).toBeLessThanOrEqual(25);
    for (const sub of subcommands) expect((sub.options ?? []).length).toBeLessThanOrEqual(25);
    expect(textLength(payload as Option)).toBeLessThanOrEqual(8000);
  });

  it('puts required options first, and never offers choices and autocomplete together', () => {
    for (const sub of subcommands) {
      const required = (sub.options ?? []).map((o) => o.required === true);
      expect(required, sub.name).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      for (const option of sub.options ?? []) expect(option.choices !== undefined && option.autocomplete === true, option.name).toBe(false);
    }
  });

  it('carries the options users need: search query and limit, topic autocomplete, settings choices and bounds', () => {
    const sub = (name: string) => subcommands.find((s) => s.name === name)?.options ?? [];
    expect(sub('search')).toEqual([
      expect.objectContaining({ name: 'query', type: 3, required: true, max_length: 500 }),
      expect.objectContaining({ name: 'limit', type: 4, required: false, min_value: 1, max_value: 50 }),
      expect.objectContaining({ name: 'page', type: 4, required: false, min_value: 1, max_value: 500 }),
    ]);
    expect(sub('unsubscribe')).toContainEqual(expect.objectContaining({ name: 'topic', autocomplete: true }));
    expect(sub('settings')).toContainEqual(expect.objectContaining({ name: 'size', type: 4, min_value: 0, max_value: 25 }));
    expect(sub('settings')).toContainEqual(
      expect.objectContaining({
        name: 'empty_days',
        choices: [
          { name: 'note', value: 'note' },
          { name: 'silent', value: 'silent' },
        ],
      }),
    );
    expect(sub('subscribe')).toContainEqual(
      expect.objectContaining({
        name: 'for',
        choices: [
          { name: 'channel', value: 'channel' },
          { name: 'me', value: 'me' },
        ],
      }),
    );
  });
});
