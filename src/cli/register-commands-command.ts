// `papers register-commands [--guild ID]`: registers /papers with Discord, built from the command registry.
import { REST, Routes } from 'discord.js';
import { commands } from '../../commands/index.js';
import { papersCommandPayload } from '../platforms/discord/command-payload.js';
import { EXIT_OK, UsageError, type CliCommand } from './cli-command.js';
import { parseOptions } from './parse-options.js';

export const registerCommandsCommand: CliCommand = {
  name: 'register-commands',
  usage: 'papers register-commands [--guild ID]',
  async run(args, config, io) {
    const { values } = parseOptions(args, { guild: { type: 'string' } }, false);
    if (values.help) {
      io.out(`Usage: ${this.usage}

Registers /papers and its subcommands for DISCORD_APPLICATION_ID, using DISCORD_TOKEN.
--guild ID: in one server only (appears at once; good for trying it out). Without it: everywhere the bot is
            (Discord may take up to an hour to show changes).`);
      return EXIT_OK;
    }
    const token = config.DISCORD_TOKEN;
    const applicationId = config.DISCORD_APPLICATION_ID;
    if (token === undefined || applicationId === undefined) {
      throw new UsageError('set DISCORD_TOKEN and DISCORD_APPLICATION_ID first (see the README, Discord setup)');
    }
    if (values.guild !== undefined && !/^\d{17,20}$/.test(values.guild))
      throw new UsageError(`--guild takes a server id (digits), not "${values.guild.slice(0, 40)}"`);
    const rest = new REST({ api: config.DISCORD_API_URL }).setToken(token);
    const route =
      values.guild === undefined ? Routes.applicationCommands(applicationId) : Routes.applicationGuildCommands(applicationId, values.guild);
    const payload = papersCommandPayload(commands);
    await rest.put(route, { body: [payload] });
    io.out(
      `Registered /papers with ${payload.options?.length ?? 0} subcommands ${values.guild === undefined ? 'for every server the bot is in (allow up to an hour)' : `in server ${values.guild}`}.`,
    );
    return EXIT_OK;
  },
};
