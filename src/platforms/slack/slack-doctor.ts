// `papers doctor` for Slack: the bot token works and carries the manifest's scopes, the app-level token can open a
// Socket Mode connection, and every channel with a digest exists, is not archived and has the bot (or, public, can
// be joined). Reads only: nothing is posted, joined or changed.
//
// Its methods and what they need (test/platforms/slack/manifest.test.ts checks the manifest asks for them):
// auth.test (no scope), apps.connections.open (the app-level token's connections:write), conversations.info
// (channels:read, groups:read: an app installed before the manifest asked for them answers missing_scope, and the
// doctor then asks conversations.history, whose scopes the bot has had from the start).
import { readFileSync } from 'node:fs';
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { z } from 'zod';
import type { Target } from '../../core/targets/target.js';
import {
  channelCoverage,
  checkEach,
  errorText,
  fail,
  ok,
  warn,
  type ChannelTargets,
  type CheckResult,
  type PlatformChecker,
} from '../../ops/doctor/check.js';
import { slackClientOptions } from './slack-bot.js';
import { slackErrorCode } from './slack-messenger.js';
import { packageFile } from '../../package-root.js';

export interface SlackDoctorOptions {
  botToken: string;
  /** Socket Mode's app-level token; undefined in HTTP mode. */
  appToken?: string;
  apiUrl: string;
  timeoutMs: number;
  /** Where the signing secret's requests arrive in HTTP mode, for the report. */
  port: number;
}

/** Channels read at once: conversations.info is a tier 3 method (about 50 calls a minute). */
const PARALLEL_CHANNELS = 4;
const BAD_TOKEN = new Set(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed', 'token_expired', 'no_permission']);

const manifestSchema = z.looseObject({ oauth_config: z.looseObject({ scopes: z.looseObject({ bot: z.array(z.string()) }) }) });
const authSchema = z.looseObject({
  user: z.string().optional(),
  user_id: z.string(),
  team: z.string().optional(),
  team_id: z.string(),
  response_metadata: z.looseObject({ scopes: z.array(z.string()).optional() }).optional(),
});
const infoSchema = z.looseObject({
  channel: z.looseObject({
    name: z.string().optional(),
    is_private: z.boolean().optional(),
    is_member: z.boolean().optional(),
    is_archived: z.boolean().optional(),
  }),
});

/** The bot scopes slack/manifest.json asks for: what a correct install grants. */
export function manifestBotScopes(): string[] {
  return manifestSchema.parse(JSON.parse(readFileSync(packageFile('slack/manifest.json'), 'utf8'))).oauth_config.scopes.bot;
}

/** Slack's error code (`token_revoked`, `channel_not_found`), or the failure's message when Slack did not answer. */
function slackError(error: unknown): { code: string | null; text: string } {
  const code = slackErrorCode(error);
  return { code, text: code ?? errorText(error) };
}

/** The bot's own client settings (no retries, rate limits reported, the time limit), logging nothing. */
function client(token: string, options: SlackDoctorOptions): webApi.WebClient {
  return new webApi.WebClient(token, slackClientOptions(options.apiUrl, pino({ level: 'silent' }), options.timeoutMs));
}

export function slackChecker(options: SlackDoctorOptions): PlatformChecker {
  const bot = client(options.botToken, options);
  return {
    area: 'slack',
    async check(channels) {
      const [tokenResults, wayIn] = await Promise.all([checkBot(bot, options, channels), checkWayIn(options)]);
      return [...tokenResults, wayIn];
    },
  };
}

async function checkBot(bot: webApi.WebClient, options: SlackDoctorOptions, channels: ChannelTargets): Promise<CheckResult[]> {
  let auth: z.infer<typeof authSchema>;
  try {
    auth = authSchema.parse(await bot.apiCall('auth.test'));
  } catch (error) {
    const { code, text } = slackError(error);
    if (code !== null && BAD_TOKEN.has(code)) {
      return [
        fail(
          'slack',
          'bot token',
          `Slack refuses SLACK_BOT_TOKEN (${code})`,
          'reinstall the app (OAuth & Permissions → Reinstall to Workspace) and copy the new xoxb- token into SLACK_BOT_TOKEN',
        ),
      ];
    }
    return [
      fail('slack', 'bot token', `Slack cannot be asked: ${text}`, `check SLACK_API_URL (${options.apiUrl}), the network or a proxy`),
    ];
  }
  const results = [
    ok('slack', 'bot token', `works: ${auth.user ?? 'the bot'} (${auth.user_id}) in ${auth.team ?? 'the workspace'} (${auth.team_id})`),
  ];
  results.push(checkScopes(auth.response_metadata?.scopes));
  results.push(...(await checkChannels(bot, auth.team_id, channels)));
  return results;
}

function checkScopes(granted: string[] | undefined): CheckResult {
  const wanted = manifestBotScopes();
  if (granted === undefined) {
    return warn(
      'slack',
      'scopes',
      'Slack did not say which scopes the token has',
      `compare OAuth & Permissions → Bot Token Scopes with slack/manifest.json: ${wanted.join(', ')}`,
    );
  }
  const missing = wanted.filter((scope) => !granted.includes(scope));
  return missing.length === 0
    ? ok('slack', 'scopes', `all ${wanted.length} of the manifest's bot scopes granted`)
    : fail(
        'slack',
        'scopes',
        `missing ${missing.join(', ')}`,
        'add the scopes from slack/manifest.json (OAuth & Permissions → Bot Token Scopes) and reinstall the app',
      );
}

async function checkWayIn(options: SlackDoctorOptions): Promise<CheckResult> {
  if (options.appToken === undefined) {
    return ok(
      'slack',
      'HTTP mode',
      `Slack's requests to /slack/events on port ${options.port} are checked against SLACK_SIGNING_SECRET (only a request from Slack can prove it right)`,
    );
  }
  try {
    await client(options.appToken, options).apiCall('apps.connections.open');
    return ok('slack', 'app token', 'Socket Mode can connect');
  } catch (error) {
    const { code, text } = slackError(error);
    if (code !== null && (BAD_TOKEN.has(code) || code === 'not_allowed_token_type')) {
      return fail(
        'slack',
        'app token',
        `Slack refuses SLACK_APP_TOKEN for Socket Mode (${code})`,
        'Basic Information → App-Level Tokens: create a token with connections:write, set SLACK_APP_TOKEN to it (xapp-…), and make sure Socket Mode is on',
      );
    }
    return fail('slack', 'app token', `Socket Mode cannot be checked: ${text}`, `check SLACK_API_URL, the network or a proxy`);
  }
}

async function checkChannels(bot: webApi.WebClient, teamId: string, channels: ChannelTargets): Promise<CheckResult[]> {
  const elsewhere = channels.targets.filter((t) => t.workspace !== teamId);
  const here = channels.targets.filter((t) => t.workspace === teamId);
  // Once Slack says conversations.info needs a scope the app lacks, every channel is read through history instead.
  const mode = { history: false };
  const results = await checkEach(here, PARALLEL_CHANNELS, (target) => checkChannel(bot, target, mode));
  if (elsewhere.length > 0) {
    const teams = [...new Set(elsewhere.map((t) => t.workspace))].join(', ');
    results.push(
      fail(
        'slack',
        'workspaces',
        `${elsewhere.length} channel digests belong to workspace ${teams}, but this token is for ${teamId}: they are not sent`,
        "one process serves one Slack workspace; run another with that workspace's tokens, or leave them paused",
      ),
    );
  }
  return [...results, ...channelCoverage('slack', channels)];
}

async function checkChannel(bot: webApi.WebClient, target: Target, mode: { history: boolean }): Promise<CheckResult> {
  const id = target.address;
  if (!mode.history) {
    try {
      const { channel } = infoSchema.parse(await bot.apiCall('conversations.info', { channel: id }));
      const name = `channel ${id}${channel.name === undefined ? '' : ` (#${channel.name})`}`;
      if (channel.is_archived === true) {
        return fail(
          'slack',
          name,
          'the channel is archived',
          'unarchive it and `/papers settings resume` there, or leave the digest paused',
        );
      }
      if (channel.is_member !== true && channel.is_private === true) {
        return fail(
          'slack',
          name,
          'the bot is not in this private channel',
          '`/invite @papers` in that channel, then `/papers settings resume` there if it was paused',
        );
      }
      const membership =
        channel.is_member === true ? 'the bot is a member' : 'public; the bot joins by itself when it posts (channels:join)';
      return pausedOrOk(target, name, membership);
    } catch (error) {
      const { code } = slackError(error);
      if (code !== 'missing_scope') return channelFailure(target, `channel ${id}`, error);
      mode.history = true;
    }
  }
  try {
    await bot.apiCall('conversations.history', { channel: id, limit: 1 });
    return pausedOrOk(target, `channel ${id}`, 'the bot is a member');
  } catch (error) {
    if (slackError(error).code === 'not_in_channel') {
      return pausedOrOk(target, `channel ${id}`, 'public; the bot joins by itself when it posts (channels:join)');
    }
    return channelFailure(target, `channel ${id}`, error);
  }
}

function pausedOrOk(target: Target, name: string, membership: string): CheckResult {
  if (target.settings.paused && target.pausedReason !== null) {
    return warn(
      'slack',
      name,
      `${membership}, but the bot paused this digest: ${target.pausedReason}`,
      'once fixed, `/papers settings resume` in that channel',
    );
  }
  return ok('slack', name, `${membership}${target.settings.paused ? '; paused by a person' : ''}`);
}

function channelFailure(target: Target, name: string, error: unknown): CheckResult {
  const { code, text } = slackError(error);
  if (code === 'channel_not_found') {
    return fail(
      'slack',
      name,
      'not found: deleted, or private and the bot is not in it',
      `\`/invite @papers\` in that channel; if it was deleted, nothing needs doing (\`papers topics --target slack:${target.workspace}:${target.address}\` lists its topics)`,
    );
  }
  return fail('slack', name, `cannot be read: ${text}`, 'try again; Slack may be having trouble or asking the bot to slow down');
}
