// The Discord front end: a discord.js client with the smallest footprint it needs (the Guilds intent only, no
// message content, no message cache), translating /papers interactions into the shared command dispatcher and
// its replies into interaction responses. Nothing here decides anything a user can do.
import {
  Client,
  GatewayIntentBits,
  MessageFlags,
  Options,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import type { Logger } from 'pino';
import type { CommandCaller, CommandContext, CommandReply } from '../../../commands/command.js';
import { runCommand } from '../../../commands/dispatch.js';
import { findCommand } from '../../../commands/index.js';
import { digestText } from '../../core/digest/digest-text.js';
import type { Store } from '../../store/database.js';

/** Discord's limit on a message's content. */
export const MESSAGE_CONTENT_MAX = 2000;

export interface DiscordBotOptions {
  token: string;
  /** REST base, as discord.js's rest.api option (the API version is appended). */
  apiUrl: string;
  store: Store;
  logger: Logger;
  now: () => Date;
}

export interface DiscordBot {
  client: Client;
  stop(): Promise<void>;
}

/** Text cut to Discord's content limit at a line, marked as cut. */
export function fitContent(text: string): string {
  if (text.length <= MESSAGE_CONTENT_MAX) return text;
  const room = MESSAGE_CONTENT_MAX - 2;
  const cut = text.slice(0, room);
  const lastLine = cut.lastIndexOf('\n');
  return `${lastLine > room / 2 ? cut.slice(0, lastLine) : cut}\n…`;
}

function callerOf(interaction: ChatInputCommandInteraction): CommandCaller {
  return {
    platform: 'discord',
    workspace: interaction.guildId ?? 'dm',
    channel: interaction.channelId,
    user: interaction.user.id,
    // In a DM there is no channel to manage but one's own; in a guild, Discord tells us the member's permissions here.
    canManageChannel: interaction.inGuild() ? (interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false) : true,
    managePermissionName: 'the Manage Channels permission',
  };
}

/** The subcommand's options by name, as the command definitions expect them. */
function optionsOf(interaction: ChatInputCommandInteraction): Record<string, unknown> {
  const sub = interaction.options.data[0];
  return Object.fromEntries((sub?.options ?? []).map((option) => [option.name, option.value]));
}

function replyText(reply: CommandReply): string {
  if (reply.digest === undefined) return reply.text;
  return [...reply.text.split('\n').slice(1), digestText(reply.digest)].join('\n');
}

async function answer(interaction: ChatInputCommandInteraction, context: Omit<CommandContext, 'caller'>, logger: Logger): Promise<void> {
  const name = interaction.options.getSubcommand(false) ?? '';
  const command = findCommand(name);
  let reply: CommandReply;
  if (command === undefined) {
    reply = { text: `Unknown command "${name.slice(0, 40)}". Try /papers help.`, ephemeral: true };
  } else {
    try {
      reply = await runCommand({ ...context, caller: callerOf(interaction) }, command, optionsOf(interaction));
    } catch (error) {
      logger.error({ err: error, command: name, interaction: interaction.id }, 'discord command failed');
      reply = { text: 'Something went wrong on our side; please try again in a minute.', ephemeral: true };
    }
  }
  await interaction.reply({
    content: fitContent(replyText(reply)),
    flags: reply.ephemeral ? MessageFlags.Ephemeral : undefined,
    // Upstream text (a title with @everyone) must never notify anyone.
    allowedMentions: { parse: [] },
  });
}

export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { logger } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: options.apiUrl },
    // Only guilds and channels are cached: no messages, members, users or presences beyond what arrives.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      VoiceStateManager: 0,
    }),
    allowedMentions: { parse: [] },
  });
  const context = { store: options.store, now: options.now };
  client.on('interactionCreate', (interaction: Interaction) => {
    if (!interaction.isChatInputCommand() || interaction.commandName !== 'papers') return;
    answer(interaction, context, logger).catch((error: unknown) =>
      logger.error({ err: error, interaction: interaction.id }, 'could not answer a discord interaction'),
    );
  });
  client.on('error', (error) => logger.error({ err: error }, 'discord client error'));
  await client.login(options.token);
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}
