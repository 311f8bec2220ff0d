// The Similar button through discord.js and the Discord double: on each paper of a search answer (under its page
// buttons) and of a scheduled digest; pressing it answers the person who pressed it privately (ephemeral) with the
// papers most like that one, the paper itself absent. The double refuses any message past Discord's limits.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigestTick } from '../../../src/delivery/digest-scheduler.js';
import { discordMessenger } from '../../../src/platforms/discord/discord-messenger.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { ensureTarget } from '../../../src/store/targets-repository.js';
import { MANAGE_CHANNELS, type DiscordDouble } from '../../doubles/discord-double.js';
import { digestPaper } from '../../helpers/digest-papers.js';
import { LAB_CHANNEL as CHANNEL, LAB_GUILD as GUILD, startDiscordFixture, type DiscordFixture } from '../../helpers/discord-fixture.js';

const MEMBER = { userId: '500000000000000001', permissions: MANAGE_CHANNELS };
const OTHER_MEMBER = { userId: '500000000000000002', permissions: 0n };
const EPHEMERAL = 64;
const SIMILAR = /^papers:similar:(\S+)$/;

interface Button {
  label: string;
  custom_id?: string;
  url?: string;
}
interface Answer {
  type: number;
  data: { content: string; flags?: number; components?: { type: number; components: Button[] }[]; allowed_mentions?: unknown };
}

let fixture: DiscordFixture;
let discord: DiscordDouble;

beforeEach(async () => {
  fixture = await startDiscordFixture();
  discord = fixture.discord;
});
afterEach(async () => fixture.close());

async function callback(id: string, token: string): Promise<Answer> {
  return (await discord.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${id}/${token}/callback`)).body as Answer;
}

/** Presses a button in the lab channel; resolves with the answer. */
async function press(customId: string, member = MEMBER): Promise<Answer> {
  const { id, token } = discord.dispatchButton({ guildId: GUILD, channelId: CHANNEL, member, customId });
  return callback(id, token);
}

/** The ids of the papers an answer lists, from their Hugging Face links. */
const listed = (text: string) => [...text.matchAll(/huggingface\.co\/papers\/(\S+)/g)].map((m) => m[1]);

function expectSimilarAnswer(answer: Answer, paperId: string): void {
  expect(discord.refused).toEqual([]);
  expect(answer.type).toBe(4);
  expect(answer.data.flags).toBe(EPHEMERAL);
  expect(answer.data.allowed_mentions).toEqual({ parse: [] });
  expect(answer.data.content).toMatch(new RegExp(`^Papers similar to ".*" \\(${paperId.replace('.', '\\.')}\\):\\n1\\. `));
  expect(listed(answer.data.content).length).toBeGreaterThan(0);
  expect(listed(answer.data.content)).not.toContain(paperId);
  // The answer's papers have Similar buttons of their own; none is the paper itself.
  const similarIds = (answer.data.components ?? []).flatMap((row) => row.components).map((b) => SIMILAR.exec(b.custom_id ?? '')?.[1]);
  expect(similarIds.length).toBeGreaterThan(0);
  expect(similarIds).not.toContain(paperId);
}

describe('the Similar button on Discord', () => {
  it('is on each paper of a search answer, under the page buttons, and answers privately with the similar papers', async () => {
    const { id, token } = discord.dispatchSlashCommand({
      guildId: GUILD,
      channelId: CHANNEL,
      member: MEMBER,
      subcommand: 'search',
      options: { query: 'model', limit: 50 },
    });
    const search = await callback(id, token);
    expect(discord.refused).toEqual([]);
    const rows = search.data.components ?? [];
    // Discord's limits: 5 rows of 5 buttons, custom_ids of at most 100 characters.
    expect(rows.length).toBeLessThanOrEqual(5);
    for (const row of rows) expect(row.components.length).toBeLessThanOrEqual(5);
    expect(rows[0]?.components.map((b) => b.label)).toEqual(['◀ Previous', 'Next ▶', 'Share to channel']);
    const similar = rows.slice(1).flatMap((row) => row.components);
    expect(similar.length).toBeGreaterThan(0);
    expect(similar.length).toBeLessThanOrEqual(20);
    for (const button of similar) expect(button.custom_id?.length).toBeLessThanOrEqual(100);
    // One per paper the answer shows, numbered as it is: a paper cut off by the 2,000-character limit has none.
    const shown = listed(search.data.content);
    // Cut to 2,000 characters, the answer says how many of the page's papers it shows, so "1–33 shown" is not left alone.
    expect(search.data.content.length).toBeLessThanOrEqual(2000);
    expect(search.data.content).toMatch(/^\d+ papers match(; 1–\d+ shown)?\n/);
    const [, fit, of] =
      /\n… only (\d+) of these (\d+) papers fit in one Discord message; a smaller limit shows them all\.$/.exec(search.data.content) ?? [];
    expect(Number(fit)).toBe(listed(search.data.content.replace(/\n[^\n]*$/, '')).length);
    expect(Number(of)).toBeGreaterThan(Number(fit));
    expect(similar.map((b) => SIMILAR.exec(b.custom_id ?? '')?.[1])).toEqual(shown.slice(0, similar.length));
    expect(similar.map((b) => b.label)).toEqual(similar.map((_, i) => `${i + 1} · Similar`));

    const second = similar[1]?.custom_id ?? '';
    const paperId = SIMILAR.exec(second)?.[1] ?? '';
    expectSimilarAnswer(await press(second), paperId);
  });

  it('is on each paper of a scheduled digest, and answers whoever presses it privately', async () => {
    const created = new Date('2026-11-29T12:00:00Z');
    const monday = new Date('2026-11-30T09:00:00Z');
    await upsertPapers(
      fixture.temp.store,
      Array.from({ length: 7 }, (_, i) => digestPaper(i + 1)),
      created.toISOString(),
    );
    await ensureTarget(
      fixture.temp.store,
      { platform: 'discord', workspace: GUILD, kind: 'channel', address: CHANNEL },
      created,
      MEMBER.userId,
    );
    const messenger = discordMessenger(fixture.bot.client.rest);
    const report = await runDigestTick(
      { store: fixture.temp.store, logger: pino({ level: 'silent' }), messengers: [messenger], owner: 'test' },
      monday,
    );
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    const posted = discord.posted.filter((m) => m.channel_id === CHANNEL);
    expect(discord.refused).toEqual([]);
    const rows = posted.flatMap((m) => (m.components ?? []) as unknown as { components: Button[] }[]);
    // Each paper's row: its links, then its Similar button.
    expect(rows[0]?.components.map((b) => b.label)).toEqual(['1 · HF', '1 · arXiv', '1 · PDF', '1 · Similar']);
    expect(rows[1]?.components.map((b) => b.label)).toEqual(['2 · HF', '2 · arXiv', '2 · PDF', '2 · code', '2 · Similar']);
    const buttons = rows.map((row) => row.components.at(-1)?.custom_id ?? '');
    expect(buttons.every((b) => SIMILAR.test(b))).toBe(true);

    const pressed = buttons[2] ?? '';
    const paperId = SIMILAR.exec(pressed)?.[1] ?? '';
    expect(paperId).toMatch(/^2611\.2000\d$/);
    // Someone who cannot manage the channel may press it too: the answer is theirs alone.
    expectSimilarAnswer(await press(pressed, OTHER_MEMBER), paperId);
  });

  it('answers a button whose paper has left the store in words, privately', async () => {
    const answer = await press('papers:similar:2501.99999');
    expect(answer.data).toMatchObject({ flags: EPHEMERAL });
    expect(answer.data.content).toBe('Paper 2501.99999 is not in the store yet, so there is nothing to compare it with.');
  });
});
