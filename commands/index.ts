// The registry every front end reads. Adding a subcommand means adding it here, and nowhere else.
import type { CommandDefinition } from './command.js';
import { digestCommand } from './digest.js';
import { helpCommand } from './help.js';
import { searchCommand } from './search.js';
import { settingsCommand } from './settings.js';
import { similarCommand } from './similar.js';
import { subscribeCommand } from './subscribe.js';
import { topicsCommand } from './topics.js';
import { unsubscribeCommand } from './unsubscribe.js';

export const commands: readonly CommandDefinition[] = [
  searchCommand,
  similarCommand,
  subscribeCommand,
  unsubscribeCommand,
  topicsCommand,
  digestCommand,
  settingsCommand,
  helpCommand(() => commands),
] as CommandDefinition[];

export function findCommand(name: string): CommandDefinition | undefined {
  return commands.find((command) => command.name === name.toLowerCase());
}
