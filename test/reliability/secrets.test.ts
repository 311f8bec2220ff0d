// Secrets never printed: the real bot runs at trace level with known fake tokens and signing secret, on Discord
// and on Slack over HTTP, answers commands, refuses a forged request, loses access to a channel, and stops;
// nothing it printed, and no answer it gave, contains any of the secrets.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscordDouble } from '../doubles/discord-double.js';
import { formBody, slackSignature, slashCommandPayload, startSlackDouble, type SlackDouble } from '../doubles/slack-double.js';
import { APPLICATION_ID, LAB_CHANNEL as CHANNEL, LAB_GUILD as GUILD, startLabDiscord } from '../helpers/discord-fixture.js';
import { recordScenario } from '../helpers/reliability-record.js';
import { freePort } from '../helpers/free-port.js';
import { startPapers } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-store.js';

const SECRETS = {
  DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAx.SECRET-discord-token-7f3a',
  SLACK_BOT_TOKEN: 'xoxb-SECRET-slack-bot-token-91c2',
  SLACK_SIGNING_SECRET: 'SECRET-signing-secret-5d8e',
};
let discord: DiscordDouble | undefined;
let slack: SlackDouble | undefined;

afterEach(async () => {
  await discord?.close();
  await slack?.close();
});

describe('secrets', () => {
  it('never appear in what the bot prints at trace level, or in its answers', { timeout: 60_000 }, async () => {
    discord = await startLabDiscord();
    slack = await startSlackDouble({
      teamId: 'T0SEC',
      botUserId: 'U0BOT',
      botToken: SECRETS.SLACK_BOT_TOKEN,
      appToken: 'xapp-unused',
      channels: [{ id: 'C0SEC', name: 'papers' }],
      users: [{ id: 'U0ADMIN', isAdmin: true }],
    });
    const port = await freePort();
    const { child, result } = startPapers(['run'], {
      DATABASE_URL: join(tempDir(), 'papers.db'),
      INGEST_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'trace',
      LOG_FILE: '-',
      PORT: String(port),
      DISCORD_TOKEN: SECRETS.DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    });
    // The Slack receiver is listening once the bot says "slack connected".
    let printedSoFar = '';
    const slackReady = new Promise<void>((resolve) =>
      child.stderr?.on('data', (chunk: Buffer) => {
        printedSoFar += chunk.toString();
        if (printedSoFar.includes('slack connected')) resolve();
      }),
    );
    await Promise.all([discord.identified, slackReady]);
    const answers: string[] = [];
    const post = async (text: string, secret: string) => {
      const body = formBody(
        slashCommandPayload({ teamId: 'T0SEC', channelId: 'C0SEC', userId: 'U0ADMIN', text, responseUrl: slack?.responseUrl() ?? '' }),
      );
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': slackSignature(secret, timestamp, body),
        },
        body,
      });
      answers.push(`${response.status} ${await response.text()}`);
      return response.status;
    };
    expect(await post('subscribe rlhf', SECRETS.SLACK_SIGNING_SECRET)).toBe(200);
    expect(await post('search diffusion', 'forged-secret')).toBe(401);
    expect(await post('settings time 99:99', SECRETS.SLACK_SIGNING_SECRET)).toBe(200);
    const { id, token } = discord.dispatchSlashCommand({
      guildId: GUILD,
      channelId: CHANNEL,
      member: { userId: '500000000000000001', permissions: 0n },
      subcommand: 'subscribe',
      options: { topic: 'mamba' },
    });
    const callback = await discord.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`);
    answers.push(JSON.stringify(callback.body));
    child.kill('SIGTERM');
    const { code, stdout, stderr } = await result;
    expect(code).toBe(0);
    const printed = `${stdout}\n${stderr}\n${answers.join('\n')}`;
    const leaked = Object.entries(SECRETS).filter(([, secret]) => printed.includes(secret) || printed.includes(secret.slice(-12)));
    recordScenario({
      id: 'secrets',
      scenario:
        'Known fake tokens and signing secret at trace level (Discord, Slack over HTTP): searched in everything printed and answered',
      runs: 1,
      notes: `${printed.length.toLocaleString('en-US')} characters printed and answered; secrets found: ${leaked.map(([name]) => name).join(', ') || 'none'}`,
    });
    expect(stderr.length).toBeGreaterThan(1000);
    expect(leaked.map(([name]) => name)).toEqual([]);
  });
});
