// Hostile input, 10,000 generated lines and options fed to every command through the paths the front ends use:
// the console's answerConsoleLine, Slack's text parsing and response rendering, Discord's structured options and
// its content limit. Zero crashes, zero unhandled rejections, every input answered in words, and no answer
// rendered for Slack contains a mention. Then a sample through the real Discord and Slack clients and doubles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandCaller, CommandContext } from '../../commands/command.js';
import { runCommand, runCommandText } from '../../commands/dispatch.js';
import { commands } from '../../commands/index.js';
import { answerConsoleLine, CONSOLE_CALLER } from '../../src/platforms/console/console-bot.js';
import { fitContent } from '../../src/platforms/discord/discord-bot.js';
import { slackResponse } from '../../src/platforms/slack/slack-replies.js';
import { MANAGE_CHANNELS } from '../doubles/discord-double.js';
import { LAB_CHANNEL, LAB_GUILD, startDiscordFixture } from '../helpers/discord-fixture.js';
import { recordScenario } from '../helpers/reliability-record.js';
import { loadSearchCorpus } from '../helpers/search-corpus.js';
import { blockActionsPayload } from '../doubles/slack-double.js';
import { ADMIN, MEMBER, PUBLIC_CHANNEL, TEAM, startSlackFixture } from '../helpers/slack-fixture.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { hostileText } from './hostile-inputs.js';

const INPUTS = 10_000;
const SAMPLE_PER_PLATFORM = 100;
const NOW = new Date('2026-11-29T12:00:00Z');
/** A mention in Slack's syntax; our own channel links (<#C…>) are fine. */
const SLACK_MENTION = /<[!@]/;
const IN_WORDS = /\p{L}{2}/u;

let temp: TempStore;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  temp = await createTempStore();
  await loadSearchCorpus(temp.store);
  process.on('unhandledRejection', onRejection);
});

afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await temp.cleanup();
});

const slackCaller = (user: string, canManage: boolean): CommandCaller => ({
  platform: 'slack',
  workspace: 'T0FUZZ',
  channel: 'C0FUZZ',
  user,
  canManageChannel: canManage,
  managePermissionName: 'a workspace admin',
});
const discordCaller = (canManage: boolean): CommandCaller => ({
  platform: 'discord',
  workspace: '100000000000000009',
  channel: '200000000000000009',
  user: '500000000000000009',
  canManageChannel: canManage,
  managePermissionName: 'Manage Channels',
});

describe('the fuzzer', () => {
  it(
    `answers ${INPUTS.toLocaleString('en-US')} hostile inputs to every command on every path, in words, without a crash`,
    { timeout: 300_000 },
    async () => {
      const seed = 20261129;
      const next = seededRandom(seed);
      const context = (caller: CommandCaller): CommandContext => ({ store: temp.store, now: () => NOW, caller });
      const failures: string[] = [];
      let crashes = 0;
      for (let i = 0; i < INPUTS; i += 1) {
        const command = commands[i % commands.length];
        if (command === undefined) throw new Error('no commands');
        const text = hostileText(next);
        const path = i % 3;
        try {
          if (path === 0) {
            const answer = await answerConsoleLine(`/papers ${command.name} ${text}`, context(CONSOLE_CALLER));
            if (answer === null || !IN_WORDS.test(answer))
              failures.push(`console ${command.name} ${JSON.stringify(text).slice(0, 80)}: ${String(answer)}`);
          } else if (path === 1) {
            const caller = next() < 0.5 ? slackCaller(ADMIN, true) : slackCaller(MEMBER, false);
            const response = slackResponse(await runCommandText(context(caller), `${command.name} ${text}`));
            if (!IN_WORDS.test(response.text)) failures.push(`slack ${command.name}: not in words`);
            if (SLACK_MENTION.test(JSON.stringify(response)))
              failures.push(`slack ${command.name} ${JSON.stringify(text).slice(0, 80)}: mentions`);
          } else {
            // Discord sends each option by name, typed: strings, or numbers for integer options.
            const option = command.options[Math.floor(next() * Math.max(1, command.options.length))];
            const value = option?.type === 'integer' && next() < 0.7 ? Math.floor((next() - 0.3) * 1e6) : text;
            const reply = await runCommand(
              context(discordCaller(next() < 0.5)),
              command,
              option === undefined ? {} : { [option.name]: value },
            );
            const content = fitContent(reply.text);
            if (!IN_WORDS.test(content) || content.length > 2000) failures.push(`discord ${command.name}: ${content.length} characters`);
          }
        } catch (error) {
          crashes += 1;
          failures.push(
            `${command.name} ${JSON.stringify(text).slice(0, 80)} threw ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      recordScenario({
        id: 'fuzz-commands',
        scenario: 'Hostile input to every command through the console, Slack and Discord parsing paths',
        runs: 1,
        inputsTried: INPUTS,
        crashes,
        notes: `seed ${seed}; ${failures.length} answers not in words or mentioning someone; ${rejections.length} unhandled rejections`,
      });
      expect(failures.slice(0, 20)).toEqual([]);
      expect(crashes).toBe(0);
      expect(rejections).toEqual([]);
    },
  );
});

describe('hostile input through the real clients', () => {
  it('answers every Discord interaction within the content limit, with mentions turned off', { timeout: 120_000 }, async () => {
    const fixture = await startDiscordFixture();
    try {
      const next = seededRandom(7);
      for (let i = 0; i < SAMPLE_PER_PLATFORM; i += 1) {
        const command = commands[i % commands.length];
        const option = command?.options.find((o) => o.type === 'string');
        if (command === undefined) continue;
        const { id, token } = fixture.discord.dispatchSlashCommand({
          guildId: LAB_GUILD,
          channelId: LAB_CHANNEL,
          member: { userId: '500000000000000001', permissions: i % 2 === 0 ? MANAGE_CHANNELS : 0n },
          subcommand: command.name,
          options: option === undefined ? {} : { [option.name]: hostileText(next).slice(0, 6000) },
        });
        const callback = await fixture.discord.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`);
        const data = (callback.body as { data: { content: string; allowed_mentions?: { parse: string[] } } }).data;
        expect(data.content.length).toBeGreaterThan(0);
        expect(data.content.length).toBeLessThanOrEqual(2000);
        expect(data.allowed_mentions).toEqual({ parse: [] });
      }
    } finally {
      await fixture.close();
    }
  });

  it('answers hostile Similar buttons on Discord privately, in words, inside the limits', { timeout: 120_000 }, async () => {
    const fixture = await startDiscordFixture();
    try {
      const next = seededRandom(13);
      for (let i = 0; i < SAMPLE_PER_PLATFORM / 2; i += 1) {
        // What a forged or stale button could carry: Discord holds a custom_id to 100 characters.
        const customId = `papers:similar:${hostileText(next)}`.slice(0, 100);
        const { id, token } = fixture.discord.dispatchButton({
          guildId: LAB_GUILD,
          channelId: LAB_CHANNEL,
          member: { userId: '500000000000000001', permissions: 0n },
          customId,
        });
        const callback = await fixture.discord.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`);
        const { data } = callback.body as { data: { content: string; flags?: number; allowed_mentions?: { parse: string[] } } };
        expect(data.content).toMatch(IN_WORDS);
        expect(data.content.length).toBeLessThanOrEqual(2000);
        expect(data.flags).toBe(64);
        expect(data.allowed_mentions).toEqual({ parse: [] });
      }
      expect(fixture.discord.refused).toEqual([]);
    } finally {
      await fixture.close();
    }
  });

  it('answers hostile Similar buttons on Slack privately, in words, never mentioning anyone', { timeout: 120_000 }, async () => {
    const fixture = await startSlackFixture();
    try {
      const next = seededRandom(17);
      for (let i = 0; i < SAMPLE_PER_PLATFORM / 2; i += 1) {
        const responseUrl = fixture.slack.responseUrl();
        await fixture.slack.sendInteractive(
          blockActionsPayload({
            teamId: TEAM,
            channelId: PUBLIC_CHANNEL,
            userId: MEMBER,
            actionId: `papers-similar-${i}`,
            value: hostileText(next).slice(0, 2000),
            responseUrl,
          }),
        );
        const responseId = decodeURIComponent(responseUrl.slice(responseUrl.lastIndexOf('/') + 1));
        const { body } = await fixture.slack.waitForResponse((r) => r.id === responseId);
        expect(body.response_type).toBe('ephemeral');
        expect(String(body.text)).toMatch(IN_WORDS);
        expect(JSON.stringify(body)).not.toMatch(SLACK_MENTION);
      }
    } finally {
      await fixture.close();
    }
  });

  it('answers every Slack command in words, never mentioning anyone', { timeout: 120_000 }, async () => {
    const fixture = await startSlackFixture();
    try {
      const next = seededRandom(11);
      for (let i = 0; i < SAMPLE_PER_PLATFORM; i += 1) {
        const command = commands[i % commands.length];
        if (command === undefined) continue;
        const answer = await fixture.command(i % 2 === 0 ? ADMIN : MEMBER, `${command.name} ${hostileText(next)}`);
        expect(answer.text ?? '').toMatch(IN_WORDS);
        expect(JSON.stringify(answer)).not.toMatch(SLACK_MENTION);
      }
      for (const message of fixture.slack.posted) expect(JSON.stringify(message)).not.toMatch(SLACK_MENTION);
    } finally {
      await fixture.close();
    }
  });
});
