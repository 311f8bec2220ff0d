// The registry every front end reads. Adding a subcommand means adding it here, and nowhere else.
import type { CommandDefinition } from './command.js';
import { searchCommand } from './search.js';

export const commands: readonly CommandDefinition[] = [searchCommand];

export function findCommand(name: string): CommandDefinition | undefined {
  return commands.find((command) => command.name === name.toLowerCase());
}
