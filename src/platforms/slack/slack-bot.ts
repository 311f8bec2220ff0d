// The Slack front end: a Bolt app in Socket Mode (no public URL) or behind its HTTP receiver, translating
// `/papers …` into the shared command dispatcher and its replies into Slack responses. Every command is
// acknowledged within Slack's 3 s: with the answer when it is ready in time, otherwise at once, and the answer
// follows through response_url. Nothing here decides anything a user can do.
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { CommandCaller, CommandContext, CommandReply } from '../../../commands/command.js';
import { runCommand, runCommandText } from '../../../commands/dispatch.js';
import { findCommand } from '../../../commands/index.js';
import type { Store } from '../../store/database.js';
import { appHome } from './app-home.js';
import { SIMILAR_ACTION } from './digest-blocks.js';
import { slackLogger } from './slack-logger.js';
import { slackErrorCode, slackMessenger, type SlackMessenger } from './slack-messenger.js';
import { channelManagers } from './slack-permissions.js';
import { slackRecovery, slackResumeHint, type ChannelChange } from './slack-recovery.js';
import { slackResponse } from './slack-replies.js';

export interface SlackBotOptions {
  botToken: string;
  /** Socket Mode when set (xapp-…); otherwise the HTTP receiver, which needs the signing secret. */
  appToken?: string;
  signingSecret?: string;
  /** Web API base as WebClient's slackApiUrl (with its trailing slash). */
  apiUrl: string;
  /** HTTP mode: where /slack/events listens (0: any free port), and on which address (default 127.0.0.1). */
  port?: number;
  host?: string;
  store: Store;
  logger: Logger;
  now: () => Date;
  /** Users who may change any channel's digest besides workspace admins and owners. */
  admins?: readonly string[];
  /** Anyone may change a channel's digest. */
  anyoneManages?: boolean;
  /** An answer not ready after this long is acknowledged first and sent through response_url. 0: always. */
  ackAfterMs?: number;
  /** Least time between two posts to one channel. */
  channelIntervalMs?: number;
  /** A Web API call not answered in this long is given up (the ledger retries the digest). */
  requestTimeoutMs?: number;
  /** Told when the Socket Mode connection comes up or goes down (the bot reconnects by itself). */
  onConnectionChange?: (connected: boolean) => void;
  /** Told about every command answered: its log line and latency metric. */
  onHandled?: CommandContext['onHandled'];
  /** Told when Slack asks the bot to wait (429, Retry-After). */
  onRateLimited?: () => void;
  /**
   * Told once an event that may resume a paused digest was handled (member_joined_channel, channel_unarchive,
   * group_unarchive), with whether it resumed one: for tests, which cannot see an event's listener finish.
   */
  onChannelEvent?: (handled: { event: string; channel: string; resumed: boolean }) => void;
  /** HTTP mode: more routes on the same listener (health and metrics). */
  customRoutes?: { path: string; method: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void }[];
}

export interface SlackBot {
  app: App;
  client: webApi.WebClient;
  messenger: SlackMessenger;
  /** HTTP mode: the port /slack/events listens on. */
  port: number | null;
  /** Socket Mode: the socket is open and Slack said hello; HTTP mode: the listener is up. For /readyz. */
  isConnected(): boolean;
  stop(): Promise<void>;
}

export const DEFAULT_ACK_AFTER_MS = 2000;
export const SLACK_EVENTS_PATH = '/slack/events';
const MANAGE_PERMISSION = 'a workspace admin or owner (or someone the operator lists in SLACK_ADMINS)';

/** Slack's Web API answers in well under a second; one that hangs must not hold a send (and its tick) forever. */
export const DEFAULT_SLACK_TIMEOUT_MS = 15_000;

/** The Web API client's options for every call the bot makes (and `papers doctor`, with a silent logger). */
export function slackClientOptions(apiUrl: string, logger: Logger, timeoutMs: number) {
  // Retries are ours: rate limits are waited out by the messenger, and everything else goes back to the ledger,
  // so the client never repeats a post on its own.
  return {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: slackLogger(logger),
  };
}

/** Thrown at start when Slack refuses the bot token or cannot be reached: the bot cannot run on Slack. */
export class SlackStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackStartError';
  }
}

/** The bot's own ids, from auth.test; also proves the token works before anything listens. */
async function whoAmI(client: webApi.WebClient): Promise<{ botId: string; botUserId: string }> {
  let answer: webApi.AuthTestResponse;
  try {
    answer = await client.auth.test();
  } catch (error) {
    const code = slackErrorCode(error);
    throw new SlackStartError(
      code !== null
        ? `Slack refuses SLACK_BOT_TOKEN (${code}); papers doctor says how to fix it`
        : `Slack cannot be reached at SLACK_API_URL: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (answer.user_id === undefined || answer.bot_id === undefined)
    throw new SlackStartError('Slack did not say who the bot is (auth.test)');
  return { botId: answer.bot_id, botUserId: answer.user_id };
}

export async function startSlackBot(options: SlackBotOptions): Promise<SlackBot> {
  const { logger } = options;
  const boltLogger = slackLogger(logger);
  const receiver =
    options.appToken !== undefined
      ? new SocketModeReceiver({
          appToken: options.appToken,
          logger: boltLogger,
          // The only way to point the Socket Mode client's apps.connections.open at another Web API base.
          installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } },
        })
      : new HTTPReceiver({
          signingSecret: options.signingSecret ?? '',
          endpoints: SLACK_EVENTS_PATH,
          customRoutes: options.customRoutes ?? [],
          logger: boltLogger,
          // Answered after the listener acks; unacknowledged requests are dropped by Slack after 3 s anyway.
          unhandledRequestTimeoutMillis: 3001,
        });
  // Socket Mode's client says when Slack greets it, and when the socket closes or a reconnect begins.
  let connected = false;
  if (receiver instanceof SocketModeReceiver) {
    const socket = receiver.client;
    const changed = (now: boolean) => {
      if (now === connected) return;
      connected = now;
      logger.info(
        { event: now ? 'slack.connected' : 'slack.disconnected' },
        now ? 'slack socket connected' : 'slack socket lost; reconnecting',
      );
      options.onConnectionChange?.(now);
    };
    socket.on('connected', () => changed(true));
    for (const state of ['close', 'reconnecting', 'disconnected']) socket.on(state, () => changed(false));
  }
  const webOptions = slackClientOptions(options.apiUrl, logger, options.requestTimeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS);
  const identity = await whoAmI(new webApi.WebClient(options.botToken, webOptions));
  const app = new App({
    token: options.botToken,
    // Bolt would otherwise start its own auth.test and leave its rejection unhandled when Slack cannot be reached.
    botId: identity.botId,
    botUserId: identity.botUserId,
    receiver,
    logger: boltLogger,
    clientOptions: webOptions,
  });
  const managers = channelManagers({
    client: app.client,
    admins: options.admins ?? [],
    anyone: options.anyoneManages ?? false,
    now: options.now,
  });
  const messenger = slackMessenger({
    client: app.client,
    channelIntervalMs: options.channelIntervalMs,
    ...(options.onRateLimited === undefined ? {} : { onRateLimited: options.onRateLimited }),
  });
  const ackAfterMs = options.ackAfterMs ?? DEFAULT_ACK_AFTER_MS;

  const callerOf = async (teamId: string, channelId: string, userId: string): Promise<CommandCaller> => ({
    platform: 'slack',
    workspace: teamId,
    channel: channelId,
    user: userId,
    canManageChannel: await managers.canManage(userId, channelId),
    managePermissionName: MANAGE_PERMISSION,
  });
  const contextFor = async (teamId: string, channelId: string, userId: string): Promise<CommandContext> => ({
    store: options.store,
    now: options.now,
    caller: await callerOf(teamId, channelId, userId),
    resumeHint: slackResumeHint,
    ...(options.onHandled === undefined ? {} : { onHandled: options.onHandled }),
  });

  app.command('/papers', async ({ command, ack, respond }) => {
    const work: Promise<CommandReply> = (async () => {
      try {
        return await runCommandText(await contextFor(command.team_id, command.channel_id, command.user_id), command.text);
      } catch (error) {
        logger.error({ err: error, user: command.user_id, channel: command.channel_id }, 'slack command failed');
        return { text: 'Something went wrong on our side; please try again in a minute.', ephemeral: true };
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ackAfterMs)));
    const first = ackAfterMs <= 0 ? 'late' : await Promise.race([work, late]);
    clearTimeout(timer);
    if (first !== 'late') {
      await ack(slackResponse(first));
      return;
    }
    await ack();
    await respond({ ...slackResponse(await work), replace_original: false });
  });

  // A Similar button (on a search or similar answer, or a digest paper): the papers most like that one, for whoever
  // pressed it only, as a new ephemeral message (the message with the button stays as it was). Acknowledged at once;
  // the answer goes through the press's response_url.
  app.action(SIMILAR_ACTION, async ({ ack, body, action, respond, context }) => {
    await ack();
    const paperId = 'value' in action && typeof action.value === 'string' ? action.value : '';
    const userId = body.user.id;
    const channelId = ('channel' in body ? body.channel?.id : undefined) ?? '';
    let reply: CommandReply;
    try {
      const similar = findCommand('similar');
      reply =
        similar === undefined
          ? { text: 'This button no longer works; try /papers similar.', ephemeral: true }
          : await runCommand(await contextFor(context.teamId ?? body.team?.id ?? '', channelId, userId), similar, { to: paperId });
    } catch (error) {
      logger.error({ err: error, user: userId, channel: channelId }, 'slack similar button failed');
      reply = { text: 'Something went wrong on our side; please try again in a minute.', ephemeral: true };
    }
    try {
      await respond({ ...slackResponse({ ...reply, ephemeral: true }), replace_original: false });
    } catch (error) {
      logger.error({ err: error, user: userId, channel: channelId }, 'could not answer a slack similar button');
    }
  });

  // The bot invited back into a channel, or a channel unarchived: a digest the bot paused for that resumes.
  const recovery = slackRecovery({ store: options.store, logger, now: options.now, tell: (userId, text) => messenger.tell(userId, text) });
  const channelEvent = async (event: string, teamId: string | undefined, channel: string, change: ChannelChange | null) => {
    let resumed = false;
    try {
      if (change !== null && teamId !== undefined) resumed = (await recovery.channelChanged(teamId, channel, change)) !== null;
    } catch (error) {
      logger.error({ err: error, channel }, 'could not check whether a paused digest can resume');
    }
    options.onChannelEvent?.({ event, channel, resumed });
  };
  // Bolt drops events about the bot's own user, but keeps member_joined_channel (ignoreSelf).
  app.event('member_joined_channel', ({ event, context }) =>
    channelEvent(event.type, context.teamId, event.channel, event.user === identity.botUserId ? 'bot-joined' : null),
  );
  app.event('channel_unarchive', ({ event, context }) => channelEvent(event.type, context.teamId, event.channel, 'unarchived'));
  app.event('group_unarchive', ({ event, context }) => channelEvent(event.type, context.teamId, event.channel, 'unarchived'));

  const home = appHome({ store: options.store, now: options.now, logger, contextFor, client: app.client });
  home.register(app);

  app.error(async (error) => {
    logger.error({ err: error }, 'slack app error');
    return Promise.resolve();
  });

  let port: number | null = null;
  if (receiver instanceof HTTPReceiver) {
    const server = (await app.start({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' })) as Server;
    port = (server.address() as AddressInfo).port;
    connected = true;
  } else {
    await app.start();
  }
  return {
    app,
    client: app.client,
    messenger,
    port,
    isConnected: () => connected,
    async stop() {
      await app.stop();
      connected = false;
    },
  };
}
