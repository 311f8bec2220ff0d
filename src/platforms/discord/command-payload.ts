// The /papers slash command as Discord registers it, built from the shared command registry: each subcommand
// with its options, limits and choices. Discord's own rules are applied here (lengths, required options first).
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandDefinition, OptionSpec } from '../../../commands/command.js';
import { cut } from './text-limit.js';

export const DESCRIPTION_MAX = 100;
/** Discord's longest string option. */
export const STRING_OPTION_MAX = 6000;
export const ROOT_COMMAND = 'papers';

type SubcommandOption = NonNullable<RESTPostAPIChatInputApplicationCommandsJSONBody['options']>[number];

function optionPayload(option: OptionSpec) {
  const base = { name: option.name, description: cut(option.description, DESCRIPTION_MAX), required: option.required };
  if (option.type === 'integer') {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer as const,
      ...(option.min !== undefined ? { min_value: option.min } : {}),
      ...(option.max !== undefined ? { max_value: option.max } : {}),
    };
  }
  const choices = option.choices?.map((value) => ({ name: value, value }));
  return {
    ...base,
    type: ApplicationCommandOptionType.String as const,
    ...(option.maxLength !== undefined ? { max_length: Math.min(option.maxLength, STRING_OPTION_MAX) } : {}),
    // Discord offers either fixed choices or autocomplete, never both.
    ...(choices !== undefined ? { choices } : option.autocomplete === true ? { autocomplete: true } : {}),
  };
}

export function papersCommandPayload(commands: readonly CommandDefinition[]): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: ROOT_COMMAND,
    description: 'Research papers: search, follow topics, and the daily digest',
    type: ApplicationCommandType.ChatInput,
    options: commands.map((command): SubcommandOption => ({
      type: ApplicationCommandOptionType.Subcommand,
      name: command.name,
      description: cut(command.description, DESCRIPTION_MAX),
      // Discord wants the required options before the optional ones.
      options: [...command.options].sort((a, b) => Number(b.required) - Number(a.required)).map(optionPayload),
    })),
  };
}
