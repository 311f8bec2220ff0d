// `papers run` with Slack and Discord configured together: one real process, one store, both front ends
// answering /papers, and the tokens never printed.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscordDouble } from '../../doubles/discord-double.js';
import { slashCommandPayload, startSlackDouble, type SlackDouble } from '../../doubles/slack-double.js';
import { APPLICATION_ID, askLabTopics, startLabDiscord } from '../../helpers/discord-fixture.js';
import { startPapers } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-store.js';

const BOT_TOKEN = 'xoxb-run-bot-token';
const APP_TOKEN = 'xapp-run-app-token';
let discord: DiscordDouble | undefined;
let slack: SlackDouble | undefined;

afterEach(async () => {
  await discord?.close();
  await slack?.close();
});

/** Both doubles: the lab Discord server, and a Slack workspace with one channel and an admin. */
async function startDoubles(): Promise<{ discord: DiscordDouble; slack: SlackDouble }> {
  discord = await startLabDiscord();
  slack = await startSlackDouble({
    teamId: 'T0RUN',
    botUserId: 'U0BOT',
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    channels: [{ id: 'C0RUN', name: 'papers' }],
    users: [{ id: 'U0ADMIN', isAdmin: true }],
  });
  return { discord, slack };
}

/** `papers run` on a fresh database with both front ends pointed at the doubles. */
function runBoth(doubles: { discord: DiscordDouble; slack: SlackDouble }, env: Record<string, string> = {}) {
  return startPapers(['run'], {
    DATABASE_URL: join(tempDir(), 'papers.db'),
    INGEST_INTERVAL_MINUTES: '0',
    DISCORD_TOKEN: 'run-token',
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: doubles.discord.apiUrl,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: doubles.slack.apiUrl,
    ...env,
  });
}

describe('papers run with Slack and Discord', () => {
  it('answers /papers on both from one process and one store, and stops on SIGTERM', async () => {
    const { discord, slack } = await startDoubles();
    const { child, result } = runBoth({ discord, slack }, { LOG_LEVEL: 'debug' });
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
    expect(await askLabTopics(discord)).toContain('This channel follows no topics.');
    child.kill('SIGTERM');
    const { code, stderr } = await result;
    expect(code).toBe(0);
    expect(stderr).toContain('slack connected');
    // Not even at debug level does a token reach the logs.
    for (const secret of ['run-token', BOT_TOKEN, APP_TOKEN]) expect(stderr).not.toContain(secret);
  });

  it('exits 1 with the reason when Slack refuses the bot token, stopping the Discord front end it had started', async () => {
    const doubles = await startDoubles();
    doubles.slack.revokeToken();
    const { result } = runBoth(doubles);
    const { code, stderr } = await result;
    expect(code).toBe(1);
    expect(stderr).toContain('Slack refuses SLACK_BOT_TOKEN (token_revoked); papers doctor says how to fix it');
    expect(stderr).not.toContain(BOT_TOKEN);
    expect(doubles.slack.connections).toBe(0);
  });
});
