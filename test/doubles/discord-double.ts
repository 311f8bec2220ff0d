// A local stand-in for Discord: the REST API (`/api/v10/...`) and the gateway WebSocket on 127.0.0.1, speaking
// the protocol well enough that the real discord.js Client logs in (GET /gateway/bot, HELLO, IDENTIFY, READY,
// GUILD_CREATE, heartbeats), receives INTERACTION_CREATE dispatches, and answers them through the interaction
// callback. Every REST request is recorded, and a test can wait for the one it expects. Message bodies are held to
// Discord's documented limits (400 Invalid Form Body, with Discord's error tree), and interaction tokens to Discord's
// deadlines: the initial response within 3 s, follow-ups and edits for 15 minutes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { createRequestLog, listenOnLoopback } from './loopback-server.js';

export interface DiscordDoubleChannel {
  id: string;
  name: string;
}

export interface DiscordDoubleGuild {
  id: string;
  name: string;
  ownerId: string;
  channels: DiscordDoubleChannel[];
}

export interface DiscordDoubleOptions {
  applicationId: string;
  botUserId?: string;
  guilds: DiscordDoubleGuild[];
  /**
   * Enforces Discord's limits on message posts, with its real headers: a global limit per second across all
   * routes, and a bucket per channel (`perRoute` posts per `routeWindowSeconds`). Off unless given.
   */
  limits?: { globalPerSecond: number; perRoute: number; routeWindowSeconds: number };
  /**
   * The clock interaction deadlines are measured on, in milliseconds (default: the real one): a test moves it to
   * show an answer after 3 s or a follow-up after 15 minutes without waiting.
   */
  now?: () => number;
}

/** A request the double refused for breaking Discord's rules on message bodies or interaction tokens. */
export interface DiscordRefusal {
  method: string;
  path: string;
  status: number;
  body: { code: number; message: string; errors?: unknown };
}

/** A post answered 429 while limits were enforced: when, and whether the global or a route's limit was hit. */
export interface LimitHit {
  at: number;
  scope: 'global' | 'route';
}

/** A thread the bot started on one of its messages. */
export interface StartedThread {
  id: string;
  parentId: string;
  name: string;
  autoArchiveDuration: number;
}

export interface DiscordRestRequest {
  method: string;
  /** Path after /api/v10, e.g. /interactions/123/tok/callback */
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

/** What a test says about the person running a command. */
export interface InteractionMember {
  userId: string;
  username?: string;
  /** Permission bit set as Discord sends it (a decimal string); Manage Channels is 1 << 4. */
  permissions: bigint;
}

export interface SlashCommandCall {
  guildId: string;
  channelId: string;
  member: InteractionMember;
  subcommand: string;
  options?: Record<string, string | number>;
}

/** A message as the bot posted it (its body), with the id and channel the double gave it. */
export interface PostedMessage {
  id: string;
  channel_id: string;
  content?: string;
  embeds?: { title: string; url: string; description: string; footer?: { text: string }; thumbnail?: { url: string } }[];
  components?: { type: number; components: { type: number; style: number; label: string; url: string }[] }[];
  allowed_mentions?: { parse: string[] };
  nonce?: string;
  enforce_nonce?: boolean;
}

export interface DiscordDouble {
  /** REST base as discord.js's `rest.api` option takes it (the version is appended). */
  apiUrl: string;
  readonly requests: DiscordRestRequest[];
  /** Resolves once the bot has identified and been sent READY and its guilds. */
  identified: Promise<{ token: string; intents: number }>;
  /**
   * Dispatches a /papers slash command; resolves with the interaction id and token. As for every interaction, the
   * initial response must come within 3 s and the token serves follow-ups for 15 minutes (on `options.now`).
   */
  dispatchSlashCommand(call: SlashCommandCall): { id: string; token: string };
  /** Dispatches a press of one of the bot's buttons, on an ephemeral message it sent. */
  dispatchButton(call: { guildId: string; channelId: string; member: InteractionMember; customId: string }): { id: string; token: string };
  /** Dispatches an autocomplete request while `focused` is typed into (its value in `call.options`). */
  dispatchAutocomplete(call: SlashCommandCall & { focused: string }): { id: string; token: string };
  /** Messages posted to channels (guild channels and DMs), in order. */
  readonly posted: PostedMessage[];
  /** The DM channel id the double gave a user, once the bot opened one. */
  dmChannelOf(userId: string): string | undefined;
  /** From now on, posting to this channel fails as Discord would (e.g. 403 with code 50001, Missing Access). */
  failChannel(channelId: string, failure: { status: number; code: number; message: string }): void;
  /** Removes a channel, as if it were deleted: posting to it answers 404 Unknown Channel. */
  deleteChannel(channelId: string): void;
  /**
   * After `okPosts` more messages are posted to this channel (`*`: to any channel, threads included), the next
   * `failures` posts there answer 500 and create nothing.
   */
  failPostsAfter(channelId: string, okPosts: number, failures: number): void;
  /** The next `times` posts to this channel are accepted and never answered; nothing is created. */
  hangChannel(channelId: string, times: number): void;
  /** Forgets every nonce, as Discord does after a few minutes: a later retry is no longer recognised by it. */
  forgetNonces(): void;
  /** Deletes the channel right after the bot's next `posts` messages there (in the middle of a digest). */
  deleteChannelAfter(channelId: string, posts: number): void;
  /**
   * Changes the bot's permission overwrite in a channel, as a server admin editing the channel would, and tells
   * the bot (CHANNEL_UPDATE). The bot's permissions there are the @everyone role's minus `deny` plus `allow`;
   * posting without View Channel answers 403 Missing Access (50001), without Send Messages 403 Missing
   * Permissions (50013), and interactions there carry them as app_permissions.
   */
  setBotOverwrite(channelId: string, overwrite: { allow?: bigint; deny?: bigint }, how?: { tellBot: boolean }): void;
  /** The next `times` threads started are created, but answered with 500 (the answer is lost on the way). */
  failAfterStartingThread(times: number): void;
  /** The next `times` posts to this channel are created, but answered with 500 (the answer is lost on the way). */
  failAfterPosting(channelId: string, times: number): void;
  /** Threads the bot started, in order. */
  readonly threads: readonly StartedThread[];
  /** The next `times` posts to any channel answer 429 as Discord's global limit does (X-RateLimit-Global). */
  rateLimitGlobal(times: number, seconds: number): void;
  /** The next `times` posts to this channel answer 429 with real rate-limit headers, asking to wait `seconds`. */
  rateLimitChannel(channelId: string, times: number, seconds: number): void;
  /** Posts answered 429 by the enforced limits (see options.limits), in order. */
  readonly limitHits: readonly LimitHit[];
  /** Channel ids of every post answered with 429, in order. */
  readonly rateLimited: readonly string[];
  /** Removes the bot from a guild (GUILD_DELETE without `unavailable`), as a server admin kicking it would. */
  removeGuild(guildId: string): void;
  /** Adds the bot to a guild (GUILD_CREATE), as a server admin inviting it would. */
  addGuild(guild: DiscordDoubleGuild): void;
  /** Drops every gateway connection abruptly, as a network failure would. */
  dropConnections(): void;
  /** RESUME requests received (session id and last sequence number), in order. */
  readonly resumes: readonly { sessionId: string; seq: number }[];
  /** Resolves once at least `count` RESUMEs have been received. */
  waitForResumes(count: number): Promise<void>;
  /** Resolves with the first request (from now on or already recorded) that matches. */
  waitForRequest(match: (request: DiscordRestRequest) => boolean): Promise<DiscordRestRequest>;
  /** Every later REST request answers 401 Unauthorized, as Discord does once the bot's token was reset. */
  revokeToken(): void;
  /**
   * Requests refused for a message body over Discord's limits (400, code 50035) or an interaction token used out of
   * time or twice (10062, 40060, 50027), in order: a test can check that the bot never tripped one.
   */
  readonly refused: readonly DiscordRefusal[];
  close(): Promise<void>;
}

export const MANAGE_CHANNELS = 1n << 4n;
export const VIEW_CHANNEL = 1n << 10n;
export const SEND_MESSAGES = 1n << 11n;
export const EMBED_LINKS = 1n << 14n;
export const CREATE_PUBLIC_THREADS = 1n << 35n;
export const SEND_MESSAGES_IN_THREADS = 1n << 38n;
/** What @everyone may do in the double's servers, as in a new Discord server: see, talk, embed, use threads. */
export const EVERYONE_PERMISSIONS =
  VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | (1n << 16n) | CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS;
const API_PREFIX = '/api/v10';
const JSON_TYPE = 'application/json';

/**
 * Discord's own limits on a message body, as its API documentation gives them (written here, not taken from the
 * bot: the double must refuse what Discord refuses, whatever the bot believes). Lengths are JavaScript's `length`
 * (UTF-16 code units), never less than Discord's count of characters: the double is never more lenient.
 */
const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  /** Title, description, field names and values, footer text and author name, across all of a message's embeds. */
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  actionRows: 5,
  rowComponents: 5,
  buttonLabel: 80,
  customId: 100,
  nonce: 25,
} as const;
/** Interaction tokens: the initial response within 3 s of the interaction, follow-ups and edits for 15 minutes. */
const INITIAL_RESPONSE_MS = 3000;
const INTERACTION_TOKEN_MS = 15 * 60_000;
/** Interaction callback types that carry a message: CHANNEL_MESSAGE_WITH_SOURCE (4) and UPDATE_MESSAGE (7). */
const MESSAGE_CALLBACKS = new Set([4, 7]);

interface FieldError {
  code: string;
  message: string;
}

/** Discord's `errors` of an Invalid Form Body: the body's shape, each refused field holding its `_errors`. */
interface ErrorTree {
  [key: string]: ErrorTree | FieldError[];
}

const maxLength = (max: number): FieldError => ({ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const lengthOf = (value: unknown): number => (typeof value === 'string' ? value.length : 0);

/**
 * What Discord would refuse in a message body (a channel message, a webhook or follow-up message, an edit, or an
 * interaction response's `data`), as the `errors` tree of its 400 Invalid Form Body; null when nothing is over a
 * limit. Only the limits are checked, not the body's shape.
 */
function messageErrors(body: unknown): ErrorTree | null {
  if (!isObject(body)) return null;
  const tree: ErrorTree = {};
  const refuse = (path: (string | number)[], error: FieldError) => {
    let node = tree;
    for (const key of path) {
      const next = node[String(key)];
      node = next === undefined || Array.isArray(next) ? (node[String(key)] = {}) : next;
    }
    const errors = node._errors;
    if (Array.isArray(errors)) errors.push(error);
    else node._errors = [error];
  };
  const limit = (value: unknown, max: number, path: (string | number)[]) => {
    if (lengthOf(value) > max) refuse(path, maxLength(max));
  };

  limit(body.content, DISCORD_LIMITS.content, ['content']);
  limit(body.nonce, DISCORD_LIMITS.nonce, ['nonce']);

  const embeds = Array.isArray(body.embeds) ? (body.embeds as unknown[]) : [];
  if (embeds.length > DISCORD_LIMITS.embeds) refuse(['embeds'], maxLength(DISCORD_LIMITS.embeds));
  let embedSize = 0;
  for (const [i, embed] of embeds.entries()) {
    if (!isObject(embed)) continue;
    const footer = isObject(embed.footer) ? embed.footer : {};
    const author = isObject(embed.author) ? embed.author : {};
    const fields = Array.isArray(embed.fields) ? (embed.fields as unknown[]) : [];
    limit(embed.title, DISCORD_LIMITS.title, ['embeds', i, 'title']);
    limit(embed.description, DISCORD_LIMITS.description, ['embeds', i, 'description']);
    limit(footer.text, DISCORD_LIMITS.footerText, ['embeds', i, 'footer', 'text']);
    limit(author.name, DISCORD_LIMITS.authorName, ['embeds', i, 'author', 'name']);
    if (fields.length > DISCORD_LIMITS.fields) refuse(['embeds', i, 'fields'], maxLength(DISCORD_LIMITS.fields));
    embedSize += lengthOf(embed.title) + lengthOf(embed.description) + lengthOf(footer.text) + lengthOf(author.name);
    for (const [j, field] of fields.entries()) {
      if (!isObject(field)) continue;
      limit(field.name, DISCORD_LIMITS.fieldName, ['embeds', i, 'fields', j, 'name']);
      limit(field.value, DISCORD_LIMITS.fieldValue, ['embeds', i, 'fields', j, 'value']);
      embedSize += lengthOf(field.name) + lengthOf(field.value);
    }
  }
  if (embedSize > DISCORD_LIMITS.embedTotal) {
    refuse(['embeds'], { code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${DISCORD_LIMITS.embedTotal}` });
  }

  const rows = Array.isArray(body.components) ? (body.components as unknown[]) : [];
  if (rows.length > DISCORD_LIMITS.actionRows) refuse(['components'], maxLength(DISCORD_LIMITS.actionRows));
  for (const [i, row] of rows.entries()) {
    const components = isObject(row) && Array.isArray(row.components) ? (row.components as unknown[]) : [];
    if (components.length > DISCORD_LIMITS.rowComponents) refuse(['components', i, 'components'], maxLength(DISCORD_LIMITS.rowComponents));
    for (const [j, component] of components.entries()) {
      if (!isObject(component)) continue;
      limit(component.label, DISCORD_LIMITS.buttonLabel, ['components', i, 'components', j, 'label']);
      limit(component.custom_id, DISCORD_LIMITS.customId, ['components', i, 'components', j, 'custom_id']);
    }
  }
  return Object.keys(tree).length === 0 ? null : tree;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': JSON_TYPE }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

let snowflakeCounter = 1_000_000n;
/**
 * Discord's 429: Retry-After in whole seconds, retry_after in the body (fractional), `global` in the body when the
 * global limit was hit (`x-ratelimit-global` says so too), plus the scope's own headers.
 */
function tooManyRequests(res: ServerResponse, retryAfter: number, headers: Record<string, string>): void {
  const global = headers['x-ratelimit-global'] === 'true';
  res
    .writeHead(429, { 'content-type': JSON_TYPE, 'retry-after': String(Math.ceil(retryAfter)), ...headers })
    .end(JSON.stringify({ message: 'You are being rate limited.', retry_after: retryAfter, global }));
}

function snowflake(): string {
  snowflakeCounter += 1n;
  return String((BigInt(Date.now() - 1_420_070_400_000) << 22n) + snowflakeCounter);
}

export async function startDiscordDouble(options: DiscordDoubleOptions): Promise<DiscordDouble> {
  const botUserId = options.botUserId ?? '900000000000000001';
  const now = options.now ?? Date.now;
  /** Interactions dispatched, by id: their token, when they were sent, and whether the initial response came. */
  const interactions = new Map<string, { token: string; at: number; acknowledged: boolean; originalId?: string }>();
  const interactionOfToken = (token: string) => [...interactions.values()].find((i) => i.token === token);
  const refused: DiscordRefusal[] = [];
  const log = createRequestLog<DiscordRestRequest>();
  const sockets = new Set<WebSocket>();
  let sequence = 0;
  let resolveIdentified: (value: { token: string; intents: number }) => void = () => undefined;
  const identified = new Promise<{ token: string; intents: number }>((resolve) => (resolveIdentified = resolve));
  let gatewayUrl = '';
  const knownChannels = new Set(options.guilds.flatMap((g) => g.channels.map((c) => c.id)));
  const dmChannels = new Map<string, string>();
  const failures = new Map<string, { status: number; code: number; message: string }>();
  const posted: PostedMessage[] = [];
  const resumes: { sessionId: string; seq: number }[] = [];
  const rateLimits = new Map<string, { times: number; seconds: number }>();
  const globalLimit = { times: 0, seconds: 0 };
  const limitHits: LimitHit[] = [];
  let globalWindow = { start: 0, count: 0 };
  const routeWindows = new Map<string, { start: number; count: number }>();
  /** Applies the enforced limits to one post; true when it was answered 429. Sets the bucket headers otherwise. */
  const enforceLimits = (limits: NonNullable<DiscordDoubleOptions['limits']>, channelId: string, res: ServerResponse): boolean => {
    const now = performance.now();
    if (now - globalWindow.start >= 1000) globalWindow = { start: now, count: 0 };
    const windowMs = limits.routeWindowSeconds * 1000;
    let route = routeWindows.get(channelId);
    if (route === undefined || now - route.start >= windowMs) {
      route = { start: now, count: 0 };
      routeWindows.set(channelId, route);
    }
    const resetAfter = (route.start + windowMs - now) / 1000;
    if (globalWindow.count >= limits.globalPerSecond) {
      const retryAfter = (globalWindow.start + 1000 - now) / 1000;
      limitHits.push({ at: Date.now(), scope: 'global' });
      tooManyRequests(res, retryAfter, { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' });
      return true;
    }
    const bucketHeaders = {
      'x-ratelimit-limit': String(limits.perRoute),
      'x-ratelimit-reset': String((Date.now() + resetAfter * 1000) / 1000),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': `messages-${channelId}`,
    };
    if (route.count >= limits.perRoute) {
      limitHits.push({ at: Date.now(), scope: 'route' });
      tooManyRequests(res, resetAfter, { 'x-ratelimit-remaining': '0', 'x-ratelimit-scope': 'user', ...bucketHeaders });
      return true;
    }
    globalWindow.count += 1;
    route.count += 1;
    for (const [name, value] of Object.entries({ ...bucketHeaders, 'x-ratelimit-remaining': String(limits.perRoute - route.count) }))
      res.setHeader(name, value);
    return false;
  };
  /** The servers the bot is in, as started plus any added since. */
  const guilds = [...options.guilds];
  const overwrites = new Map<string, { allow: bigint; deny: bigint }>();
  const lostAnswers = new Map<string, number>();
  let lostThreadAnswers = 0;
  const deleteAfter = new Map<string, number>();
  const hangs = new Map<string, number>();
  const failingAfter = new Map<string, { okPosts: number; failures: number }>();
  /** Messages by channel and nonce, for enforce_nonce. */
  const byNonce = new Map<string, PostedMessage>();
  const threads: StartedThread[] = [];
  const threadParents = new Map<string, string>();
  const guildOfChannel = new Map(options.guilds.flatMap((g) => g.channels.map((c) => [c.id, g.id] as const)));
  const botPermissionsIn = (channelId: string): bigint => {
    const overwrite = overwrites.get(channelId) ?? { allow: 0n, deny: 0n };
    return (EVERYONE_PERMISSIONS & ~overwrite.deny) | overwrite.allow;
  };
  /** Why the bot may not post in a channel (or a thread, by its parent's permissions), or null if it may. */
  const refusal = (channelId: string): { status: number; code: number; message: string } | null => {
    const parent = threadParents.get(channelId);
    if (!guildOfChannel.has(parent ?? channelId)) return null;
    const granted = botPermissionsIn(parent ?? channelId);
    if ((granted & VIEW_CHANNEL) === 0n) return { status: 403, code: 50001, message: 'Missing Access' };
    const needed = parent === undefined ? SEND_MESSAGES : SEND_MESSAGES_IN_THREADS;
    if ((granted & needed) === 0n) return { status: 403, code: 50013, message: 'Missing Permissions' };
    return null;
  };
  const rateLimited: string[] = [];
  const resumeWaiters: (() => void)[] = [];
  let tokenRevoked = false;
  /** Commands as the last bulk overwrite registered them, by route (global, or one guild's). */
  const registeredCommands = new Map<string, Record<string, unknown>[]>();
  /** Guilds the bot was removed from (removeGuild): reading them answers 404 Unknown Guild. */
  const removedGuilds = new Set<string>();

  /**
   * The read-only routes `papers doctor` uses, answered from the same model as posting: the bot's user and
   * application, registered commands, a channel (403 Missing Access without View Channel, as Discord answers), a
   * guild with its roles, and the bot's member. Returns false for any other path.
   */
  const readRoute = (path: string, res: ServerResponse): boolean => {
    if (path === '/users/@me') {
      send(res, 200, botUser);
      return true;
    }
    if (path === '/applications/@me') {
      send(res, 200, { id: options.applicationId, name: 'papers', bot_public: true, bot_require_code_grant: false, flags: 0 });
      return true;
    }
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      send(res, 200, registeredCommands.get(path) ?? []);
      return true;
    }
    const channelRoute = /^\/channels\/(\d+)$/.exec(path);
    if (channelRoute !== null) {
      const channelId = channelRoute[1] ?? '';
      const guild = guilds.find((g) => g.channels.some((c) => c.id === channelId));
      const index = guild?.channels.findIndex((c) => c.id === channelId) ?? -1;
      const channel = guild?.channels[index];
      if (guild === undefined || channel === undefined || !knownChannels.has(channelId) || removedGuilds.has(guild.id)) {
        send(res, 404, { message: 'Unknown Channel', code: 10003 });
      } else if ((botPermissionsIn(channelId) & VIEW_CHANNEL) === 0n) {
        send(res, 403, { message: 'Missing Access', code: 50001 });
      } else {
        send(res, 200, channelPayload(guild.id, channel, index));
      }
      return true;
    }
    const guildRoute = /^\/guilds\/(\d+)(?:\/members\/(\d+))?$/.exec(path);
    if (guildRoute !== null) {
      const [, guildId = '', userId] = guildRoute;
      const guild = guilds.find((g) => g.id === guildId);
      if (guild === undefined || removedGuilds.has(guildId)) {
        send(res, 404, { message: 'Unknown Guild', code: 10004 });
      } else if (userId === undefined) {
        send(res, 200, guildPayload(guild));
      } else if (userId === botUserId) {
        send(res, 200, { ...memberPayload({ userId: botUserId, username: 'papers-bot', permissions: 0n }), user: botUser });
      } else {
        send(res, 404, { message: 'Unknown Member', code: 10007 });
      }
      return true;
    }
    return false;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      // Clients encode route parameters (@original arrives as %40original).
      const pathname = decodeURIComponent(url.pathname);
      const path = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
      log.record({
        method: req.method ?? 'GET',
        path,
        query: Object.fromEntries(url.searchParams),
        body,
        authorization: req.headers.authorization,
      });
      if (tokenRevoked) {
        send(res, 401, { message: '401: Unauthorized', code: 0 });
        return;
      }
      /** Answers a request Discord would refuse for its body or its interaction token, and records it. */
      const refuse = (status: number, answer: DiscordRefusal['body']) => {
        refused.push({ method: req.method ?? 'GET', path, status, body: answer });
        send(res, status, answer);
      };
      const invalidForm = (errors: ErrorTree) => ({ code: 50035, message: 'Invalid Form Body', errors });
      if (req.method === 'GET' && path === '/gateway/bot') {
        send(res, 200, {
          url: gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        });
        return;
      }
      if (req.method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && Array.isArray(body)) {
        // Bulk overwrite: Discord answers with the commands as registered, ids added.
        const registered = (body as Record<string, unknown>[]).map((command) => ({
          id: snowflake(),
          application_id: options.applicationId,
          version: '1',
          ...command,
        }));
        registeredCommands.set(path, registered);
        send(res, 200, registered);
        return;
      }
      if (req.method === 'GET' && readRoute(path, res)) return;
      const channelMessages = /^\/channels\/(\d+)\/messages$/.exec(path);
      if (req.method === 'POST' && channelMessages !== null) {
        const channelId = channelMessages[1] ?? '';
        if (options.limits !== undefined && enforceLimits(options.limits, channelId, res)) return;
        if (globalLimit.times > 0) {
          globalLimit.times -= 1;
          rateLimited.push(channelId);
          tooManyRequests(res, globalLimit.seconds, { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' });
          return;
        }
        const limited = rateLimits.get(channelId);
        if (limited !== undefined && limited.times > 0) {
          limited.times -= 1;
          rateLimited.push(channelId);
          // Discord's real 429: per-route bucket headers, Retry-After in seconds, retry_after in the body.
          tooManyRequests(res, limited.seconds, {
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset-after': String(limited.seconds),
            'x-ratelimit-bucket': `bucket-${channelId}`,
            'x-ratelimit-scope': 'user',
          });
          return;
        }
        const hanging = hangs.get(channelId) ?? 0;
        if (hanging > 0) {
          // Never answered: the client's timeout must end it (close() cuts the connection).
          hangs.set(channelId, hanging - 1);
          return;
        }
        const failing = failingAfter.get(channelId) ?? failingAfter.get('*');
        if (failing !== undefined && failing.okPosts === 0 && failing.failures > 0) {
          failing.failures -= 1;
          send(res, 500, { message: 'Internal Server Error', code: 0 });
          return;
        }
        const invalid = messageErrors(body);
        if (invalid !== null) {
          refuse(400, invalidForm(invalid));
          return;
        }
        const failure = failures.get(channelId) ?? refusal(channelId);
        if (failure !== null) {
          send(res, failure.status, { message: failure.message, code: failure.code });
          return;
        }
        if (!knownChannels.has(channelId)) {
          send(res, 404, { message: 'Unknown Channel', code: 10003 });
          return;
        }
        const fields = body as Omit<PostedMessage, 'id' | 'channel_id'>;
        // enforce_nonce: a message this channel already has with the same nonce is returned, not created again.
        const nonceKey = fields.enforce_nonce === true && typeof fields.nonce === 'string' ? `${channelId}:${fields.nonce}` : null;
        let message = nonceKey === null ? undefined : byNonce.get(nonceKey);
        if (message === undefined) {
          message = { ...fields, id: snowflake(), channel_id: channelId };
          posted.push(message);
          if (nonceKey !== null) byNonce.set(nonceKey, message);
          if (failing !== undefined && failing.okPosts > 0) failing.okPosts -= 1;
          const left = deleteAfter.get(channelId);
          if (left !== undefined) {
            deleteAfter.set(channelId, left - 1);
            if (left <= 1) knownChannels.delete(channelId);
          }
        }
        const lost = lostAnswers.get(channelId) ?? 0;
        if (lost > 0) {
          lostAnswers.set(channelId, lost - 1);
          send(res, 500, { message: 'Internal Server Error', code: 0 });
          return;
        }
        send(res, 200, message);
        return;
      }
      const editMessage = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
      if (req.method === 'PATCH' && editMessage !== null) {
        const [, channelId = '', messageId = ''] = editMessage;
        const message = posted.find((m) => m.id === messageId && m.channel_id === channelId);
        if (!knownChannels.has(channelId)) {
          send(res, 404, { message: 'Unknown Channel', code: 10003 });
        } else if (message === undefined) {
          send(res, 404, { message: 'Unknown Message', code: 10008 });
        } else {
          const invalid = messageErrors(body);
          if (invalid !== null) {
            refuse(400, invalidForm(invalid));
            return;
          }
          // The edit replaces the fields it sends; the message keeps its id and channel.
          Object.assign(message, body as Partial<PostedMessage>, { id: messageId, channel_id: channelId });
          send(res, 200, message);
        }
        return;
      }
      const startThread = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path);
      if (req.method === 'POST' && startThread !== null) {
        const [, channelId = '', messageId = ''] = startThread;
        const guildId = guildOfChannel.get(channelId);
        if (guildId === undefined || !knownChannels.has(channelId)) {
          send(res, 404, { message: 'Unknown Channel', code: 10003 });
          return;
        }
        if ((botPermissionsIn(channelId) & CREATE_PUBLIC_THREADS) === 0n) {
          send(res, 403, { message: 'Missing Permissions', code: 50013 });
          return;
        }
        if (!posted.some((m) => m.id === messageId && m.channel_id === channelId)) {
          send(res, 404, { message: 'Unknown Message', code: 10008 });
          return;
        }
        if (threadParents.has(messageId)) {
          send(res, 400, { message: 'A thread has already been created for this message', code: 160004 });
          return;
        }
        const { name, auto_archive_duration: archive } = body as { name?: unknown; auto_archive_duration?: unknown };
        if (typeof name !== 'string' || name.length < 1 || name.length > 100) {
          send(res, 400, { message: 'Invalid Form Body', code: 50035, errors: { name: 'Must be between 1 and 100 in length.' } });
          return;
        }
        // A thread started from a message takes that message's id.
        const thread: StartedThread = {
          id: messageId,
          parentId: channelId,
          name,
          autoArchiveDuration: typeof archive === 'number' ? archive : 4320,
        };
        threads.push(thread);
        threadParents.set(messageId, channelId);
        knownChannels.add(messageId);
        if (lostThreadAnswers > 0) {
          lostThreadAnswers -= 1;
          send(res, 500, { message: 'Internal Server Error', code: 0 });
          return;
        }
        send(res, 201, {
          id: messageId,
          type: 11,
          guild_id: guildId,
          parent_id: channelId,
          name,
          owner_id: botUserId,
          thread_metadata: {
            archived: false,
            auto_archive_duration: thread.autoArchiveDuration,
            locked: false,
            archive_timestamp: new Date().toISOString(),
          },
          message_count: 0,
          member_count: 1,
        });
        return;
      }
      if (req.method === 'POST' && path === '/users/@me/channels') {
        const { recipient_id: recipientId } = body as { recipient_id?: unknown };
        const recipient = typeof recipientId === 'string' ? recipientId : '';
        const id = dmChannels.get(recipient) ?? snowflake();
        dmChannels.set(recipient, id);
        knownChannels.add(id);
        send(res, 200, { id, type: 1, recipients: [{ id: recipient, username: `user-${recipient}`, discriminator: '0' }] });
        return;
      }
      // An interaction's webhook: follow-ups (POST), edits of the original response or of a follow-up (PATCH).
      const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path);
      if (
        webhook !== null &&
        ((req.method === 'POST' && webhook[3] === undefined) || (req.method === 'PATCH' && webhook[3] !== undefined))
      ) {
        const [, applicationId, token = '', messageId] = webhook;
        if (applicationId !== options.applicationId) {
          send(res, 404, { message: 'Unknown Webhook', code: 10015 });
          return;
        }
        const interaction = interactionOfToken(token);
        if (interaction === undefined || now() - interaction.at > INTERACTION_TOKEN_MS) {
          refuse(401, { message: 'Invalid Webhook Token', code: 50027 });
          return;
        }
        const invalid = messageErrors(body);
        if (invalid !== null) {
          refuse(400, invalidForm(invalid));
          return;
        }
        const id = messageId === undefined ? snowflake() : messageId === '@original' ? (interaction.originalId ??= snowflake()) : messageId;
        send(res, 200, { id, type: 0, ...(body as Record<string, unknown>) });
        return;
      }
      const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
      if (req.method === 'POST' && callback !== null) {
        const [, id = '', token] = callback;
        const interaction = interactions.get(id);
        if (interaction === undefined || interaction.token !== token || now() - interaction.at > INITIAL_RESPONSE_MS) {
          refuse(404, { message: 'Unknown interaction', code: 10062 });
          return;
        }
        if (interaction.acknowledged) {
          refuse(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
          return;
        }
        const response = isObject(body) ? body : {};
        const invalid = typeof response.type === 'number' && MESSAGE_CALLBACKS.has(response.type) ? messageErrors(response.data) : null;
        if (invalid !== null) {
          refuse(400, invalidForm({ data: invalid }));
          return;
        }
        interaction.acknowledged = true;
        send(res, 204);
        return;
      }
      send(res, 404, { message: 'Unknown route', code: 0 });
    })().catch(() => send(res, 500, { message: 'double failed', code: 0 }));
  };

  const http = await listenOnLoopback(handle);
  const wss = new WebSocketServer({ server: http.server });
  gatewayUrl = http.origin.replace(/^http/, 'ws');

  const dispatch = (socket: WebSocket, event: string, data: unknown) => {
    sequence += 1;
    socket.send(JSON.stringify({ op: 0, t: event, s: sequence, d: data }));
  };

  const memberPayload = (member: InteractionMember) => ({
    user: { id: member.userId, username: member.username ?? `user-${member.userId}`, discriminator: '0', global_name: null, avatar: null },
    roles: [],
    permissions: String(member.permissions),
    joined_at: new Date().toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
  });

  const botUser = { id: botUserId, username: 'papers-bot', discriminator: '0', global_name: null, avatar: null, bot: true };

  const channelPayload = (guildId: string, channel: DiscordDoubleChannel, position: number) => {
    const overwrite = overwrites.get(channel.id);
    return {
      id: channel.id,
      name: channel.name,
      type: 0,
      guild_id: guildId,
      position,
      permission_overwrites:
        overwrite === undefined ? [] : [{ id: botUserId, type: 1, allow: String(overwrite.allow), deny: String(overwrite.deny) }],
      nsfw: false,
      parent_id: null,
    };
  };

  const guildPayload = (guild: DiscordDoubleGuild) => ({
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: guild.ownerId,
    unavailable: false,
    member_count: 2,
    large: false,
    joined_at: new Date().toISOString(),
    features: [],
    roles: [
      {
        id: guild.id,
        name: '@everyone',
        permissions: String(EVERYONE_PERMISSIONS),
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
      },
    ],
    emojis: [],
    stickers: [],
    // Discord always includes the bot's own member, so it can work out its permissions.
    members: [{ ...memberPayload({ userId: botUserId, username: 'papers-bot', permissions: 0n }), user: botUser }],
    presences: [],
    voice_states: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    channels: guild.channels.map((channel, position) => channelPayload(guild.id, channel, position)),
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    afk_timeout: 300,
  });

  wss.on('connection', (socket: WebSocket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      const text = Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw as ArrayBuffer).toString('utf8');
      const message = JSON.parse(text) as { op: number; d: unknown };
      if (message.op === 1) {
        socket.send(JSON.stringify({ op: 11 }));
        return;
      }
      if (message.op === 6) {
        // RESUME after a dropped connection: the session goes on where it stopped.
        const resume = message.d as { token: string; session_id: string; seq: number };
        resumes.push({ sessionId: resume.session_id, seq: resume.seq });
        dispatch(socket, 'RESUMED', {});
        for (const waiter of resumeWaiters.splice(0)) waiter();
        return;
      }
      if (message.op === 2) {
        const identify = message.d as { token: string; intents: number };
        dispatch(socket, 'READY', {
          v: 10,
          user: botUser,
          guilds: options.guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: 'double-session',
          resume_gateway_url: gatewayUrl,
          application: { id: options.applicationId, flags: 0 },
          private_channels: [],
        });
        for (const guild of options.guilds) dispatch(socket, 'GUILD_CREATE', guildPayload(guild));
        resolveIdentified({ token: identify.token, intents: identify.intents });
      }
    });
  });

  /** Sends INTERACTION_CREATE: the fields every interaction carries, plus the type's own (`data`, `message`). */
  const dispatchInteraction = (
    call: { guildId: string; channelId: string; member: InteractionMember },
    type: number,
    own: Record<string, unknown>,
  ): { id: string; token: string } => {
    const id = snowflake();
    const token = `interaction-token-${id}`;
    interactions.set(id, { token, at: now(), acknowledged: false });
    const channel = options.guilds.find((g) => g.id === call.guildId)?.channels.find((c) => c.id === call.channelId);
    const interaction = {
      id,
      application_id: options.applicationId,
      type,
      token,
      version: 1,
      guild_id: call.guildId,
      channel_id: call.channelId,
      channel: channel === undefined ? undefined : { id: channel.id, name: channel.name, type: 0, guild_id: call.guildId },
      // What the bot may do in this channel, as Discord computes it for every interaction.
      app_permissions: String(botPermissionsIn(call.channelId)),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': call.guildId },
      context: 0,
      member: memberPayload(call.member),
      ...own,
    };
    for (const socket of sockets) dispatch(socket, 'INTERACTION_CREATE', interaction);
    return { id, token };
  };

  const dispatchCommand = (call: SlashCommandCall, type: 2 | 4, focused: string | null): { id: string; token: string } => {
    const subOptions = Object.entries(call.options ?? {}).map(([name, value]) => ({
      name,
      type: typeof value === 'number' ? 4 : 3,
      value,
      ...(name === focused ? { focused: true } : {}),
    }));
    return dispatchInteraction(call, type, {
      data: { id: '800000000000000001', name: 'papers', type: 1, options: [{ name: call.subcommand, type: 1, options: subOptions }] },
    });
  };

  return {
    apiUrl: `${http.origin}/api`,
    requests: log.requests,
    identified,
    posted,
    resumes,
    rateLimited,
    removeGuild(guildId) {
      removedGuilds.add(guildId);
      for (const socket of sockets) dispatch(socket, 'GUILD_DELETE', { id: guildId });
    },
    threads,
    limitHits,
    setBotOverwrite(channelId, overwrite, how = { tellBot: true }) {
      overwrites.set(channelId, { allow: overwrite.allow ?? 0n, deny: overwrite.deny ?? 0n });
      if (!how.tellBot) return;
      const guild = guilds.find((g) => g.channels.some((c) => c.id === channelId));
      const index = guild?.channels.findIndex((c) => c.id === channelId) ?? -1;
      const channel = guild?.channels[index];
      if (guild === undefined || channel === undefined) return;
      for (const socket of sockets) dispatch(socket, 'CHANNEL_UPDATE', channelPayload(guild.id, channel, index));
    },
    failAfterStartingThread(times) {
      lostThreadAnswers = times;
    },
    failAfterPosting(channelId, times) {
      lostAnswers.set(channelId, times);
    },
    addGuild(guild) {
      removedGuilds.delete(guild.id);
      if (!guilds.some((g) => g.id === guild.id)) guilds.push(guild);
      for (const channel of guild.channels) {
        knownChannels.add(channel.id);
        guildOfChannel.set(channel.id, guild.id);
      }
      for (const socket of sockets) dispatch(socket, 'GUILD_CREATE', guildPayload(guild));
    },
    rateLimitGlobal(times, seconds) {
      globalLimit.times = times;
      globalLimit.seconds = seconds;
    },
    rateLimitChannel(channelId, times, seconds) {
      rateLimits.set(channelId, { times, seconds });
    },
    dropConnections() {
      for (const socket of sockets) socket.terminate();
    },
    waitForResumes(count) {
      if (resumes.length >= count) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const check = () => (resumes.length >= count ? resolve() : resumeWaiters.push(check));
        resumeWaiters.push(check);
      });
    },
    dmChannelOf: (userId) => dmChannels.get(userId),
    failChannel(channelId, failure) {
      failures.set(channelId, failure);
    },
    deleteChannel(channelId) {
      knownChannels.delete(channelId);
    },
    failPostsAfter(channelId, okPosts, failures) {
      failingAfter.set(channelId, { okPosts, failures });
    },
    hangChannel(channelId, times) {
      hangs.set(channelId, times);
    },
    forgetNonces() {
      byNonce.clear();
    },
    deleteChannelAfter(channelId, posts) {
      deleteAfter.set(channelId, posts);
    },
    dispatchSlashCommand(call) {
      return dispatchCommand(call, 2, null);
    },
    dispatchButton(call) {
      return dispatchInteraction(call, 3, {
        data: { custom_id: call.customId, component_type: 2 },
        message: {
          id: snowflake(),
          channel_id: call.channelId,
          author: botUser,
          content: '',
          timestamp: new Date().toISOString(),
          edited_timestamp: null,
          tts: false,
          mention_everyone: false,
          mentions: [],
          mention_roles: [],
          attachments: [],
          embeds: [],
          pinned: false,
          type: 20,
          flags: 64,
          components: [],
        },
      });
    },
    dispatchAutocomplete(call) {
      return dispatchCommand(call, 4, call.focused);
    },
    async waitForRequest(match) {
      for (let count = 1; ; count = log.requests.length + 1) {
        const found = (await log.waitFor(count)).find(match);
        if (found !== undefined) return found;
      }
    },
    revokeToken() {
      tokenRevoked = true;
    },
    refused,
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await http.close();
    },
  };
}
