// `papers doctor` for Discord: the token logs in, belongs to DISCORD_APPLICATION_ID, /papers is registered, and in
// every channel with a digest the bot can see the channel and holds what its layout needs. The bot's permissions
// are computed as Discord does (server roles, owner, administrator, then the channel's overwrites), from REST reads
// only: nothing is posted or changed.
import { DiscordAPIError, HTTPError, PermissionFlagsBits, PermissionsBitField, REST, Routes } from 'discord.js';
import { z } from 'zod';
import { commands } from '../../../commands/index.js';
import type { Target } from '../../core/targets/target.js';
import {
  channelCoverage,
  checkEach,
  fail,
  ok,
  warn,
  type ChannelTargets,
  type CheckResult,
  type PlatformChecker,
} from '../../ops/doctor/check.js';
import { missingForDigest } from './access-recovery.js';
import { papersCommandPayload, ROOT_COMMAND } from './command-payload.js';

export interface DiscordDoctorOptions {
  token: string;
  applicationId: string;
  apiUrl: string;
  timeoutMs: number;
}

/** Channels read at once; Discord allows 50 requests a second for the whole bot. */
const PARALLEL_CHANNELS = 8;
/** Servers whose own /papers registration is looked at when it is not registered everywhere. */
const GUILD_COMMAND_CHECKS = 10;

const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

const snowflake = z.string().regex(/^\d{1,20}$/);
const bits = z.string().regex(/^\d+$/).transform(BigInt);
const userSchema = z.looseObject({ id: snowflake, username: z.string(), discriminator: z.string().optional() });
const applicationSchema = z.looseObject({ id: snowflake, name: z.string().optional() });
const commandsSchema = z.array(z.looseObject({ name: z.string(), options: z.array(z.looseObject({ name: z.string() })).optional() }));
const overwriteSchema = z.looseObject({ id: snowflake, type: z.union([z.literal(0), z.literal(1)]), allow: bits, deny: bits });
const channelSchema = z.looseObject({
  id: snowflake,
  name: z.string().nullish(),
  guild_id: snowflake.optional(),
  permission_overwrites: z.array(overwriteSchema).optional(),
});
const guildSchema = z.looseObject({
  id: snowflake,
  name: z.string().optional(),
  owner_id: snowflake,
  roles: z.array(z.looseObject({ id: snowflake, permissions: bits })),
});
const memberSchema = z.looseObject({ roles: z.array(snowflake) });

type Guild = z.infer<typeof guildSchema>;
type Channel = z.infer<typeof channelSchema>;

/** A REST failure as status and Discord's error code (null when no answer came: network, timeout). */
function failure(error: unknown): { status: number | null; code: number | string | null; text: string } {
  if (error instanceof DiscordAPIError) return { status: error.status, code: error.code, text: `${error.status} ${error.message}` };
  if (error instanceof HTTPError) return { status: error.status, code: null, text: `${error.status} ${error.message}` };
  return { status: null, code: null, text: error instanceof Error ? error.message : String(error) };
}

/** "SendMessagesInThreads" → "Send Messages In Threads". */
function spaced(flag: string): string {
  return flag.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** The bot's permissions in a channel, as Discord computes them. */
export function channelPermissions(guild: Guild, botId: string, memberRoles: readonly string[], channel: Channel): bigint {
  if (guild.owner_id === botId) return ALL_PERMISSIONS;
  let granted = 0n;
  for (const role of guild.roles) if (role.id === guild.id || memberRoles.includes(role.id)) granted |= role.permissions;
  if ((granted & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  const overwrites = channel.permission_overwrites ?? [];
  const everyone = overwrites.find((o) => o.type === 0 && o.id === guild.id);
  if (everyone !== undefined) granted = (granted & ~everyone.deny) | everyone.allow;
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && memberRoles.includes(o.id)) {
      roleAllow |= o.allow;
      roleDeny |= o.deny;
    }
  }
  granted = (granted & ~roleDeny) | roleAllow;
  const member = overwrites.find((o) => o.type === 1 && o.id === botId);
  if (member !== undefined) granted = (granted & ~member.deny) | member.allow;
  return granted;
}

export function discordChecker(options: DiscordDoctorOptions): PlatformChecker {
  const rest = new REST({ api: options.apiUrl, retries: 0, timeout: options.timeoutMs }).setToken(options.token);
  const read = async <T>(route: `/${string}`, schema: z.ZodType<T>): Promise<T> => schema.parse(await rest.get(route));
  return {
    area: 'discord',
    async check(channels) {
      let botId: string;
      let botName: string;
      try {
        const me = await read(Routes.user('@me'), userSchema);
        botId = me.id;
        botName = me.discriminator === undefined || me.discriminator === '0' ? me.username : `${me.username}#${me.discriminator}`;
      } catch (error) {
        return [tokenFailure(error, options.apiUrl)];
      }
      const results = [ok('discord', 'token', `logged in as ${botName} (user ${botId})`)];
      const [application, registered, ...channelResults] = await Promise.all([
        checkApplication(read, options.applicationId),
        checkRegistration(read, options.applicationId, channels.targets),
        checkChannels(read, botId, channels),
      ]);
      results.push(application, registered, ...channelResults.flat());
      return results;
    },
  };
}

type Read = <T>(route: `/${string}`, schema: z.ZodType<T>) => Promise<T>;

function tokenFailure(error: unknown, apiUrl: string): CheckResult {
  const { status, text } = failure(error);
  if (status === 401) {
    return fail(
      'discord',
      'token',
      'Discord refuses the token (401 Unauthorized)',
      'DISCORD_TOKEN is wrong or was reset: Developer Portal → Bot → Reset Token, then set DISCORD_TOKEN',
    );
  }
  return fail('discord', 'token', `Discord cannot be asked: ${text}`, `check DISCORD_API_URL (${apiUrl}), the network or a proxy`);
}

async function checkApplication(read: Read, applicationId: string): Promise<CheckResult> {
  try {
    const app = await read(Routes.currentApplication(), applicationSchema);
    if (app.id === applicationId)
      return ok('discord', 'application', `the token belongs to application ${app.id}${app.name === undefined ? '' : ` (${app.name})`}`);
    return fail(
      'discord',
      'application',
      `DISCORD_APPLICATION_ID is ${applicationId}, but the token belongs to application ${app.id}`,
      `set DISCORD_APPLICATION_ID=${app.id} (Developer Portal → General Information → Application ID), or use that application's token`,
    );
  } catch (error) {
    return fail(
      'discord',
      'application',
      `cannot be read: ${failure(error).text}`,
      'try again; if it persists, reset the token (Developer Portal → Bot)',
    );
  }
}

/** /papers registered everywhere, or at least in the servers that have digests; and with today's subcommands. */
async function checkRegistration(read: Read, applicationId: string, targets: readonly Target[]): Promise<CheckResult> {
  const expected = (papersCommandPayload(commands).options ?? []).map((o) => o.name).sort();
  const fix = 'run `papers register-commands` (add --guild ID for one server)';
  try {
    const global = (await read(Routes.applicationCommands(applicationId), commandsSchema)).find((c) => c.name === ROOT_COMMAND);
    let where = 'in every server';
    let found = global;
    if (found === undefined) {
      const guilds = [...new Set(targets.map((t) => t.workspace))].slice(0, GUILD_COMMAND_CHECKS);
      const perGuild = await Promise.all(
        guilds.map(async (g) => ({
          g,
          command: (await read(Routes.applicationGuildCommands(applicationId, g), commandsSchema)).find((c) => c.name === ROOT_COMMAND),
        })),
      );
      const registeredIn = perGuild.filter((p) => p.command !== undefined);
      found = registeredIn[0]?.command;
      where = `in ${registeredIn.length} of ${guilds.length} servers with digests (not everywhere)`;
    }
    if (found === undefined) return warn('discord', '/papers', 'not registered: nobody can use /papers', fix);
    const names = (found.options ?? []).map((o) => o.name).sort();
    if (names.join() !== expected.join()) {
      return warn('discord', '/papers', `registered ${where}, but with other subcommands (${names.join(', ')}) than this version's`, fix);
    }
    return ok('discord', '/papers', `registered ${where}, ${names.length} subcommands`);
  } catch (error) {
    return fail('discord', '/papers', `the registered commands cannot be read: ${failure(error).text}`, fix);
  }
}

async function checkChannels(read: Read, botId: string, channels: ChannelTargets): Promise<CheckResult[]> {
  const guilds = new Map<string, Promise<{ guild: Guild; roles: string[] }>>();
  const guildOf = (id: string) => {
    let entry = guilds.get(id);
    if (entry === undefined) {
      entry = Promise.all([read(Routes.guild(id), guildSchema), read(Routes.guildMember(id, botId), memberSchema)]).then(
        ([guild, member]) => ({
          guild,
          roles: member.roles,
        }),
      );
      // Looked at by each channel of the server; a failure is reported there, never left unhandled here.
      entry.catch(() => undefined);
      guilds.set(id, entry);
    }
    return entry;
  };
  // Each result goes in its target's place, whatever order the answers come in.
  const results = await checkEach(channels.targets, PARALLEL_CHANNELS, (target) => checkChannel(read, botId, target, guildOf));
  return [...results, ...channelCoverage('discord', channels)];
}

async function checkChannel(
  read: Read,
  botId: string,
  target: Target,
  guildOf: (id: string) => Promise<{ guild: Guild; roles: string[] }>,
): Promise<CheckResult> {
  let channel: Channel;
  let name = `channel ${target.address}`;
  const pausedNote = target.settings.paused
    ? target.pausedReason === null
      ? '; paused by a person'
      : `; paused by the bot: ${target.pausedReason}`
    : '';
  try {
    channel = await read(Routes.channel(target.address), channelSchema);
  } catch (error) {
    const { status, code, text } = failure(error);
    if (status === 403 || code === 50001) {
      return fail(
        'discord',
        name,
        `the bot cannot see this channel (Missing Access)${pausedNote}`,
        'give the bot (or its role) View Channel there: channel settings → Permissions',
      );
    }
    if (status === 404 || code === 10003) {
      return fail(
        'discord',
        name,
        `the channel was deleted (Unknown Channel)${pausedNote}`,
        `no digest can reach it; if it is gone on purpose, nothing needs doing, and \`papers topics --target discord:${target.workspace}:${target.address}\` lists the topics to unsubscribe`,
      );
    }
    return fail('discord', name, `cannot be read: ${text}`, 'try again; Discord may be having trouble');
  }
  if (channel.name !== undefined && channel.name !== null) name = `${name} (#${channel.name})`;
  let granted: bigint;
  try {
    const { guild, roles } = await guildOf(target.workspace);
    granted = channelPermissions(guild, botId, roles, channel);
  } catch (error) {
    const { status, text } = failure(error);
    if (status === 403 || status === 404) {
      return fail(
        'discord',
        name,
        `the bot is not in server ${target.workspace} any more`,
        'invite the bot again with the link in its log ("add the bot to a server with this link")',
      );
    }
    return fail('discord', name, `the server's roles cannot be read: ${text}`, 'try again; Discord may be having trouble');
  }
  const layout = target.settings.layout;
  const missing = missingForDigest(new PermissionsBitField(granted), layout).map(spaced);
  if (missing.length > 0) {
    const what = missing.join(', ');
    return fail(
      'discord',
      name,
      `the bot lacks ${what} (layout ${layout})${pausedNote}`,
      `give the bot (or its role) ${what} in this channel: channel settings → Permissions`,
    );
  }
  if (target.settings.paused && target.pausedReason !== null) {
    return warn(
      'discord',
      name,
      `can post (layout ${layout}), but the bot paused this digest: ${target.pausedReason}`,
      'use /papers in that channel (the bot then resumes it) or `/papers settings resume`',
    );
  }
  return ok('discord', name, `can post (layout ${layout})${pausedNote}`);
}
