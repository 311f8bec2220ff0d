// Sends digests to Discord channels and to people's DMs over the REST API (discord.js queues per route and
// waits out rate limits), and says which failures are worth a retry and which mean the bot lost its place.
import { DiscordAPIError, HTTPError, Routes, type REST } from 'discord.js';
import type { Digest } from '../../core/digest/digest.js';
import { DeliveryFailure } from '../../delivery/delivery-failure.js';
import type { DeliveryAttempt, Messenger } from '../../delivery/messenger.js';
import { tellPaused } from '../../delivery/paused-notice.js';
import type { Target } from '../../core/targets/target.js';
import { DISCORD_RESUME_HINT } from './access-recovery.js';
import { digestMessages, threadHeader, threadName, type DiscordMessage } from './digest-messages.js';

/** Discord error codes meaning the bot cannot post there until someone fixes it. */
const STOP_CODES: Record<number, string> = {
  10003: 'the channel no longer exists (Unknown Channel)',
  10004: 'the bot is no longer in that server (Unknown Guild)',
  10013: 'the user no longer exists (Unknown User)',
  50001: 'the bot has no access to the channel (Missing Access)',
  50007: 'the person does not accept direct messages from the bot',
  50013:
    'the bot lacks a permission it needs there (View Channel, Send Messages, Embed Links; for a thread digest also Create Public Threads and Send Messages in Threads)',
  50024: 'threads cannot be started in that channel (set /papers settings layout messages there)',
};

/** Discord's answer when a message already has a thread: a retry after the thread was made but not recorded. */
const THREAD_ALREADY_CREATED = 160_004;
/** A day's thread is archived after a day without activity, so old digests leave the channel's thread list. */
const THREAD_ARCHIVE_MINUTES = 1440;

/** Pure: a Discord error as retry-later or stop. */
export function classifyDiscordError(error: unknown): DeliveryFailure {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    const known = STOP_CODES[code];
    if (known !== undefined) return new DeliveryFailure('stop', known);
    if (error.status === 401) return new DeliveryFailure('stop', 'the bot token was refused (401)');
    if (error.status === 403 || error.status === 404) return new DeliveryFailure('stop', `Discord refused: ${error.message}`);
    return new DeliveryFailure('retry', `Discord answered ${error.status}: ${error.message}`);
  }
  if (error instanceof HTTPError) return new DeliveryFailure('retry', `Discord answered ${error.status}`);
  return new DeliveryFailure('retry', error instanceof Error ? error.message : 'unknown error');
}

/**
 * The nonce of a digest's message: its delivery and its place in the digest. Sent with enforce_nonce, a retry of
 * a message Discord already created (the answer was lost, the process died before recording it) returns the
 * existing message instead of posting it again.
 */
export function digestNonce(deliveryId: number, part: number | 'header'): string {
  // Discord allows 25 characters: "d" + up to 19 digits + "." + part.
  return `d${deliveryId}.${part === 'header' ? 'h' : part}`;
}

export interface DiscordMessenger extends Messenger {
  /** A direct message to one person (an admin told about their digest), mentioning no one. */
  tell(userId: string, text: string): Promise<void>;
}

export function discordMessenger(rest: REST): DiscordMessenger {
  const dmChannels = new Map<string, string>();
  const dmChannelOf = async (userId: string): Promise<string> => {
    let id = dmChannels.get(userId);
    if (id === undefined) {
      const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
      id = channel.id;
      dmChannels.set(userId, id);
    }
    return id;
  };
  const post = async (channelId: string, message: DiscordMessage, nonce?: string): Promise<string> => {
    const body = {
      ...message,
      // Upstream text (a title with @everyone) must never notify anyone.
      allowed_mentions: { parse: [] },
      ...(nonce === undefined ? {} : { nonce, enforce_nonce: true }),
    };
    const sent = (await rest.post(Routes.channelMessages(channelId), { body })) as { id: string };
    return sent.id;
  };
  /** Starts the day's thread on the header message; on a retry, the thread made last time is used. */
  const startThread = async (channelId: string, headerId: string, digest: Digest): Promise<string> => {
    try {
      const thread = (await rest.post(Routes.threads(channelId, headerId), {
        body: { name: threadName(digest), auto_archive_duration: THREAD_ARCHIVE_MINUTES },
      })) as { id: string };
      return thread.id;
    } catch (error) {
      // A thread started from a message has that message's id.
      if (error instanceof DiscordAPIError && Number(error.code) === THREAD_ALREADY_CREATED) return headerId;
      throw error;
    }
  };
  const channelOf = (target: Target) => (target.kind === 'user' ? dmChannelOf(target.address) : Promise.resolve(target.address));

  /**
   * Posts the digest's parts in order, each recorded in the ledger as soon as Discord confirms it; parts an
   * earlier attempt recorded are not posted again (`offset`: parts before these, such as a thread's header).
   */
  const sendParts = async (channelId: string, messages: DiscordMessage[], attempt: DeliveryAttempt, offset: number): Promise<string[]> => {
    const ids = attempt.sent.slice(offset, offset + messages.length);
    for (const [part, message] of messages.entries()) {
      if (part < ids.length) continue;
      const id = await post(channelId, message, digestNonce(attempt.id, part));
      await attempt.recordSent(id);
      ids.push(id);
    }
    return ids;
  };

  const tell = async (userId: string, text: string): Promise<void> => {
    await post(await dmChannelOf(userId), { content: text.slice(0, 2000), embeds: [], components: [] });
  };

  return {
    platform: 'discord',
    tell,
    async sendDigest(target, digest, attempt) {
      try {
        const channelId = await channelOf(target);
        // Direct messages have no threads; a personal digest is always plain messages.
        if (target.settings.layout !== 'thread' || target.kind === 'user')
          return await sendParts(channelId, digestMessages(digest), attempt, 0);
        let headerId = attempt.sent[0];
        if (headerId === undefined) {
          headerId = await post(channelId, threadHeader(digest), digestNonce(attempt.id, 'header'));
          await attempt.recordSent(headerId);
        }
        if (digest.empty) return [headerId];
        const threadId = await startThread(channelId, headerId, digest);
        return [headerId, ...(await sendParts(threadId, digestMessages(digest, { headline: false }), attempt, 1))];
      } catch (error) {
        throw classifyDiscordError(error);
      }
    },
    notifyPaused: (target, reason) => tellPaused(tell, target, reason, DISCORD_RESUME_HINT),
  };
}
