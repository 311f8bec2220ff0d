// Whether the Slack front end is connected, as /readyz reports it: in Socket Mode, up once Slack greets the
// socket, down as soon as it is cut, and up again after the client reconnects by itself.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackStartError, startSlackBot, type SlackBot } from '../../../src/platforms/slack/slack-bot.js';
import { startSlackDouble, type SlackDouble } from '../../doubles/slack-double.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';
import { APP_TOKEN, BOT_TOKEN, BOT_USER, SIGNING_SECRET, TEAM } from '../../helpers/slack-fixture.js';

let temp: TempStore | undefined;
let slack: SlackDouble | undefined;
let bot: SlackBot | undefined;

afterEach(async () => {
  await bot?.stop();
  await slack?.close();
  await temp?.cleanup();
  bot = slack = temp = undefined;
});

/** Connection changes as the bot reports them, and a way to wait for the next one. */
function changes() {
  const seen: boolean[] = [];
  const waiting: ((value: boolean) => void)[] = [];
  return {
    seen,
    record: (connected: boolean) => {
      seen.push(connected);
      waiting.shift()?.(connected);
    },
    next: () => new Promise<boolean>((resolve) => waiting.push(resolve)),
  };
}

async function start(
  mode: 'socket' | 'http',
  onConnectionChange?: (connected: boolean) => void,
  before?: (double: SlackDouble) => Promise<void> | void,
): Promise<SlackBot> {
  temp = await createTempStore();
  slack = await startSlackDouble({ teamId: TEAM, botUserId: BOT_USER, botToken: BOT_TOKEN, appToken: APP_TOKEN, channels: [], users: [] });
  const { apiUrl } = slack;
  await before?.(slack);
  return startSlackBot({
    botToken: BOT_TOKEN,
    ...(mode === 'http' ? { signingSecret: SIGNING_SECRET, port: 0 } : { appToken: APP_TOKEN }),
    apiUrl,
    store: temp.store,
    logger: pino({ level: 'silent' }),
    now: () => new Date(),
    ...(onConnectionChange === undefined ? {} : { onConnectionChange }),
  });
}

describe('Slack connection state', () => {
  it('in Socket Mode follows the socket: up on hello, down when cut, up after the reconnect', async () => {
    const log = changes();
    const up = log.next();
    bot = await start('socket', log.record);
    expect(await up).toBe(true);
    expect(bot.isConnected()).toBe(true);

    const down = log.next();
    slack?.dropConnections();
    expect(await down).toBe(false);
    expect(bot.isConnected()).toBe(false);

    expect(await log.next()).toBe(true);
    expect(bot.isConnected()).toBe(true);
    expect(log.seen).toEqual([true, false, true]);
  });

  it('in HTTP mode is up while the listener is, and down once stopped', async () => {
    bot = await start('http');
    expect(bot.isConnected()).toBe(true);
    await bot.stop();
    expect(bot.isConnected()).toBe(false);
    bot = undefined;
  });

  it('does not start on a token Slack refuses, and says so in words', async () => {
    const refused = start('socket', undefined, (double) => double.revokeToken());
    await expect(refused).rejects.toThrow(SlackStartError);
    await expect(refused).rejects.toThrow('Slack refuses SLACK_BOT_TOKEN (token_revoked); papers doctor says how to fix it');
    expect(slack?.connections).toBe(0);
  });

  it('does not start when Slack cannot be reached', async () => {
    const unreachable = start('http', undefined, async (double) => {
      await double.close();
      slack = undefined;
    });
    await expect(unreachable).rejects.toThrow(/^Slack cannot be reached at SLACK_API_URL: /);
  });
});
