// A Slack test bed: a temp store with the sample corpus, the Slack double with one workspace (an admin, a
// member, a public and a private channel), and the real Bolt app connected to it in Socket Mode or over HTTP.
import pino from 'pino';
import { startSlackBot, type SlackBot, type SlackBotOptions } from '../../src/platforms/slack/slack-bot.js';
import { slashCommandPayload, startSlackDouble, type SlackDouble } from '../doubles/slack-double.js';
import { loadSearchCorpus } from './search-corpus.js';
import { createTempStore, type TempStore } from './temp-store.js';

export const TEAM = 'T0LAB';
export const BOT_USER = 'U0BOT';
export const ADMIN = 'U0ADMIN';
export const MEMBER = 'U0MEMBER';
export const LISTED = 'U0LISTED';
export const PUBLIC_CHANNEL = 'C0PAPERS';
export const PRIVATE_CHANNEL = 'G0SECRET';
export const BOT_TOKEN = 'xoxb-double-bot-token';
export const APP_TOKEN = 'xapp-double-app-token';
export const SIGNING_SECRET = 'double-signing-secret';
export const NOW = new Date('2026-11-29T12:00:00Z');

export interface SlackFixture {
  temp: TempStore;
  slack: SlackDouble;
  bot: SlackBot;
  /** Runs `/papers <text>` over Socket Mode as `user` in `channel`; resolves with the ack's payload. */
  command(user: string, text: string, channel?: string): Promise<{ text?: string; response_type?: string; blocks?: unknown[] }>;
  close(): Promise<void>;
}

export async function startSlackFixture(
  options: { mode?: 'socket' | 'http' } & Partial<
    Pick<SlackBotOptions, 'ackAfterMs' | 'admins' | 'anyoneManages' | 'requestTimeoutMs' | 'onChannelEvent'>
  > = {},
): Promise<SlackFixture> {
  const temp = await createTempStore();
  await loadSearchCorpus(temp.store);
  const slack = await startSlackDouble({
    teamId: TEAM,
    botUserId: BOT_USER,
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    channels: [
      { id: PUBLIC_CHANNEL, name: 'papers' },
      { id: PRIVATE_CHANNEL, name: 'secret', isPrivate: true },
    ],
    users: [{ id: ADMIN, isAdmin: true }, { id: MEMBER }, { id: LISTED }],
  });
  const bot = await startSlackBot({
    botToken: BOT_TOKEN,
    ...(options.mode === 'http' ? { signingSecret: SIGNING_SECRET, port: 0 } : { appToken: APP_TOKEN }),
    apiUrl: slack.apiUrl,
    store: temp.store,
    logger: pino({ level: 'silent' }),
    now: () => NOW,
    channelIntervalMs: 0,
    admins: options.admins ?? [LISTED],
    ...(options.ackAfterMs === undefined ? {} : { ackAfterMs: options.ackAfterMs }),
    ...(options.anyoneManages === undefined ? {} : { anyoneManages: options.anyoneManages }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.onChannelEvent === undefined ? {} : { onChannelEvent: options.onChannelEvent }),
  });
  if (options.mode !== 'http') await slack.connected;
  return {
    temp,
    slack,
    bot,
    async command(user, text, channel = PUBLIC_CHANNEL) {
      const ack = await slack.sendSlashCommand(
        slashCommandPayload({ teamId: TEAM, channelId: channel, userId: user, text, responseUrl: slack.responseUrl() }),
      );
      return ack.payload ?? {};
    },
    async close() {
      await bot.stop();
      await slack.close();
      await temp.cleanup();
    },
  };
}
