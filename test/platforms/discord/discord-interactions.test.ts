// Interactions beyond a plain reply: autocomplete for unsubscribe (answered at once, with the right topics), and
// an answer not ready in time deferred first and then edited in, mentioning no one.
import { afterEach, describe, expect, it } from 'vitest';
import { MANAGE_CHANNELS, type DiscordDouble } from '../../doubles/discord-double.js';
import { LAB_CHANNEL as CHANNEL, LAB_GUILD as GUILD, startDiscordFixture, type DiscordFixture } from '../../helpers/discord-fixture.js';

const MEMBER = { userId: '500000000000000001', permissions: MANAGE_CHANNELS };

let fixture: DiscordFixture;
let discord: DiscordDouble;

async function start(deferAfterMs?: number): Promise<void> {
  fixture = await startDiscordFixture(deferAfterMs === undefined ? {} : { deferAfterMs });
  discord = fixture.discord;
}

afterEach(async () => fixture.close());

async function callback(id: string, token: string) {
  return (await discord.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${id}/${token}/callback`)).body as {
    type: number;
    data?: { choices?: { name: string; value: string }[]; flags?: number; content?: string };
  };
}

/** Runs a /papers subcommand in the lab channel; resolves with the answer's text. */
async function command(subcommand: string, options: Record<string, string>): Promise<string> {
  const { id, token } = discord.dispatchSlashCommand({ guildId: GUILD, channelId: CHANNEL, member: MEMBER, subcommand, options });
  return (await callback(id, token)).data?.content ?? '';
}

describe('Discord interactions', () => {
  it('suggests the channel’s topics, or yours, matching what is typed', async () => {
    await start();
    for (const topic of ['diffusion models', 'rlhf', 'video diffusion', 'x'.repeat(150)]) await command('subscribe', { topic });
    await command('subscribe', { topic: 'mamba', for: 'me' });

    const channel = discord.dispatchAutocomplete({
      guildId: GUILD,
      channelId: CHANNEL,
      member: MEMBER,
      subcommand: 'unsubscribe',
      options: { topic: 'diff' },
      focused: 'topic',
    });
    const answer = await callback(channel.id, channel.token);
    expect(answer.type).toBe(8);
    // Starting with the typed text first, then containing it; a topic too long for a choice is left out.
    expect(answer.data?.choices).toEqual([
      { name: 'diffusion models', value: 'diffusion models' },
      { name: 'video diffusion', value: 'video diffusion' },
    ]);

    const mine = discord.dispatchAutocomplete({
      guildId: GUILD,
      channelId: CHANNEL,
      member: MEMBER,
      subcommand: 'unsubscribe',
      options: { topic: '', for: 'me' },
      focused: 'topic',
    });
    expect((await callback(mine.id, mine.token)).data?.choices).toEqual([{ name: 'mamba', value: 'mamba' }]);

    // Picking the first suggestion unsubscribes exactly that topic.
    const picked = answer.data?.choices?.[0]?.value ?? '';
    expect(await command('unsubscribe', { topic: picked })).toContain('diffusion models');
    const topics = await command('topics', {});
    expect(topics).not.toContain('diffusion models');
    expect(topics).toContain('video diffusion');
  });

  it('defers an answer that is not ready in time, then edits it in', async () => {
    await start(0);
    const { id, token } = discord.dispatchSlashCommand({
      guildId: GUILD,
      channelId: CHANNEL,
      member: MEMBER,
      subcommand: 'search',
      options: { query: 'zeroth-order' },
    });
    const deferred = await callback(id, token);
    // Type 5: "thinking…", visible only to the person who asked, as a search answer is.
    expect(deferred).toMatchObject({ type: 5, data: { flags: 64 } });
    const edit = await discord.waitForRequest(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/300000000000000001/${token}/messages/@original`,
    );
    const body = edit.body as { content: string; allowed_mentions: { parse: string[] } };
    expect(body.content).toMatch(/1\. (ZO2|Fine-tuning Quantized)/);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('pages through search results in place, and shares a page with the channel', async () => {
    await start();
    const { id, token } = discord.dispatchSlashCommand({
      guildId: GUILD,
      channelId: CHANNEL,
      member: MEMBER,
      subcommand: 'search',
      options: { query: 'model', limit: 2 },
    });
    const first = (await discord.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`)).body as {
      data: { content: string; flags: number; components: { components: { custom_id: string; label: string; disabled: boolean }[] }[] };
    };
    expect(first.data.content).toMatch(/^(\d+) papers match; 1–2 shown\n1\. .*\n[\s\S]*\n2\. /);
    // Discord turns pages with its buttons: no typed next-page line.
    expect(first.data.content).not.toContain('next: /papers search');
    const buttons = first.data.components[0]?.components ?? [];
    expect(buttons.map((b) => [b.label, b.disabled])).toEqual([
      ['◀ Previous', true],
      ['Next ▶', false],
      ['Share to channel', false],
    ]);

    const next = discord.dispatchButton({ guildId: GUILD, channelId: CHANNEL, member: MEMBER, customId: buttons[1]?.custom_id ?? '' });
    const page2 = (await discord.waitForRequest((r) => r.path === `/interactions/${next.id}/${next.token}/callback`)).body as {
      type: number;
      data: { content: string };
    };
    // Type 7: the private message is updated in place, numbering where page one stopped.
    expect(page2.type).toBe(7);
    expect(page2.data.content).toMatch(/^\d+ papers match; 3–4 shown\n3\. [\s\S]*\n4\. /);

    const share = discord.dispatchButton({ guildId: GUILD, channelId: CHANNEL, member: MEMBER, customId: buttons[2]?.custom_id ?? '' });
    const shared = (await discord.waitForRequest((r) => r.path === `/interactions/${share.id}/${share.token}/callback`)).body as {
      type: number;
      data: { content: string; flags?: number; allowed_mentions: { parse: string[] } };
    };
    expect(shared.type).toBe(4);
    expect(shared.data.flags).toBeUndefined();
    expect(shared.data.content).toMatch(/^<@500000000000000001> shared \/papers search model:\n\d+ papers match; 1–2 shown\n1\. /);
    expect(shared.data.allowed_mentions).toEqual({ parse: [] });

    const stale = discord.dispatchButton({ guildId: GUILD, channelId: CHANNEL, member: MEMBER, customId: 'papers:page:123:2' });
    const expired = (await discord.waitForRequest((r) => r.path === `/interactions/${stale.id}/${stale.token}/callback`)).body as {
      data: { content: string; flags: number };
    };
    expect(expired.data).toMatchObject({ content: 'This search has expired; run /papers search again.', flags: 64 });
  });
});
