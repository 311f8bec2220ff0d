import { z } from 'zod';
import { CommandInputError, type CommandDefinition } from './command.js';

const schema = z.object({ command: z.string().trim().toLowerCase().max(40).optional() });

/** One command explained: usage, what it does, its options and examples. */
function explain(command: CommandDefinition): string {
  const options = command.options
    .filter((option) => option.text !== 'none')
    .map((option) => {
      const others = [...(option.aliases ?? []), ...Object.keys(option.words ?? {})];
      const aliases = others.length === 0 ? '' : ` (or ${others.join(', ')})`;
      return `  ${option.name.replace(/_/g, '-')}${aliases}: ${option.description}`;
    });
  return [
    command.usage,
    command.description,
    '',
    command.details,
    ...(options.length === 0 ? [] : ['', 'Options:', ...options]),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
  ].join('\n');
}

/** The list comes from the registry, passed in, so help never falls out of date. */
export function helpCommand(registry: () => readonly CommandDefinition[]): CommandDefinition<typeof schema> {
  return {
    name: 'help',
    description: 'What each /papers command does, with examples',
    usage: '/papers help [command]',
    details: 'Lists the commands with an example each; `/papers help settings` explains one, with its options.',
    examples: ['/papers help', '/papers help settings'],
    options: [
      {
        name: 'command',
        description: 'One command to explain, such as settings',
        type: 'string',
        required: false,
        maxLength: 40,
        text: 'rest',
      },
    ],
    schema,
    permission: () => 'anyone',
    run(_ctx, input) {
      if (input.command !== undefined && input.command !== '') {
        const name = input.command.replace(/^\/?papers\s+/, '');
        const command = registry().find((c) => c.name === name);
        if (command === undefined) {
          const names = registry().map((c) => c.name);
          throw new CommandInputError(`There is no /papers ${name.slice(0, 40)}. The commands: ${names.join(', ')}.`);
        }
        return Promise.resolve({ text: explain(command), ephemeral: true });
      }
      const lines = ['/papers commands:'];
      for (const command of registry()) {
        lines.push(`  ${command.usage}`, `      ${command.description}`);
        const example = command.examples.find((e) => e !== command.usage);
        if (example !== undefined) lines.push(`      e.g. ${example}`);
      }
      lines.push('Changing a channel\'s topics or settings needs permission to manage the channel; add "me" to act for yourself.');
      lines.push('/papers help COMMAND explains one command.');
      return Promise.resolve({ text: lines.join('\n'), ephemeral: true });
    },
  };
}
