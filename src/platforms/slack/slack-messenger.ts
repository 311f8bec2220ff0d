// Sends digests to Slack channels and to people's DMs through the Web API, in Block Kit, one part at a time:
// each message is recorded in the ledger as soon as Slack confirms it, so a retry goes on after it. Link
// unfurling is off (a digest would otherwise grow a preview per paper). Rate limits are waited out here, as
// Slack asks; anything else that may pass (5xx, timeouts) goes back to the ledger for a later retry.
import type { webApi } from '@slack/bolt';
import type { Target } from '../../core/targets/target.js';
import { DeliveryFailure } from '../../delivery/delivery-failure.js';
import type { DeliveryAttempt, Messenger } from '../../delivery/messenger.js';
import { tellPaused } from '../../delivery/paused-notice.js';
import { digestBlockMessages, slackThreadHeader, type SlackMessage } from './digest-blocks.js';
import { slackResumeHint } from './slack-recovery.js';
import { escapeReplyText } from './slack-text.js';

/** Slack error codes that mean the bot cannot post there until someone fixes it. */
const STOP_ERRORS: Record<string, string> = {
  channel_not_found: 'the channel no longer exists, or the bot cannot see it (channel_not_found)',
  is_archived: 'the channel is archived (is_archived)',
  not_in_channel: 'the bot is not a member of the channel; invite it with /invite @papers (not_in_channel)',
  account_inactive: 'the bot’s Slack account is deactivated (account_inactive)',
  token_revoked: 'the bot token was revoked; reinstall the app (token_revoked)',
  invalid_auth: 'the bot token is not valid (invalid_auth)',
  not_authed: 'no bot token was sent (not_authed)',
  missing_scope: 'the app lacks a permission scope; reinstall it from the manifest (missing_scope)',
  restricted_action: 'a workspace setting stops the bot from posting there (restricted_action)',
  cannot_dm_bot: 'that user is a bot and cannot receive direct messages (cannot_dm_bot)',
  user_not_found: 'the person is no longer in the workspace (user_not_found)',
  team_access_not_granted: 'the app is not installed in that workspace (team_access_not_granted)',
};

/** Digests sent to Slack at once (see the messenger's concurrency). */
export const SLACK_CONCURRENCY = 500;

/** The metadata event type every digest message carries, with its delivery and part. */
const DIGEST_EVENT = 'papers_digest';
/** Messages read back when looking for a digest's parts: a retry comes within the hour, so they are recent. */
const RECENT_MESSAGES = 200;

/** Waits for a rate limit before giving the delivery back to the ledger: Slack's Retry-After is usually seconds. */
const MAX_RATE_LIMIT_WAITS = 5;
const MAX_RATE_LIMIT_WAIT_MS = 60_000;

interface SlackErrorShape {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
}

function shapeOf(error: unknown): SlackErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The Slack error code of a failed call ("not_in_channel"), or null for transport failures. */
export function slackErrorCode(error: unknown): string | null {
  return shapeOf(error).data?.error ?? null;
}

/** Pure: a Slack failure as retry-later or stop. */
export function classifySlackError(error: unknown): DeliveryFailure {
  const shape = shapeOf(error);
  const code = shape.data?.error;
  const known = code === undefined ? undefined : STOP_ERRORS[code];
  if (known !== undefined) return new DeliveryFailure('stop', known);
  if (shape.code === 'slack_webapi_rate_limited_error') {
    return new DeliveryFailure('retry', 'rate limited by Slack', (shape.retryAfter ?? 1) * 1000);
  }
  if (code !== undefined) return new DeliveryFailure('retry', `Slack answered ${code}`);
  if (shape.statusCode !== undefined) return new DeliveryFailure('retry', `Slack answered HTTP ${shape.statusCode}`);
  return new DeliveryFailure('retry', error instanceof Error ? error.message : 'unknown error');
}

export interface SlackMessengerOptions {
  client: webApi.WebClient;
  /** Least time between two posts to one channel (Slack allows about one message per second per channel). */
  channelIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told each time Slack asks to wait (metrics). */
  onRateLimited?: () => void;
}

export interface SlackMessenger extends Messenger {
  /** A direct message to one person, escaped (channel links the bot wrote stay links). */
  tell(userId: string, text: string): Promise<void>;
}

// Unref'd: a wait for a rate limit never keeps a stopping process alive.
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function slackMessenger(options: SlackMessengerOptions): SlackMessenger {
  const { client } = options;
  const sleep = options.sleep ?? defaultSleep;
  const interval = options.channelIntervalMs ?? 1100;
  const lastPost = new Map<string, number>();
  const dmChannels = new Map<string, string>();

  /** One Web API call, with Slack's rate limits waited out (the client is set to reject them, not to retry). */
  const patiently = async <T>(call: () => Promise<T>): Promise<T> => {
    for (let waits = 0; ; waits += 1) {
      try {
        return await call();
      } catch (error) {
        const shape = shapeOf(error);
        const waitMs = (shape.retryAfter ?? 1) * 1000;
        if (shape.code !== 'slack_webapi_rate_limited_error' || waits >= MAX_RATE_LIMIT_WAITS || waitMs > MAX_RATE_LIMIT_WAIT_MS)
          throw error;
        options.onRateLimited?.();
        await sleep(waitMs);
      }
    }
  };

  const dmChannelOf = async (userId: string): Promise<string> => {
    const known = dmChannels.get(userId);
    if (known !== undefined) return known;
    const opened = await patiently(() => client.conversations.open({ users: userId }));
    const id = opened.channel?.id;
    if (id === undefined) throw new DeliveryFailure('retry', 'Slack opened no direct message channel');
    dmChannels.set(userId, id);
    return id;
  };

  /**
   * Posts to one channel go one at a time, in the order asked (digests are sent several at once, and several
   * may go to one channel, such as an admin's DM): Slack's pace is per channel.
   */
  const turns = new Map<string, Promise<void>>();
  const inTurn = async <T>(channel: string, work: () => Promise<T>): Promise<T> => {
    const previous = turns.get(channel) ?? Promise.resolve();
    let done: () => void = () => undefined;
    const mine = previous.then(() => new Promise<void>((resolve) => (done = resolve)));
    turns.set(channel, mine);
    await previous;
    try {
      return await work();
    } finally {
      done();
      if (turns.get(channel) === mine) turns.delete(channel);
    }
  };

  const post = (channel: string, message: SlackMessage, extra: { threadTs?: string; deliveryId?: number; part?: number }) =>
    inTurn(channel, () => postNow(channel, message, extra));

  const postNow = async (channel: string, message: SlackMessage, extra: { threadTs?: string; deliveryId?: number; part?: number }) => {
    const since = Date.now() - (lastPost.get(channel) ?? 0);
    if (since < interval) await sleep(interval - since);
    const sent = await patiently(() =>
      client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(extra.threadTs === undefined ? {} : { thread_ts: extra.threadTs }),
        // The digest's own marker: a later check can tell which parts of which delivery a channel already has.
        ...(extra.deliveryId === undefined
          ? {}
          : { metadata: { event_type: DIGEST_EVENT, event_payload: { delivery: extra.deliveryId, part: extra.part ?? 0 } } }),
      }),
    );
    lastPost.set(channel, Date.now());
    if (sent.ts === undefined) throw new DeliveryFailure('retry', 'Slack confirmed a message without its ts');
    return sent.ts;
  };

  /** Posts to a channel; a public channel the bot is not in is joined once (channels:join) and tried again. */
  const postJoining = async (channel: string, message: SlackMessage, extra: { threadTs?: string; deliveryId?: number; part?: number }) => {
    try {
      return await post(channel, message, extra);
    } catch (error) {
      if (slackErrorCode(error) !== 'not_in_channel') throw error;
      try {
        await patiently(() => client.conversations.join({ channel }));
      } catch {
        // Private channels cannot be joined: the bot must be invited. The original error says so.
        throw error;
      }
      return post(channel, message, extra);
    }
  };

  /**
   * The parts of a delivery a channel (or a thread) already holds, by the metadata each part was posted with: an
   * earlier attempt may have posted one and died before recording it. Best effort: if Slack cannot say, none.
   */
  const partsFound = async (channel: string, deliveryId: number, threadTs?: string): Promise<Map<number, string>> => {
    const found = new Map<number, string>();
    try {
      const { messages } =
        threadTs === undefined
          ? await patiently(() => client.conversations.history({ channel, include_all_metadata: true, limit: RECENT_MESSAGES }))
          : await patiently(() =>
              client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: RECENT_MESSAGES }),
            );
      for (const message of messages ?? []) {
        const payload: Record<string, unknown> | undefined =
          message.metadata?.event_type === DIGEST_EVENT ? message.metadata.event_payload : undefined;
        const part = payload?.part;
        if (payload?.delivery === deliveryId && typeof part === 'number' && message.ts !== undefined) found.set(part, message.ts);
      }
    } catch {
      // No history to read (no access, a scope missing): posting again is the only way forward.
    }
    return found;
  };

  const sendParts = async (channel: string, messages: SlackMessage[], attempt: DeliveryAttempt, threadTs?: string) => {
    const offset = threadTs === undefined ? 0 : 1;
    const ids = attempt.sent.slice(offset, offset + messages.length);
    const found =
      attempt.number > 1 && ids.length < messages.length ? await partsFound(channel, attempt.id, threadTs) : new Map<number, string>();
    for (const [part, message] of messages.entries()) {
      if (part < ids.length) continue;
      const ts =
        found.get(part + offset) ?? (await postJoining(channel, message, { threadTs, deliveryId: attempt.id, part: part + offset }));
      await attempt.recordSent(ts);
      ids.push(ts);
    }
    return ids;
  };

  const tell = async (userId: string, text: string): Promise<void> => {
    const escaped = escapeReplyText(text);
    await post(
      await dmChannelOf(userId),
      { text: escaped, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escaped.slice(0, 3000) } }] },
      {},
    );
  };

  return {
    platform: 'slack',
    // Slack paces each channel (about a message a second), not the app: a digest in a thread spends most of its
    // time waiting for its channel, so many channels are served at once.
    concurrency: SLACK_CONCURRENCY,
    tell,
    async sendDigest(target: Target, digest, attempt) {
      try {
        const channel = target.kind === 'user' ? await dmChannelOf(target.address) : target.address;
        if (target.settings.layout !== 'thread' || target.kind === 'user')
          return await sendParts(channel, digestBlockMessages(digest), attempt);
        let headerTs = attempt.sent[0] ?? (attempt.number > 1 ? (await partsFound(channel, attempt.id)).get(0) : undefined);
        if (headerTs === undefined) headerTs = await postJoining(channel, slackThreadHeader(digest), { deliveryId: attempt.id, part: 0 });
        if (attempt.sent[0] === undefined) await attempt.recordSent(headerTs);
        if (digest.empty) return [headerTs];
        return [headerTs, ...(await sendParts(channel, digestBlockMessages(digest, { headline: false }), attempt, headerTs))];
      } catch (error) {
        throw error instanceof DeliveryFailure ? error : classifySlackError(error);
      }
    },
    notifyPaused: (target, reason) => tellPaused(tell, target, reason, slackResumeHint(reason)),
  };
}
