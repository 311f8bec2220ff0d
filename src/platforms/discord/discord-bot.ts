// The Discord front end: a discord.js client with the smallest footprint it needs (the Guilds intent only, no
// message content, no message cache), translating /papers interactions into the shared command dispatcher and
// its replies into interaction responses. Nothing here decides anything a user can do.
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Options,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import type { Logger } from 'pino';
import type { CommandCaller, CommandContext, CommandReply } from '../../../commands/command.js';
import { runCommand, suggestValues } from '../../../commands/dispatch.js';
import { findCommand } from '../../../commands/index.js';
import { digestText } from '../../core/digest/digest-text.js';
import type { Store } from '../../store/database.js';
import { pauseWorkspaceDigests, resumeWorkspaceDigests } from '../../app/targets/paused-digests.js';
import { accessRecovery, DISCORD_RESUME_HINT } from './access-recovery.js';
import { discordMessenger } from './discord-messenger.js';
import { SIMILAR_BUTTON, similarPaperOf, similarRows } from './similar-buttons.js';

/** Discord's limit on a message's content. */
export const MESSAGE_CONTENT_MAX = 2000;

export interface DiscordBotOptions {
  token: string;
  /** REST base, as discord.js's rest.api option (the API version is appended). */
  apiUrl: string;
  store: Store;
  logger: Logger;
  now: () => Date;
  /**
   * An answer not ready after this long is deferred ("thinking…") and sent when it is: Discord drops an
   * interaction not answered within 3 s. 0 defers every answer (tests take that path so).
   */
  deferAfterMs?: number;
  /** A REST call not answered in this long is aborted (discord.js retries it, then the ledger). Default 15 s. */
  restTimeoutMs?: number;
  /** Told about every command answered: its log line and latency metric. */
  onHandled?: CommandContext['onHandled'];
  /** Told when Discord asks the bot to wait (a 429 or a bucket running out). */
  onRateLimited?: () => void;
  /** Told when leaving or rejoining a server paused or resumed digests (logs, metrics, tests). */
  onServerChange?: (change: { guildId: string; paused: number; resumed: number }) => void;
}

export const DEFAULT_DEFER_AFTER_MS = 1500;
/** Why a target is paused when the bot leaves its server; resuming on return looks for exactly this. */
export const REMOVED_FROM_SERVER = 'the bot was removed from the server';
/** Discord's limits on autocomplete: 25 choices, names and values of 1 to 100 characters. */
const CHOICES_MAX = 25;
const CHOICE_LENGTH_MAX = 100;

export interface DiscordBot {
  client: Client;
  stop(): Promise<void>;
}

/** Text cut to Discord's content limit at a line, marked as cut (`marker`, "…" unless given). */
export function fitContent(text: string, marker = '…'): string {
  if (text.length <= MESSAGE_CONTENT_MAX) return text;
  const room = MESSAGE_CONTENT_MAX - 1 - marker.length;
  const cut = text.slice(0, room);
  const lastLine = cut.lastIndexOf('\n');
  return `${lastLine > room / 2 ? cut.slice(0, lastLine) : cut}\n${marker}`;
}

/**
 * A listing cut to the content limit says how many of its papers are shown whole, so its first line ("23 papers
 * match; 1–20 shown") is not left to claim papers nobody sees. The marker is sized for the longest counts.
 */
function fitListing(text: string, papers: readonly { text: string }[]): string {
  if (text.length <= MESSAGE_CONTENT_MAX || papers.length === 0) return fitContent(text);
  const marker = (shown: number) =>
    `… only ${shown} of these ${papers.length} papers fit in one Discord message; a smaller limit shows them all.`;
  const content = fitContent(text, marker(papers.length));
  const shown = papers.filter((paper) => content.includes(paper.text)).length;
  return `${content.slice(0, content.length - marker(papers.length).length)}${marker(shown)}`;
}

function callerOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction | ButtonInteraction): CommandCaller {
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
function optionsOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction): Record<string, unknown> {
  const sub = interaction.options.data[0];
  return Object.fromEntries((sub?.options ?? []).map((option) => [option.name, option.value]));
}

function replyText(reply: CommandReply): string {
  if (reply.digest === undefined) return reply.text;
  return [...reply.text.split('\n').slice(1), digestText(reply.digest)].join('\n');
}

async function commandReply(
  interaction: ChatInputCommandInteraction,
  context: Omit<CommandContext, 'caller'>,
  logger: Logger,
): Promise<CommandReply> {
  const name = interaction.options.getSubcommand(false) ?? '';
  const command = findCommand(name);
  if (command === undefined) return { text: `Unknown command "${name.slice(0, 40)}". Try /papers help.`, ephemeral: true };
  try {
    return await runCommand({ ...context, caller: callerOf(interaction) }, command, optionsOf(interaction));
  } catch (error) {
    logger.error({ err: error, command: name, interaction: interaction.id }, 'discord command failed');
    return { text: 'Something went wrong on our side; please try again in a minute.', ephemeral: true };
  }
}

/** Searches whose pages can still be turned, by the id of the interaction that asked (interaction tokens live 15 min). */
const SEARCH_TTL_MS = 15 * 60_000;
const SEARCHES_KEPT = 1000;
const SEARCH_BUTTON = /^papers:(page|share):(\d{1,25}):(\d{1,3})$/;

interface RememberedSearch {
  query: string;
  limit: number;
}

interface SearchMemory {
  remember(key: string, search: RememberedSearch): void;
  recall(key: string): RememberedSearch | undefined;
}

function searchMemory(now: () => number): SearchMemory {
  const searches = new Map<string, RememberedSearch & { at: number }>();
  return {
    remember(key, search) {
      searches.set(key, { ...search, at: now() });
      // Oldest first out: a Map iterates in insertion order.
      for (const [old] of searches) {
        if (searches.size <= SEARCHES_KEPT) break;
        searches.delete(old);
      }
    },
    recall(key) {
      const entry = searches.get(key);
      return entry !== undefined && now() - entry.at < SEARCH_TTL_MS ? { query: entry.query, limit: entry.limit } : undefined;
    },
  };
}

/** Previous / next page and share buttons under a page of search results. */
function pagingRow(key: string, paging: NonNullable<CommandReply['paging']>) {
  const button = (label: string, customId: string, disabled: boolean) => ({ type: 2, style: 2, label, custom_id: customId, disabled });
  return [
    {
      type: 1,
      components: [
        button('◀ Previous', `papers:page:${key}:${Math.max(1, paging.page - 1)}`, paging.page <= 1),
        button('Next ▶', `papers:page:${key}:${paging.page + 1}`, !paging.hasMore),
        { ...button('Share to channel', `papers:share:${key}:${paging.page}`, false), style: 1 },
      ],
    },
  ];
}

/** Discord's most action rows in one message. */
const ROWS_MAX = 5;

/**
 * The rows under an answer shown as `content`: the page buttons of a private search page, then a Similar button for
 * each paper it lists that `content` still shows whole (a long answer is cut to Discord's 2,000 characters), in the
 * rows left (4 rows, 20 papers, under page buttons; 5 rows, 25 papers, otherwise).
 */
function replyComponents(key: string, reply: CommandReply, content: string) {
  const rows: { type: number; components: unknown[] }[] = reply.paging !== undefined && reply.ephemeral ? pagingRow(key, reply.paging) : [];
  const shown = (reply.papers ?? []).filter((paper) => content.includes(paper.text));
  return [...rows, ...similarRows(shown, ROWS_MAX - rows.length)];
}

/** An answer as Discord takes it: its text fitted to the content limit, and the buttons that go with that text. */
function replyMessage(key: string, reply: CommandReply, text = replyText(reply)) {
  const content = fitListing(text, reply.papers ?? []);
  return { content, components: replyComponents(key, reply, content) };
}

/** The answer if it is ready within `ms`; 'late' otherwise, and always for 0 (which tests use to take that path). */
async function inTime<T>(pending: Promise<T>, ms: number): Promise<T | 'late'> {
  if (ms <= 0) return 'late';
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  try {
    return await Promise.race([pending, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether an answer not ready in time should be deferred privately: only changes to the channel are public. */
function likelyEphemeral(interaction: ChatInputCommandInteraction): boolean {
  const command = findCommand(interaction.options.getSubcommand(false) ?? '');
  if (command === undefined) return true;
  const parsed = command.schema.safeParse(optionsOf(interaction));
  return !parsed.success || command.permission(parsed.data) !== 'manage-channel';
}

async function answer(
  interaction: ChatInputCommandInteraction,
  context: Omit<CommandContext, 'caller'>,
  logger: Logger,
  deferAfterMs: number,
  searches: SearchMemory,
): Promise<void> {
  const pending = commandReply(interaction, context, logger);
  const first = await inTime(pending, deferAfterMs);
  if (first === 'late') {
    await interaction.deferReply(likelyEphemeral(interaction) ? { flags: MessageFlags.Ephemeral } : {});
    const reply = await pending;
    if (reply.paging !== undefined) searches.remember(interaction.id, reply.paging);
    await interaction.editReply({ ...replyMessage(interaction.id, reply), allowedMentions: { parse: [] } });
    return;
  }
  if (first.paging !== undefined) searches.remember(interaction.id, first.paging);
  await interaction.reply({
    ...replyMessage(interaction.id, first),
    flags: first.ephemeral ? MessageFlags.Ephemeral : undefined,
    // Upstream text (a title with @everyone) must never notify anyone.
    allowedMentions: { parse: [] },
  });
}

/** A page button turns the private results in place; the share button posts that page to the channel for all. */
async function pressed(interaction: ButtonInteraction, context: Omit<CommandContext, 'caller'>, searches: SearchMemory): Promise<void> {
  const [, action, key = '', page = '1'] = SEARCH_BUTTON.exec(interaction.customId) ?? [];
  const remembered = searches.recall(key);
  const search = findCommand('search');
  if (remembered === undefined || search === undefined) {
    await interaction.reply({ content: 'This search has expired; run /papers search again.', flags: MessageFlags.Ephemeral });
    return;
  }
  const { query, limit } = remembered;
  const reply = await runCommand({ ...context, caller: callerOf(interaction) }, search, { query, limit, page: Number(page) });
  if (action === 'share') {
    // For everyone in the channel: no page buttons (they are the sharer's), but a Similar button on each paper, which
    // answers whoever presses it privately.
    await interaction.reply({
      ...replyMessage(key, { ...reply, ephemeral: false }, `<@${interaction.user.id}> shared /papers search ${query}:\n${reply.text}`),
      allowedMentions: { parse: [] },
    });
    return;
  }
  await interaction.update({ ...replyMessage(key, reply), allowedMentions: { parse: [] } });
}

/**
 * A Similar button (on a search answer, a similar answer or a digest paper): the papers most like that one, for
 * the person who pressed it only, whoever else sees the message. Deferred like a command when it is slow.
 */
async function similarPressed(
  interaction: ButtonInteraction,
  context: Omit<CommandContext, 'caller'>,
  logger: Logger,
  deferAfterMs: number,
): Promise<void> {
  const similar = findCommand('similar');
  const paperId = similarPaperOf(interaction.customId) ?? '';
  const pending: Promise<CommandReply> =
    similar === undefined
      ? Promise.resolve({ text: 'This button no longer works; try /papers similar.', ephemeral: true })
      : runCommand({ ...context, caller: callerOf(interaction) }, similar, { to: paperId }).catch((error: unknown) => {
          logger.error({ err: error, interaction: interaction.id }, 'discord similar button failed');
          return { text: 'Something went wrong on our side; please try again in a minute.', ephemeral: true };
        });
  const first = await inTime(pending, deferAfterMs);
  if (first === 'late') {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await pending;
    await interaction.editReply({ ...replyMessage(interaction.id, reply), allowedMentions: { parse: [] } });
    return;
  }
  await interaction.reply({
    ...replyMessage(interaction.id, first),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

/** Autocomplete cannot be deferred: suggestions come straight from the store, and a failure offers nothing. */
async function suggest(interaction: AutocompleteInteraction, context: Omit<CommandContext, 'caller'>, logger: Logger): Promise<void> {
  const command = findCommand(interaction.options.getSubcommand(false) ?? '');
  const focused = interaction.options.getFocused(true);
  let values: string[] = [];
  if (command !== undefined) {
    try {
      values = await suggestValues(
        { ...context, caller: callerOf(interaction) },
        command,
        focused.name,
        String(focused.value),
        optionsOf(interaction),
      );
    } catch (error) {
      logger.error({ err: error, interaction: interaction.id }, 'discord autocomplete failed');
    }
  }
  // A value longer than Discord allows cannot be offered (a cut one would not match); it can still be typed.
  const choices = values.filter((v) => v.length > 0 && v.length <= CHOICE_LENGTH_MAX).slice(0, CHOICES_MAX);
  await interaction.respond(choices.map((value) => ({ name: value, value })));
}

export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { logger } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: options.apiUrl, timeout: options.restTimeoutMs ?? 15_000 },
    // Only guilds and channels are cached: no messages, members, users or presences beyond what arrives.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      // Only the bot's own member: its roles are what its permissions in a channel are worked out from.
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      PresenceManager: 0,
      ReactionManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      VoiceStateManager: 0,
    }),
    allowedMentions: { parse: [] },
  });
  const context = {
    store: options.store,
    now: options.now,
    resumeHint: () => DISCORD_RESUME_HINT,
    ...(options.onHandled === undefined ? {} : { onHandled: options.onHandled }),
  };
  client.rest.on('rateLimited', () => options.onRateLimited?.());
  const deferAfterMs = options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
  const searches = searchMemory(() => options.now().getTime());
  const messenger = discordMessenger(client.rest);
  const recovery = accessRecovery({ store: options.store, logger, now: options.now, tell: (userId, text) => messenger.tell(userId, text) });
  const recoveryFailed = (error: unknown) => logger.error({ err: error }, 'could not check whether a paused digest can resume');
  client.on('interactionCreate', (interaction: Interaction) => {
    const failed = (error: unknown) => logger.error({ err: error, interaction: interaction.id }, 'could not answer a discord interaction');
    if (interaction.isButton() && SEARCH_BUTTON.test(interaction.customId)) pressed(interaction, context, searches).catch(failed);
    else if (interaction.isButton() && SIMILAR_BUTTON.test(interaction.customId))
      similarPressed(interaction, context, logger, deferAfterMs).catch(failed);
    else if (interaction.isAutocomplete() && interaction.commandName === 'papers') suggest(interaction, context, logger).catch(failed);
    else if (interaction.isChatInputCommand() && interaction.commandName === 'papers') {
      // The interaction says what the bot may do in this channel: a digest paused for lost access may resume
      // before the answer is worked out (so the answer no longer reports it paused).
      const guildId = interaction.guildId;
      const recovered =
        guildId === null ? Promise.resolve() : recovery.channelPermissions(guildId, interaction.channelId, interaction.appPermissions);
      recovered
        .catch(recoveryFailed)
        .then(() => answer(interaction, context, logger, deferAfterMs, searches))
        .catch(failed);
    }
  });
  // The bot's permissions in a channel changed (its overwrites, a role, the bot's own roles): a digest paused
  // there for lost access resumes once the bot can post again. Worked out from the cached server.
  const permissionsIn = (guildId: string) => (channelId: string) => {
    const channel = client.channels.cache.get(channelId);
    const me = client.guilds.cache.get(guildId)?.members.me;
    if (channel === undefined || me === null || me === undefined || !('permissionsFor' in channel)) return null;
    return channel.permissionsFor(me);
  };
  client.on('channelUpdate', (_old, channel) => {
    if (channel.isDMBased()) return;
    const granted = permissionsIn(channel.guildId)(channel.id);
    if (granted !== null) recovery.channelPermissions(channel.guildId, channel.id, granted).catch(recoveryFailed);
  });
  client.on('roleUpdate', (_old, role) => {
    recovery.serverChanged(role.guild.id, permissionsIn(role.guild.id)).catch(recoveryFailed);
  });
  client.on('guildMemberUpdate', (_old, member) => {
    if (member.id !== client.user?.id) return;
    recovery.serverChanged(member.guild.id, permissionsIn(member.guild.id)).catch(recoveryFailed);
  });
  client.on('error', (error) => logger.error({ err: error }, 'discord client error'));
  // Removed from a server: its digests stop, and whoever configured them hears why. Added back: they resume.
  // discord.js emits guildDelete for a removal only (an outage is guildUnavailable).
  client.on('guildDelete', (guild) => {
    pauseWorkspaceDigests(options.store, 'discord', guild.id, REMOVED_FROM_SERVER, options.now())
      .then(async (targets) => {
        if (targets.length > 0)
          logger.warn(
            { event: 'target.paused', guild: guild.id, targets: targets.length },
            'removed from a discord server; its digests are paused',
          );
        for (const target of targets) {
          if (target.adminUser === null) continue;
          await messenger
            .tell(
              target.adminUser,
              `The papers digest for a channel in "${guild.name}" is paused: the bot was removed from that server. Add it back to resume.`,
            )
            .catch((error: unknown) => logger.warn({ err: error, target: target.id }, 'could not tell the admin'));
        }
        options.onServerChange?.({ guildId: guild.id, paused: targets.length, resumed: 0 });
      })
      .catch((error: unknown) => logger.error({ err: error, guild: guild.id }, 'could not pause the digests of a server the bot left'));
  });
  const resumeGuild = (guildId: string) =>
    resumeWorkspaceDigests(options.store, 'discord', guildId, REMOVED_FROM_SERVER, options.now())
      .then((targets) => {
        if (targets.length > 0)
          logger.info({ event: 'target.resumed', guild: guildId, targets: targets.length }, 'back in a discord server; its digests resume');
        options.onServerChange?.({ guildId, paused: 0, resumed: targets.length });
      })
      .catch((error: unknown) => logger.error({ err: error, guild: guildId }, 'could not resume the digests of a server'));
  client.on('guildCreate', (guild) => void resumeGuild(guild.id));
  // Added back while the bot was down: the server is in the list it connects with.
  client.once(Events.ClientReady, (ready) => {
    for (const guildId of ready.guilds.cache.keys()) void resumeGuild(guildId);
  });
  await client.login(options.token);
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}
