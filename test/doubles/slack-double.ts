// A local stand-in for Slack: the Web API (`POST /api/<method>`), response_urls and the Socket Mode WebSocket on
// 127.0.0.1, speaking the protocol well enough that the real @slack/web-api WebClient and Bolt's SocketModeReceiver
// talk to it unchanged. The WebClient sends form-encoded bodies (objects such as `blocks` as JSON strings inside the
// form), a Bearer token, and treats only 200 and 429 as meaningful statuses; the socket-mode client asks
// apps.connections.open for a URL with the app-level token, waits for `hello`, acks each envelope with
// `{ envelope_id, payload }` and pings with WebSocket ping frames. Every Web API call is recorded, and a test can
// wait for the one it expects; faults (lost access, revoked tokens, 429s, 500s) are injected per method or channel.
import { createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { manifestBotScopes } from '../../src/platforms/slack/slack-doctor.js';
import { createRequestLog, listenOnLoopback } from './loopback-server.js';

export interface SlackDoubleChannel {
  id: string;
  name: string;
  /** Default false: a public channel. */
  isPrivate?: boolean;
  /** Whether the bot is in the channel; default true. */
  isMember?: boolean;
  isArchived?: boolean;
}

export interface SlackDoubleUser {
  id: string;
  name?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
}

export interface SlackDoubleOptions {
  teamId: string;
  botUserId: string;
  /** The xoxb- token every Web API call but apps.connections.open must carry. */
  botToken: string;
  /** The xapp- token apps.connections.open must carry. */
  appToken: string;
  channels: SlackDoubleChannel[];
  users: SlackDoubleUser[];
  /**
   * The bot token's scopes, as Slack reports them in the `x-oauth-scopes` header of every call the bot token makes;
   * default: the bot scopes slack/manifest.json asks for.
   */
  scopes?: string[];
  /**
   * When true, conversations.info answers missing_scope unless `scopes` has channels:read (public channels) or
   * groups:read (private ones), as Slack does. Off by default: no other method checks scopes.
   */
  enforceReadScopes?: boolean;
}

/**
 * A Web API call as the double understood it. Form fields Slack types as JSON (`blocks`, `metadata`, `view`, ...)
 * are parsed, boolean flags (`unfurl_links`, `include_all_metadata`, ...) are booleans; everything else is as sent.
 */
export interface SlackApiRequest {
  method: string;
  body: Record<string, unknown>;
  /** From `Authorization: Bearer`, else a form body's `token` field (Slack ignores `token` inside JSON bodies). */
  token: string | undefined;
}

export type SlackBlock = Record<string, unknown>;

export interface SlackMessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** A message as chat.postMessage received it, with the channel (a DM's id when posted to a user) and ts Slack gave it. */
export interface SlackPostedMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: SlackBlock[];
  thread_ts?: string;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
  metadata?: SlackMessageMetadata;
}

export interface SlackEphemeralMessage {
  channel: string;
  user: string;
  message_ts: string;
  text?: string;
  blocks?: SlackBlock[];
  thread_ts?: string;
}

export interface SlackMessageUpdate {
  channel: string;
  ts: string;
  text?: string;
  blocks?: SlackBlock[];
}

export interface PublishedView {
  user_id: string;
  view: Record<string, unknown>;
}

/** A post to a response_url that Slack accepted. */
export interface ResponseUrlPost {
  id: string;
  /** As sent: `{ text, blocks, response_type, replace_original, delete_original, thread_ts }`. */
  body: Record<string, unknown>;
}

/** What the socket-mode client sent back for an envelope (the real client always sends `payload`, `{}` for a bare ack). */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** The fields Slack sends for a slash command, over HTTP (form-encoded) or as a slash_commands envelope's payload. */
export type SlashCommandPayload = {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: 'false';
  response_url: string;
  trigger_id: string;
};

export interface SlackDouble {
  /** The Web API base as WebClient's `slackApiUrl` takes it: `${origin}/api/`. */
  apiUrl: string;
  /** http://127.0.0.1:PORT, no trailing slash. */
  origin: string;
  /** Every Web API call, in order, including the ones answered with errors, 429 or 500. */
  readonly requests: SlackApiRequest[];
  /** Resolves with the first call (from now on or already recorded) that matches. */
  waitForRequest(match: (request: SlackApiRequest) => boolean): Promise<SlackApiRequest>;
  /** Messages chat.postMessage accepted, in order, as they were posted (chat.update does not change them). */
  readonly posted: SlackPostedMessage[];
  readonly ephemeral: SlackEphemeralMessage[];
  readonly updates: SlackMessageUpdate[];
  readonly publishedViews: PublishedView[];
  /** Calls answered with 429 (by `rateLimit` or the channel pace), in order. */
  readonly rateLimited: SlackApiRequest[];
  /** The DM channel id conversations.open gave a user, once the bot opened one. */
  dmChannelOf(userId: string): string | undefined;

  /** From now on chat.postMessage to this channel answers `{ ok: false, error }` (e.g. not_in_channel). */
  failChannel(channelId: string, error: string): void;
  /** Archives a channel: posting there answers is_archived. */
  archiveChannel(channelId: string): void;
  unarchiveChannel(channelId: string): void;
  /** Removes a channel: every method answers channel_not_found for it. */
  deleteChannel(channelId: string): void;
  /** Takes the bot out of a channel: posting there answers not_in_channel until conversations.join. */
  removeBotFrom(channelId: string): void;
  /** Every later call with the bot token answers token_revoked (the app was uninstalled). */
  revokeToken(): void;
  /** Every later call with the bot token answers account_inactive (the bot user was deactivated). */
  deactivate(): void;
  /** The next `times` calls of `method` (`*`: any method) answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(method: string, times: number, retryAfterSeconds: number): void;
  /** The next `times` calls of `method` (`*`: any method) answer HTTP 500 and do nothing. */
  serverError(method: string, times: number): void;
  /** The next `times` calls of `method` (`*`: any) are never answered, and do nothing. */
  hang(method: string, times: number): void;
  /** The next `times` successful calls of `method` (`*`: any) take effect but are answered with HTTP 500. */
  loseAnswers(method: string, times: number): void;
  /** When on, a second chat.postMessage to a channel within a second answers 429 with Retry-After 1, as Slack paces. */
  enforceChannelPace(on: boolean): void;

  /** A response_url the double serves: `${origin}/response/<id>`; a fresh id when none is given. */
  responseUrl(id?: string): string;
  /** Posts response_urls accepted, in order (at most 5 per URL; the sixth answers 404 used_url). */
  readonly responses: ResponseUrlPost[];
  waitForResponse(match: (response: ResponseUrlPost) => boolean): Promise<ResponseUrlPost>;

  /**
   * Resolves once a Socket Mode client has connected and been sent `hello`. This is the double's side: the client
   * may not have read `hello` yet. Before stopping a client that is still connecting (Bolt's client then rejects
   * its reconnect promise with nothing to catch it), wait for the client's own `connected` event.
   */
  connected: Promise<void>;
  /** Socket Mode connections that have been sent `hello` so far, reconnections included. */
  readonly connections: number;
  /** Resolves once at least `count` connections have been sent `hello` (use 2 to wait for a reconnect). */
  waitForConnections(count: number): Promise<void>;
  /** WebSocket ping frames received from clients (the double's `ws` server answers each with a pong). */
  readonly pings: number;
  /**
   * Sends a slash_commands envelope to the newest connection (or the next one, if none is open) and resolves with
   * the client's ack; rejects if that connection closes before the ack arrives.
   */
  sendSlashCommand(payload: Record<string, string>): Promise<SocketAck>;
  /** Sends an events_api envelope around `event` (an event_callback); resolves with the ack. */
  sendEvent(event: Record<string, unknown> & { type: string }): Promise<SocketAck>;
  /** Sends an interactive envelope (a block_actions payload, see blockActionsPayload); resolves with the ack. */
  sendInteractive(payload: Record<string, unknown>): Promise<SocketAck>;
  /** Every ack received, in order. */
  readonly acks: SocketAck[];
  /** Terminates every Socket Mode connection abruptly, as a network failure would (no close frame). */
  dropConnections(): void;
  /**
   * Asks every client to reconnect, as Slack does every few hours: `{ type: 'disconnect', reason: 'refresh_requested' }`.
   * Envelopes sent until a client connects again wait for that connection.
   */
  requestRefresh(): void;
  close(): Promise<void>;
}

export const DOUBLE_APP_ID = 'A000DOUBLE';
export const DOUBLE_TEAM_DOMAIN = 'double';
/** The deprecated verification token Slack still puts into every payload. */
export const DOUBLE_VERIFICATION_TOKEN = 'double-verification-token';

const API_PREFIX = '/api/';
const RESPONSE_PREFIX = '/response/';
const SOCKET_PATH = '/socket';
/** Slack lets a response_url be used five times (within 30 minutes, not modelled). */
const RESPONSE_URL_USES = 5;
/** Slack sends its own pings; a client that has seen one disconnects if the next does not come within 30 s. */
const SERVER_PING_INTERVAL_MS = 10_000;
/** How long close() waits for clients to finish the WebSocket close handshake before cutting them off. */
const CLOSE_GRACE_MS = 500;
const JSON_TYPE = 'application/json; charset=utf-8';
/** Fields Slack types as JSON: the WebClient serialises any object into a JSON string inside the form. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view', 'unfurls', 'user_auth_blocks']);
/** Flags a form carries as 'true'/'false' (or 1/0) and Slack reads as booleans. */
const BOOLEAN_FIELDS = new Set([
  'unfurl_links',
  'unfurl_media',
  'include_all_metadata',
  'inclusive',
  'reply_broadcast',
  'mrkdwn',
  'link_names',
  'as_user',
  'return_im',
  'prevent_creation',
  'replace_original',
  'delete_original',
]);

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': JSON_TYPE, ...headers }).end(JSON.stringify(body));
}

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON-typed fields and boolean flags, whether they came as form strings or inside a JSON body. */
function normalize(fields: Iterable<[string, unknown]>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of fields) {
    if (JSON_FIELDS.has(key) && typeof value === 'string') {
      try {
        body[key] = JSON.parse(value) as unknown;
      } catch {
        // Kept as sent: the method then answers invalid_blocks_format (or similar), as Slack would.
        body[key] = value;
      }
    } else if (BOOLEAN_FIELDS.has(key) && typeof value === 'string') {
      body[key] = value === 'true' || value === '1';
    } else {
      body[key] = value;
    }
  }
  return body;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function flag(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Drops undefined fields, so records compare equal to what was sent whether a field was absent or undefined. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function textOf(object: unknown): string | undefined {
  return isRecord(object) ? str(object.text) : undefined;
}

/**
 * Slack's own Block Kit limits, as its reference gives them (written here, not taken from the bot: the double must
 * refuse what Slack refuses, whatever the bot believes).
 */
const BLOCK_KIT = {
  messageBlocks: 50,
  /** Home tabs and modals. */
  viewBlocks: 100,
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  /** Any text object (a context element's text, for one). */
  text: 3000,
  buttonText: 75,
  buttonUrl: 3000,
  buttonValue: 2000,
  actionId: 255,
  imageUrl: 3000,
  altText: 2000,
} as const;

/**
 * What Slack refuses in a list of blocks, as the messages of its `invalid_blocks` answer (`must be less than 26
 * items [json-pointer:/blocks/0/elements]`); empty when Slack takes them. `pointer` is where the list sits in the
 * request (`/blocks`, or `/view/blocks` for a view). Lengths are counted in UTF-16 code units, as JavaScript's
 * `length` does.
 */
function blockKitErrors(blocks: unknown[], maxBlocks: number, pointer: string): string[] {
  const errors: string[] = [];
  const at = (path: string) => `[json-pointer:${pointer}${path}]`;
  const items = (list: unknown, max: number, path: string) => {
    if (Array.isArray(list) && list.length > max) errors.push(`must be less than ${max + 1} items ${at(path)}`);
  };
  const chars = (value: unknown, max: number, path: string) => {
    const text = str(value);
    if (text !== undefined && text.length > max) errors.push(`must be less than ${max + 1} characters ${at(path)}`);
  };
  /** A button or an image, inside an actions or context block or as a section's accessory. */
  const element = (value: unknown, path: string) => {
    if (!isRecord(value)) return;
    if (value.type === 'button') {
      chars(textOf(value.text), BLOCK_KIT.buttonText, `${path}/text/text`);
      chars(value.url, BLOCK_KIT.buttonUrl, `${path}/url`);
      chars(value.value, BLOCK_KIT.buttonValue, `${path}/value`);
      chars(value.action_id, BLOCK_KIT.actionId, `${path}/action_id`);
    } else if (value.type === 'image') {
      chars(value.image_url, BLOCK_KIT.imageUrl, `${path}/image_url`);
      chars(value.alt_text, BLOCK_KIT.altText, `${path}/alt_text`);
    } else if (value.type === 'mrkdwn' || value.type === 'plain_text') {
      chars(value.text, BLOCK_KIT.text, `${path}/text`);
    }
  };
  items(blocks, maxBlocks, '');
  for (const [i, block] of blocks.entries()) {
    if (!isRecord(block) || typeof block.type !== 'string') {
      errors.push(`failed to match all allowed schemas ${at(`/${i}`)}`);
      continue;
    }
    chars(block.block_id, BLOCK_KIT.blockId, `/${i}/block_id`);
    const elements = Array.isArray(block.elements) ? (block.elements as unknown[]) : [];
    if (block.type === 'section') {
      const text = textOf(block.text);
      const fields = Array.isArray(block.fields) ? (block.fields as unknown[]) : undefined;
      if (text === undefined && fields === undefined) errors.push(`failed to match all allowed schemas ${at(`/${i}`)}`);
      if (text === '') errors.push(`must be more than 0 characters ${at(`/${i}/text/text`)}`);
      chars(text, BLOCK_KIT.sectionText, `/${i}/text/text`);
      items(fields, BLOCK_KIT.sectionFields, `/${i}/fields`);
      for (const [j, field] of (fields ?? []).entries()) chars(textOf(field), BLOCK_KIT.fieldText, `/${i}/fields/${j}/text`);
      element(block.accessory, `/${i}/accessory`);
    } else if (block.type === 'header') {
      chars(textOf(block.text), BLOCK_KIT.headerText, `/${i}/text/text`);
    } else if (block.type === 'context') {
      items(elements, BLOCK_KIT.contextElements, `/${i}/elements`);
      for (const [j, value] of elements.entries()) element(value, `/${i}/elements/${j}`);
    } else if (block.type === 'actions') {
      items(elements, BLOCK_KIT.actionsElements, `/${i}/elements`);
      for (const [j, value] of elements.entries()) element(value, `/${i}/elements/${j}`);
    } else if (block.type === 'image') {
      element(block, `/${i}`);
    }
  }
  return errors;
}

/**
 * Slack's answer to blocks it refuses: `invalid_blocks_format` when they are not a list, else `error` (a message
 * method's `invalid_blocks`, a view's `invalid_arguments`) with each problem in `errors` and, marked `[ERROR]`, in
 * `response_metadata.messages`. Null when the blocks (or their absence) are fine.
 */
function blocksRefusal(
  blocks: unknown,
  where: { maxBlocks: number; pointer: string; error: string } = {
    maxBlocks: BLOCK_KIT.messageBlocks,
    pointer: '/blocks',
    error: 'invalid_blocks',
  },
): ApiAnswer | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks)) return fail('invalid_blocks_format');
  const errors = blockKitErrors(blocks as unknown[], where.maxBlocks, where.pointer);
  if (errors.length === 0) return null;
  return { ...fail(where.error), errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } };
}

function metadataError(metadata: unknown): string | null {
  if (metadata === undefined) return null;
  if (!isRecord(metadata) || typeof metadata.event_type !== 'string' || !isRecord(metadata.event_payload)) return 'invalid_metadata_format';
  return null;
}

/** The fields Slack sends for `/papers` (or `command`), as an HTTP receiver or a slash_commands envelope gets them. */
export function slashCommandPayload(input: {
  teamId: string;
  channelId: string;
  channelName?: string;
  userId: string;
  userName?: string;
  text: string;
  responseUrl: string;
  triggerId?: string;
  command?: string;
}): SlashCommandPayload {
  return {
    token: DOUBLE_VERIFICATION_TOKEN,
    team_id: input.teamId,
    team_domain: DOUBLE_TEAM_DOMAIN,
    channel_id: input.channelId,
    // What Slack calls a DM in this field.
    channel_name: input.channelName ?? (input.channelId.startsWith('D') ? 'directmessage' : 'general'),
    user_id: input.userId,
    user_name: input.userName ?? `user-${input.userId.toLowerCase()}`,
    command: input.command ?? '/papers',
    text: input.text,
    api_app_id: DOUBLE_APP_ID,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? `${Date.now()}.${randomUUID().slice(0, 8)}`,
  };
}

/** A block_actions payload for a button press, as sendInteractive (or an HTTP receiver, as `payload=`) gets it. */
export function blockActionsPayload(input: {
  teamId: string;
  channelId: string;
  userId: string;
  actionId: string;
  value?: string;
  blockId?: string;
  responseUrl: string;
  messageTs?: string;
  triggerId?: string;
}): Record<string, unknown> {
  const actionTs = `${(Date.now() / 1000).toFixed(6)}`;
  return {
    type: 'block_actions',
    user: {
      id: input.userId,
      username: `user-${input.userId.toLowerCase()}`,
      name: `user-${input.userId.toLowerCase()}`,
      team_id: input.teamId,
    },
    api_app_id: DOUBLE_APP_ID,
    token: DOUBLE_VERIFICATION_TOKEN,
    container: { type: 'message', message_ts: input.messageTs ?? actionTs, channel_id: input.channelId, is_ephemeral: false },
    trigger_id: input.triggerId ?? `${Date.now()}.${randomUUID().slice(0, 8)}`,
    team: { id: input.teamId, domain: DOUBLE_TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channelId, name: input.channelId.startsWith('D') ? 'directmessage' : 'general' },
    response_url: input.responseUrl,
    actions: [
      compact({
        type: 'button',
        action_id: input.actionId,
        block_id: input.blockId ?? 'actions',
        value: input.value,
        text: { type: 'plain_text', text: input.actionId, emoji: true },
        action_ts: actionTs,
      }),
    ],
    state: { values: {} },
  };
}

/** URL-encodes a payload as Slack posts it to an HTTP receiver (`application/x-www-form-urlencoded`). */
export function formBody(payload: Record<string, string>): string {
  return new URLSearchParams(payload).toString();
}

/** The `X-Slack-Signature` Slack puts on a request: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function slackSignature(signingSecret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

interface ChannelState {
  id: string;
  name: string;
  isPrivate: boolean;
  isMember: boolean;
  isArchived: boolean;
  /** The other person, for a DM opened by conversations.open. */
  imUser?: string;
}

/** A message in a channel's history: as posted, then as chat.update left it. */
interface StoredMessage {
  ts: string;
  text?: string;
  blocks?: SlackBlock[];
  thread_ts?: string;
  metadata?: SlackMessageMetadata;
}

interface Envelope {
  envelope_id: string;
  type: string;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

interface PendingAck {
  envelope: Envelope;
  socket: WebSocket | undefined;
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
}

type ApiAnswer = Record<string, unknown>;

const fail = (error: string): ApiAnswer => ({ ok: false, error });

export async function startSlackDouble(options: SlackDoubleOptions): Promise<SlackDouble> {
  const botId = `B${options.botUserId.replace(/^[UW]/, '')}`;
  const log = createRequestLog<SlackApiRequest>();
  const responseLog = createRequestLog<ResponseUrlPost>();
  const channels = new Map<string, ChannelState>(
    options.channels.map((c) => [
      c.id,
      { id: c.id, name: c.name, isPrivate: c.isPrivate ?? false, isMember: c.isMember ?? true, isArchived: c.isArchived ?? false },
    ]),
  );
  const users = new Map(options.users.map((u) => [u.id, u]));
  const dmChannels = new Map<string, string>();
  const history = new Map<string, StoredMessage[]>();
  const posted: SlackPostedMessage[] = [];
  const ephemeral: SlackEphemeralMessage[] = [];
  const updates: SlackMessageUpdate[] = [];
  const publishedViews: PublishedView[] = [];
  const rateLimited: SlackApiRequest[] = [];
  const channelFailures = new Map<string, string>();
  const rateLimits = new Map<string, { times: number; seconds: number }>();
  const serverErrors = new Map<string, { times: number }>();
  const lostAnswers = new Map<string, { times: number }>();
  const hangs = new Map<string, { times: number }>();
  const responseUses = new Map<string, number>();
  /** When each channel last accepted a chat.postMessage, for the ~1 message per second per channel pace. */
  const lastPostAt = new Map<string, number>();
  let paceEnforced = false;
  let revoked = false;
  let inactive = false;
  const scopes = options.scopes ?? manifestBotScopes();
  let responseIds = 0;
  let lastTsMicros = 0;

  /** Slack's ts: seconds and microseconds, unique and increasing; the double keeps them near the wall clock. */
  const nextTs = (): string => {
    lastTsMicros = Math.max(Date.now() * 1000, lastTsMicros + 100);
    return `${Math.floor(lastTsMicros / 1_000_000)}.${String(lastTsMicros % 1_000_000).padStart(6, '0')}`;
  };

  const openDm = (userId: string): ChannelState => {
    const existing = dmChannels.get(userId);
    const known = existing === undefined ? undefined : channels.get(existing);
    if (known !== undefined) return known;
    // Stable per user, so a test can predict it and a reopened DM keeps its id.
    const dm: ChannelState = {
      id: `D${userId.replace(/^[UW]/, '')}`,
      name: userId,
      isPrivate: true,
      isMember: true,
      isArchived: false,
      imUser: userId,
    };
    channels.set(dm.id, dm);
    dmChannels.set(userId, dm.id);
    return dm;
  };

  /** A channel id, or a user id (posting to a user posts into the bot's DM with them, as Slack does). */
  const resolveChannel = (id: string | undefined): ChannelState | undefined => {
    if (id === undefined) return undefined;
    if (users.has(id)) return openDm(id);
    return channels.get(id);
  };

  /** Why the bot may not write to a channel, or null. DMs the bot opened are always writable. */
  const writeRefusal = (channel: ChannelState | undefined): string | null => {
    if (channel === undefined) return 'channel_not_found';
    if (channel.isArchived) return 'is_archived';
    if (channel.imUser === undefined && !channel.isMember) return 'not_in_channel';
    return null;
  };

  const channelInfo = (channel: ChannelState) =>
    channel.imUser !== undefined
      ? { id: channel.id, is_im: true, user: channel.imUser, is_member: true, is_archived: false, is_org_shared: false }
      : {
          id: channel.id,
          name: channel.name,
          is_channel: !channel.isPrivate,
          is_group: channel.isPrivate,
          is_im: false,
          is_mpim: false,
          is_private: channel.isPrivate,
          is_member: channel.isMember,
          is_archived: channel.isArchived,
          is_general: false,
          is_shared: false,
          is_ext_shared: false,
          is_org_shared: false,
          context_team_id: options.teamId,
          created: 1_700_000_000,
        };

  const messageView = (message: StoredMessage, withMetadata: boolean) =>
    compact({
      type: 'message',
      user: options.botUserId,
      bot_id: botId,
      app_id: DOUBLE_APP_ID,
      team: options.teamId,
      text: message.text ?? '',
      ts: message.ts,
      blocks: message.blocks,
      thread_ts: message.thread_ts,
      metadata: withMetadata ? message.metadata : undefined,
    });

  const methods: Record<string, (body: Record<string, unknown>) => ApiAnswer> = {
    'auth.test': () => ({
      ok: true,
      url: `https://${DOUBLE_TEAM_DOMAIN}.slack.com/`,
      team: 'Double Workspace',
      user: 'papers-bot',
      team_id: options.teamId,
      user_id: options.botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),
    'apps.connections.open': () => ({
      ok: true,
      // Like Slack's wss://wss-primary.slack.com/link/?ticket=...&app_id=...: a fresh ticket per call.
      url: `${socketOrigin}${SOCKET_PATH}?ticket=${randomUUID()}&app_id=${DOUBLE_APP_ID}`,
    }),
    'chat.postMessage': (body) => {
      const channelId = str(body.channel);
      const forced = channelId === undefined ? undefined : channelFailures.get(channelId);
      if (forced !== undefined) return fail(forced);
      const channel = resolveChannel(channelId);
      const refusal = writeRefusal(channel);
      if (refusal !== null || channel === undefined) return fail(refusal ?? 'channel_not_found');
      const refused = blocksRefusal(body.blocks);
      if (refused !== null) return refused;
      const problem = metadataError(body.metadata);
      if (problem !== null) return fail(problem);
      const text = str(body.text);
      const blocks = body.blocks as SlackBlock[] | undefined;
      if ((text === undefined || text === '') && (blocks === undefined || blocks.length === 0) && body.attachments === undefined) {
        return fail('no_text');
      }
      if (text !== undefined && text.length > 40_000) return fail('msg_too_long');
      const stored = compact<StoredMessage>({
        ts: nextTs(),
        text,
        blocks,
        thread_ts: str(body.thread_ts),
        metadata: body.metadata as SlackMessageMetadata | undefined,
      });
      posted.push(
        compact<SlackPostedMessage>({
          channel: channel.id,
          ...stored,
          unfurl_links: flag(body.unfurl_links),
          unfurl_media: flag(body.unfurl_media),
        }),
      );
      history.set(channel.id, [...(history.get(channel.id) ?? []), stored]);
      return { ok: true, channel: channel.id, ts: stored.ts, message: messageView(stored, true) };
    },
    'chat.postEphemeral': (body) => {
      const channel = resolveChannel(str(body.channel));
      const refusal = writeRefusal(channel);
      if (refusal !== null || channel === undefined) return fail(refusal ?? 'channel_not_found');
      const user = str(body.user);
      if (user === undefined || !users.has(user)) return fail('user_not_found');
      const refused = blocksRefusal(body.blocks);
      if (refused !== null) return refused;
      const text = str(body.text);
      const blocks = body.blocks as SlackBlock[] | undefined;
      if ((text === undefined || text === '') && (blocks === undefined || blocks.length === 0)) return fail('no_text');
      const messageTs = nextTs();
      ephemeral.push(compact({ channel: channel.id, user, message_ts: messageTs, text, blocks, thread_ts: str(body.thread_ts) }));
      return { ok: true, message_ts: messageTs };
    },
    'chat.update': (body) => {
      const channel = resolveChannel(str(body.channel));
      if (channel === undefined) return fail('channel_not_found');
      const ts = str(body.ts);
      const message = history.get(channel.id)?.find((m) => m.ts === ts);
      if (message === undefined || ts === undefined) return fail('message_not_found');
      if (channel.isArchived) return fail('is_archived');
      const refused = blocksRefusal(body.blocks);
      if (refused !== null) return refused;
      const text = str(body.text);
      const blocks = body.blocks as SlackBlock[] | undefined;
      if ((text === undefined || text === '') && blocks === undefined) return fail('no_text');
      message.text = text;
      // Slack keeps the old blocks when an update sends only text.
      if (blocks !== undefined) message.blocks = blocks;
      updates.push(compact({ channel: channel.id, ts, text, blocks }));
      return { ok: true, channel: channel.id, ts, text: text ?? '', message: messageView(message, true) };
    },
    'conversations.open': (body) => {
      const existing = str(body.channel);
      if (existing !== undefined) {
        const channel = channels.get(existing);
        return channel?.imUser === undefined
          ? fail('channel_not_found')
          : { ok: true, no_op: true, already_open: true, channel: { id: channel.id } };
      }
      const ids = (str(body.users) ?? '').split(',').filter((id) => id !== '');
      // Group DMs (several users) are not modelled.
      if (ids.length !== 1) return fail(ids.length === 0 ? 'users_list_not_supplied' : 'invalid_arguments');
      const [userId = ''] = ids;
      if (!users.has(userId)) return fail('user_not_found');
      const alreadyOpen = dmChannels.has(userId);
      const dm = openDm(userId);
      const channel = body.return_im === true ? channelInfo(dm) : { id: dm.id };
      return alreadyOpen ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
    },
    'conversations.join': (body) => {
      const channel = channels.get(str(body.channel) ?? '');
      if (channel === undefined) return fail('channel_not_found');
      if (channel.isPrivate) return fail('method_not_supported_for_channel_type');
      if (channel.isArchived) return fail('is_archived');
      if (channel.isMember) return { ok: true, channel: channelInfo(channel), warning: 'already_in_channel' };
      channel.isMember = true;
      return { ok: true, channel: channelInfo(channel) };
    },
    'conversations.info': (body) => {
      const channel = channels.get(str(body.channel) ?? '');
      if (channel !== undefined && options.enforceReadScopes === true && channel.imUser === undefined) {
        const needed = channel.isPrivate ? 'groups:read' : 'channels:read';
        if (!scopes.includes(needed)) return { ...fail('missing_scope'), needed, provided: scopes.join(',') };
      }
      return channel === undefined ? fail('channel_not_found') : { ok: true, channel: channelInfo(channel) };
    },
    'conversations.history': (body) => {
      const channel = channels.get(str(body.channel) ?? '');
      if (channel === undefined) return fail('channel_not_found');
      if (channel.imUser === undefined && !channel.isMember) return fail('not_in_channel');
      const limit = Math.min(Math.max(Number(str(body.limit) ?? 100) || 100, 1), 999);
      const inclusive = body.inclusive === true;
      const oldest = Number(str(body.oldest) ?? 0);
      const latest = str(body.latest) === undefined ? Infinity : Number(str(body.latest));
      const inRange = (ts: number) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
      // Like Slack: replies inside a thread are not in the channel's history, only thread parents and top-level posts.
      const messages = (history.get(channel.id) ?? [])
        .filter((m) => (m.thread_ts === undefined || m.thread_ts === m.ts) && inRange(Number(m.ts)))
        .reverse();
      return {
        ok: true,
        messages: messages.slice(0, limit).map((m) => messageView(m, body.include_all_metadata === true)),
        has_more: messages.length > limit,
        pin_count: 0,
        response_metadata: { next_cursor: '' },
      };
    },
    'conversations.replies': (body) => {
      const channel = channels.get(str(body.channel) ?? '');
      if (channel === undefined) return fail('channel_not_found');
      if (channel.imUser === undefined && !channel.isMember) return fail('not_in_channel');
      const ts = str(body.ts) ?? '';
      // The thread's parent first, then its replies, oldest first, as Slack lists them.
      const thread = (history.get(channel.id) ?? []).filter((m) => m.ts === ts || m.thread_ts === ts);
      if (thread.length === 0) return fail('thread_not_found');
      const limit = Math.min(Math.max(Number(str(body.limit) ?? 100) || 100, 1), 999);
      return {
        ok: true,
        messages: thread.slice(0, limit).map((m) => messageView(m, body.include_all_metadata === true)),
        has_more: thread.length > limit,
        response_metadata: { next_cursor: '' },
      };
    },
    'users.info': (body) => {
      const id = str(body.user) ?? '';
      if (id === options.botUserId) {
        return {
          ok: true,
          user: { id, team_id: options.teamId, name: 'papers-bot', is_admin: false, is_owner: false, is_bot: true, deleted: false },
        };
      }
      const user = users.get(id);
      if (user === undefined) return fail('user_not_found');
      const name = user.name ?? `user-${id.toLowerCase()}`;
      return {
        ok: true,
        user: {
          id,
          team_id: options.teamId,
          name,
          real_name: name,
          is_admin: user.isAdmin ?? false,
          is_owner: user.isOwner ?? false,
          is_primary_owner: false,
          is_bot: false,
          is_app_user: false,
          deleted: false,
          tz: 'Europe/Berlin',
          tz_offset: 3600,
        },
      };
    },
    'views.publish': (body) => {
      const userId = str(body.user_id);
      if (userId === undefined || !users.has(userId)) return fail('user_not_found');
      if (!isRecord(body.view) || body.view.type !== 'home') return fail('invalid_arguments');
      const refused = blocksRefusal(body.view.blocks ?? [], {
        maxBlocks: BLOCK_KIT.viewBlocks,
        pointer: '/view/blocks',
        error: 'invalid_arguments',
      });
      if (refused !== null) return refused;
      publishedViews.push({ user_id: userId, view: body.view });
      return {
        ok: true,
        view: { id: `V${publishedViews.length}`, team_id: options.teamId, app_id: DOUBLE_APP_ID, bot_id: botId, ...body.view },
      };
    },
  };

  /** Why Slack would refuse this token for this method before looking at the arguments, or null. */
  const authError = (method: string, token: string | undefined): string | null => {
    if (token === undefined || token === '') return 'not_authed';
    if (token === options.appToken) return method === 'apps.connections.open' ? null : 'not_allowed_token_type';
    if (token !== options.botToken) return 'invalid_auth';
    if (revoked) return 'token_revoked';
    if (inactive) return 'account_inactive';
    return method === 'apps.connections.open' ? 'not_allowed_token_type' : null;
  };

  /** Uses up one injected fault for this method (or for every method, `*`), if one is left. */
  const takeFault = <F extends { times: number }>(faults: Map<string, F>, method: string): F | undefined => {
    for (const key of [method, '*']) {
      const fault = faults.get(key);
      if (fault !== undefined && fault.times > 0) {
        fault.times -= 1;
        return fault;
      }
    }
    return undefined;
  };

  const handleApi = (req: IncomingMessage, res: ServerResponse, url: URL, raw: string) => {
    const method = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
    const isJson = (req.headers['content-type'] ?? '').startsWith('application/json');
    let parsed: Record<string, unknown> = {};
    let badJson = false;
    if (isJson) {
      try {
        const value = JSON.parse(raw) as unknown;
        if (isRecord(value)) parsed = normalize(Object.entries(value));
        else badJson = true;
      } catch {
        badJson = true;
      }
    } else {
      parsed = normalize(new URLSearchParams(raw));
    }
    const body = { ...normalize(url.searchParams), ...parsed };
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (isJson ? undefined : str(body.token));
    const request: SlackApiRequest = { method, body, token };
    log.record(request);
    const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (handler === undefined) {
      send(res, 200, { ok: false, error: 'unknown_method', req_method: method });
      return;
    }
    const limited = takeFault(rateLimits, method);
    if (limited !== undefined) {
      rateLimited.push(request);
      send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limited.seconds) });
      return;
    }
    if (takeFault(serverErrors, method) !== undefined) {
      send(res, 500, { ok: false, error: 'internal_error' });
      return;
    }
    // Accepted, never answered, nothing done: the caller's timeout must end it (close() cuts it off).
    if (takeFault(hangs, method) !== undefined) return;
    if (badJson) {
      send(res, 200, fail('invalid_json'));
      return;
    }
    const refusal = authError(method, token);
    if (refusal !== null) {
      // Slack answers auth failures with HTTP 200 and ok: false, like every other error.
      send(res, 200, fail(refusal));
      return;
    }
    if (method === 'chat.postMessage' && paceEnforced) {
      const channelId = resolveChannel(str(body.channel))?.id ?? str(body.channel) ?? '';
      const now = performance.now();
      const last = lastPostAt.get(channelId);
      if (last !== undefined && now - last < 1000) {
        rateLimited.push(request);
        send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
        return;
      }
      lastPostAt.set(channelId, now);
    }
    const answer = handler(body);
    // The call took effect, but its answer is lost on the way back (a crash or a cut connection looks the same).
    if (answer.ok === true && takeFault(lostAnswers, method) !== undefined) {
      send(res, 500, { ok: false, error: 'internal_error' });
      return;
    }
    send(res, 200, answer, token === options.botToken ? { 'x-oauth-scopes': scopes.join(',') } : {});
  };

  const handleResponseUrl = (req: IncomingMessage, res: ServerResponse, url: URL, raw: string) => {
    const id = decodeURIComponent(url.pathname.slice(RESPONSE_PREFIX.length));
    if (req.method !== 'POST') {
      send(res, 405, { ok: false, error: 'method_not_allowed' });
      return;
    }
    const used = responseUses.get(id) ?? 0;
    if (used >= RESPONSE_URL_USES) {
      send(res, 404, { ok: false, error: 'used_url' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw) as unknown;
    } catch {
      body = undefined;
    }
    if (!isRecord(body)) {
      send(res, 400, { ok: false, error: 'invalid_payload' });
      return;
    }
    // Blocks Slack refuses are answered as incoming webhooks answer them: HTTP 400 invalid_blocks.
    const refused = blocksRefusal(body.blocks);
    if (refused !== null) {
      send(res, 400, refused);
      return;
    }
    responseUses.set(id, used + 1);
    responseLog.record({ id, body });
    send(res, 200, { ok: true });
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readRaw(req);
      if (url.pathname.startsWith(API_PREFIX)) handleApi(req, res, url, raw);
      else if (url.pathname.startsWith(RESPONSE_PREFIX)) handleResponseUrl(req, res, url, raw);
      else send(res, 404, { ok: false, error: 'not_found' });
    })().catch(() => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'double_failed' });
    });
  };

  const http = await listenOnLoopback(handle);
  const socketOrigin = http.origin.replace(/^http/, 'ws');
  // `path` makes ws refuse (400) upgrades anywhere else, as Slack refuses a URL it did not hand out.
  const wss = new WebSocketServer({ server: http.server, path: SOCKET_PATH });
  const sockets = new Set<WebSocket>();
  const acks: SocketAck[] = [];
  const pending = new Map<string, PendingAck>();
  let connections = 0;
  let pings = 0;
  const connectionWaiters: { count: number; resolve: () => void }[] = [];
  let resolveConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (resolveConnected = resolve));

  /** Connections asked to refresh: Slack sends them nothing new while their client reconnects. */
  const refreshing = new WeakSet<WebSocket>();
  /** Slack delivers each envelope on one connection: the double picks the newest one still open and not refreshing. */
  const liveSocket = (): WebSocket | undefined => [...sockets].filter((s) => s.readyState === s.OPEN && !refreshing.has(s)).at(-1);

  const deliver = (entry: PendingAck, socket: WebSocket) => {
    entry.socket = socket;
    socket.send(JSON.stringify(entry.envelope));
  };

  wss.on('connection', (socket: WebSocket) => {
    sockets.add(socket);
    // A client that goes away mid-frame is a network failure to model, not a failure of the double.
    socket.on('error', () => undefined);
    // The client pings every clientPingTimeout/3 and disconnects when pongs stop; ws answers each ping with a pong.
    socket.on('ping', () => (pings += 1));
    const heartbeat = setInterval(() => socket.ping(), SERVER_PING_INTERVAL_MS);
    heartbeat.unref();
    socket.on('close', () => {
      sockets.delete(socket);
      clearInterval(heartbeat);
      for (const [id, entry] of pending) {
        if (entry.socket !== socket) continue;
        pending.delete(id);
        entry.reject(new Error(`the Socket Mode connection closed before envelope ${id} was acknowledged`));
      }
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: unknown;
      try {
        message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8')) as unknown;
      } catch {
        return;
      }
      if (!isRecord(message) || typeof message.envelope_id !== 'string') return;
      const ack: SocketAck = isRecord(message.payload)
        ? { envelope_id: message.envelope_id, payload: message.payload }
        : { envelope_id: message.envelope_id };
      acks.push(ack);
      const entry = pending.get(ack.envelope_id);
      if (entry === undefined) return;
      pending.delete(ack.envelope_id);
      entry.resolve(ack);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: sockets.size,
        debug_info: { host: 'double', approximate_connection_time: 3600 },
        connection_info: { app_id: DOUBLE_APP_ID },
      }),
    );
    connections += 1;
    resolveConnected();
    for (const waiter of connectionWaiters.filter((w) => connections >= w.count)) {
      connectionWaiters.splice(connectionWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    // Envelopes sent while no client was connected go out now, as Slack queues them for a moment.
    for (const entry of pending.values()) if (entry.socket === undefined) deliver(entry, socket);
  });

  const sendEnvelope = (type: string, payload: Record<string, unknown>, acceptsResponsePayload: boolean, extra: Partial<Envelope> = {}) => {
    const envelope: Envelope = { envelope_id: randomUUID(), type, payload, accepts_response_payload: acceptsResponsePayload, ...extra };
    const promise = new Promise<SocketAck>((resolve, reject) => {
      const entry: PendingAck = { envelope, socket: undefined, resolve, reject };
      pending.set(envelope.envelope_id, entry);
      const socket = liveSocket();
      if (socket !== undefined) deliver(entry, socket);
    });
    // A test that fires an envelope without awaiting it must not fail on an unhandled rejection when the
    // connection drops; a test that awaits it still sees the rejection.
    promise.catch(() => undefined);
    return promise;
  };

  return {
    apiUrl: `${http.origin}${API_PREFIX}`,
    origin: http.origin,
    requests: log.requests,
    posted,
    ephemeral,
    updates,
    publishedViews,
    rateLimited,
    responses: responseLog.requests,
    acks,
    connected,
    get connections() {
      return connections;
    },
    get pings() {
      return pings;
    },
    async waitForRequest(match) {
      for (let count = 1; ; count = log.requests.length + 1) {
        const found = (await log.waitFor(count)).find(match);
        if (found !== undefined) return found;
      }
    },
    async waitForResponse(match) {
      for (let count = 1; ; count = responseLog.requests.length + 1) {
        const found = (await responseLog.waitFor(count)).find(match);
        if (found !== undefined) return found;
      }
    },
    waitForConnections(count) {
      if (connections >= count) return Promise.resolve();
      return new Promise<void>((resolve) => connectionWaiters.push({ count, resolve }));
    },
    dmChannelOf: (userId) => dmChannels.get(userId),
    failChannel(channelId, error) {
      channelFailures.set(channelId, error);
    },
    archiveChannel(channelId) {
      const channel = channels.get(channelId);
      if (channel !== undefined) channel.isArchived = true;
    },
    unarchiveChannel(channelId) {
      const channel = channels.get(channelId);
      if (channel !== undefined) channel.isArchived = false;
    },
    deleteChannel(channelId) {
      channels.delete(channelId);
    },
    removeBotFrom(channelId) {
      const channel = channels.get(channelId);
      if (channel !== undefined) channel.isMember = false;
    },
    revokeToken() {
      revoked = true;
    },
    deactivate() {
      inactive = true;
    },
    rateLimit(method, times, retryAfterSeconds) {
      rateLimits.set(method, { times, seconds: retryAfterSeconds });
    },
    hang(method, times) {
      hangs.set(method, { times });
    },
    loseAnswers(method, times) {
      lostAnswers.set(method, { times });
    },
    serverError(method, times) {
      serverErrors.set(method, { times });
    },
    enforceChannelPace(on) {
      paceEnforced = on;
      lastPostAt.clear();
    },
    responseUrl(id) {
      responseIds += 1;
      return `${http.origin}${RESPONSE_PREFIX}${encodeURIComponent(id ?? `T${responseIds}-${randomUUID().slice(0, 8)}`)}`;
    },
    sendSlashCommand(payload) {
      return sendEnvelope('slash_commands', payload, true);
    },
    sendEvent(event) {
      const payload = {
        token: DOUBLE_VERIFICATION_TOKEN,
        team_id: options.teamId,
        api_app_id: DOUBLE_APP_ID,
        event,
        type: 'event_callback',
        event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
        event_time: Math.floor(Date.now() / 1000),
        // Bolt reads the team (and whether the event is about the bot itself) from here.
        authorizations: [
          { enterprise_id: null, team_id: options.teamId, user_id: options.botUserId, is_bot: true, is_enterprise_install: false },
        ],
        is_ext_shared_channel: false,
      };
      return sendEnvelope('events_api', payload, false, { retry_attempt: 0, retry_reason: '' });
    },
    sendInteractive(payload) {
      // Slack takes a response payload in the ack only where it means something: view submissions and option loads.
      const accepts = payload.type === 'view_submission' || payload.type === 'block_suggestion';
      return sendEnvelope('interactive', payload, accepts);
    },
    dropConnections() {
      for (const socket of sockets) socket.terminate();
    },
    requestRefresh() {
      for (const socket of sockets) {
        refreshing.add(socket);
        socket.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'double' } }));
      }
    },
    async close() {
      // Close frames first: Bolt's app.stop() does not wait for its client's close handshake, and cutting that
      // handshake short makes the client log a WebSocket error. A client that does not answer is cut off.
      await Promise.all(
        [...sockets].map(
          (socket) =>
            new Promise<void>((resolve) => {
              socket.once('close', () => resolve());
              socket.close(1001, 'going away');
              setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
            }),
        ),
      );
      // Envelopes no client ever received (none was connected) fail now rather than hang their test.
      for (const [id, entry] of pending) {
        pending.delete(id);
        entry.reject(new Error(`the Slack double closed before envelope ${id} was acknowledged`));
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await http.close();
    },
  };
}
