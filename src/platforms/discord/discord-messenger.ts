// Sends digests to Discord channels and to people's DMs over the REST API (discord.js queues per route and
// waits out rate limits), and says which failures are worth a retry and which mean the bot lost its place.
import { DiscordAPIError, HTTPError, Routes, type REST } from 'discord.js';
import { DeliveryFailure } from '../../delivery/delivery-failure.js';
import type { Messenger } from '../../delivery/messenger.js';
import type { Target } from '../../core/targets/target.js';
import { digestMessages, type DiscordMessage } from './digest-messages.js';

/** Discord error codes meaning the bot cannot post there until someone fixes it. */
const STOP_CODES: Record<number, string> = {
  10003: 'the channel no longer exists (Unknown Channel)',
  10004: 'the bot is no longer in that server (Unknown Guild)',
  10013: 'the user no longer exists (Unknown User)',
  50001: 'the bot has no access to the channel (Missing Access)',
  50007: 'the person does not accept direct messages from the bot',
  50013: 'the bot lacks a permission it needs there (Send Messages, Embed Links)',
};

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

export function discordMessenger(rest: REST): Messenger {
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
  const post = async (channelId: string, message: DiscordMessage): Promise<string> => {
    // Upstream text (a title with @everyone) must never notify anyone.
    const sent = (await rest.post(Routes.channelMessages(channelId), { body: { ...message, allowed_mentions: { parse: [] } } })) as {
      id: string;
    };
    return sent.id;
  };
  const channelOf = (target: Target) => (target.kind === 'user' ? dmChannelOf(target.address) : Promise.resolve(target.address));

  return {
    platform: 'discord',
    async sendDigest(target, digest) {
      try {
        const channelId = await channelOf(target);
        const ids: string[] = [];
        for (const message of digestMessages(digest)) ids.push(await post(channelId, message));
        return ids;
      } catch (error) {
        throw classifyDiscordError(error);
      }
    },
    async notifyAdmin(target, message) {
      if (target.adminUser === null) return;
      await post(await dmChannelOf(target.adminUser), { content: message.slice(0, 2000), embeds: [], components: [] });
    },
  };
}
