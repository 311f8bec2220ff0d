// `papers run` with Slack and Discord configured together: one real process, one store, both front ends
// answering /papers, and the tokens never printed.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordDouble, type DiscordDouble } from '../../doubles/discord-double.js';
import { slashCommandPayload, startSlackDouble, type SlackDouble } from '../../doubles/slack-double.js';
import { startPapers } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-store.js';

const GUILD = '100000000000000001';
const DISCORD_CHANNEL = '200000000000000001';
const BOT_TOKEN = 'xoxb-run-bot-token';
const APP_TOKEN = 'xapp-run-app-token';
let discord: DiscordDouble | undefined;
let slack: SlackDouble | undefined;

afterEach(async () => {
  await discord?.close();
  await slack?.close();
});

describe('papers run with Slack and Discord', () => {
  it('answers /papers on both from one process and one store, and stops on SIGTERM', async () => {
    discord = await startDiscordDouble({
      applicationId: '300000000000000001',
      guilds: [{ id: GUILD, name: 'Lab', ownerId: '400000000000000001', channels: [{ id: DISCORD_CHANNEL, name: 'papers' }] }],
    });
    slack = await startSlackDouble({
      teamId: 'T0RUN',
      botUserId: 'U0BOT',
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      channels: [{ id: 'C0RUN', name: 'papers' }],
      users: [{ id: 'U0ADMIN', isAdmin: true }],
    });
    const { child, result } = startPapers(['run'], {
      DATABASE_URL: join(tempDir(), 'papers.db'),
      INGEST_INTERVAL_MINUTES: '0',
      DISCORD_TOKEN: 'run-token',
      DISCORD_APPLICATION_ID: '300000000000000001',
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'debug',
    });
    await Promise.all([discord.identified, slack.connected]);
    const ack = await slack.sendSlashCommand(
      slashCommandPayload({
        teamId: 'T0RUN',
        channelId: 'C0RUN',
        userId: 'U0ADMIN',
        text: 'subscribe me: mamba',
        responseUrl: slack.responseUrl(),
      }),
    );
    expect(String(ack.payload?.text)).toContain('mamba');
    const { id, token } = discord.dispatchSlashCommand({
      guildId: GUILD,
      channelId: DISCORD_CHANNEL,
      member: { userId: '500000000000000001', permissions: 0n },
      subcommand: 'topics',
    });
    const callback = await discord.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`);
    expect((callback.body as { data: { content: string } }).data.content).toContain('This channel follows 0 topics');
    child.kill('SIGTERM');
    const { code, stderr } = await result;
    expect(code).toBe(0);
    expect(stderr).toContain('slack connected');
    // Not even at debug level does a token reach the logs.
    for (const secret of ['run-token', BOT_TOKEN, APP_TOKEN]) expect(stderr).not.toContain(secret);
  });

  it('exits 1 with the reason when Slack refuses the bot token, stopping the Discord front end it had started', async () => {
    discord = await startDiscordDouble({
      applicationId: '300000000000000001',
      guilds: [{ id: GUILD, name: 'Lab', ownerId: '400000000000000001', channels: [{ id: DISCORD_CHANNEL, name: 'papers' }] }],
    });
    slack = await startSlackDouble({
      teamId: 'T0RUN',
      botUserId: 'U0BOT',
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      channels: [],
      users: [],
    });
    slack.revokeToken();
    const { result } = startPapers(['run'], {
      DATABASE_URL: join(tempDir(), 'papers.db'),
      INGEST_INTERVAL_MINUTES: '0',
      DISCORD_TOKEN: 'run-token',
      DISCORD_APPLICATION_ID: '300000000000000001',
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
    });
    const { code, stderr } = await result;
    expect(code).toBe(1);
    expect(stderr).toContain('Slack refuses SLACK_BOT_TOKEN (token_revoked); papers doctor says how to fix it');
    expect(stderr).not.toContain(BOT_TOKEN);
    expect(slack.connections).toBe(0);
  });
});
