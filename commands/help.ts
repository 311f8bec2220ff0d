import { z } from 'zod';
import type { CommandDefinition } from './command.js';

const schema = z.object({});

/** The list comes from the registry, passed in, so help never falls out of date. */
export function helpCommand(registry: () => readonly CommandDefinition[]): CommandDefinition<typeof schema> {
  return {
    name: 'help',
    description: 'What each /papers command does, with examples',
    usage: '/papers help',
    examples: ['/papers help'],
    options: [],
    schema,
    permission: () => 'anyone',
    run() {
      const lines = ['/papers commands:'];
      for (const command of registry()) {
        lines.push(`  ${command.usage}`, `      ${command.description}`);
        const example = command.examples.find((e) => e !== command.usage);
        if (example !== undefined) lines.push(`      e.g. ${example}`);
      }
      lines.push('Changing a channel\'s topics or settings needs permission to manage the channel; add "me" to act for yourself.');
      return Promise.resolve({ text: lines.join('\n'), ephemeral: true });
    },
  };
}
