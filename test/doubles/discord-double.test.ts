// The Discord double holds message bodies to Discord's documented limits and interaction tokens to Discord's
// deadlines, answering as Discord does: 400 Invalid Form Body (50035) with the error tree naming the field, 10062
// for an interaction answered after 3 s, 40060 for a second initial response, 50027 for a follow-up or an edit
// after 15 minutes. Plain HTTP against the double's REST URL; its clock is moved instead of waited on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordDouble, type DiscordDouble } from './discord-double.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';

const APP = '300000000000000001';
const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const MEMBER = { userId: '500000000000000001', permissions: 0n };
const SECOND = 1000;
const MINUTE = 60 * SECOND;

let discord: DiscordDouble;
let clock: FakeClock;

beforeEach(async () => {
  clock = createFakeClock(Date.parse('2026-11-30T09:00:00Z'));
  discord = await startDiscordDouble({
    applicationId: APP,
    guilds: [{ id: GUILD, name: 'Lab', ownerId: '400000000000000001', channels: [{ id: CHANNEL, name: 'papers' }] }],
    now: clock.now,
  });
});

afterEach(async () => discord.close());

async function call(method: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${discord.apiUrl}/v10${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: 'Bot token' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

const post = (body: unknown) => call('POST', `/channels/${CHANNEL}/messages`, body);

/** Discord's 400 for a body over a limit, with the error tree naming the field. */
const invalidForm = (errors: unknown) => ({ status: 400, body: { code: 50035, message: 'Invalid Form Body', errors } });
const tooLong = (max: number) => ({ _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }] });

const x = (n: number) => 'x'.repeat(n);
const embed = (fields: Record<string, unknown> = {}) => ({
  title: 'A paper',
  url: 'https://huggingface.co/papers/1',
  description: 'Ada',
  ...fields,
});
const button = (fields: Record<string, unknown> = {}) => ({ type: 2, style: 1, label: 'Next', custom_id: 'papers:page:1:2', ...fields });
const row = (buttons: number, fields: Record<string, unknown> = {}) => ({
  type: 1,
  components: Array.from({ length: buttons }, () => button(fields)),
});

function slashCommand(): { id: string; token: string } {
  return discord.dispatchSlashCommand({ guildId: GUILD, channelId: CHANNEL, member: MEMBER, subcommand: 'topics' });
}

describe('message limits', () => {
  it('refuses a channel message over each limit with 400 50035 naming the field, and posts nothing', async () => {
    expect(await post({ content: x(2001) })).toEqual(invalidForm({ content: tooLong(2000) }));
    expect(await post({ embeds: Array.from({ length: 11 }, () => embed()) })).toEqual(invalidForm({ embeds: tooLong(10) }));
    expect(await post({ embeds: [embed(), embed({ description: x(4097) })] })).toEqual(
      invalidForm({ embeds: { '1': { description: tooLong(4096) } } }),
    );
    // Each embed inside its own limits, 8,000 characters together.
    expect(await post({ embeds: [embed({ description: x(4000) }), embed({ description: x(4000) })] })).toEqual(
      invalidForm({ embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }] } }),
    );
    expect(await post({ content: 'x', components: Array.from({ length: 6 }, () => row(1)) })).toEqual(
      invalidForm({ components: tooLong(5) }),
    );
    expect(await post({ content: 'x', components: [row(5), row(6)] })).toEqual(
      invalidForm({ components: { '1': { components: tooLong(5) } } }),
    );
    expect(await post({ content: 'x', components: [{ type: 1, components: [button(), button({ label: x(81) })] }] })).toEqual(
      invalidForm({ components: { '0': { components: { '1': { label: tooLong(80) } } } } }),
    );
    expect(await post({ content: 'x', components: [{ type: 1, components: [button({ custom_id: x(101) })] }] })).toEqual(
      invalidForm({ components: { '0': { components: { '0': { custom_id: tooLong(100) } } } } }),
    );
    expect(await post({ content: 'x', nonce: x(26), enforce_nonce: true })).toEqual(invalidForm({ nonce: tooLong(25) }));
    expect(discord.posted).toEqual([]);
    expect(discord.refused).toHaveLength(9);
    expect(discord.refused[0]).toMatchObject({ method: 'POST', path: `/channels/${CHANNEL}/messages`, status: 400 });
  });

  it('counts the embed total as Discord does: titles, descriptions, field names and values, footers, author names', async () => {
    const full = embed({
      title: x(256),
      description: x(4096),
      footer: { text: x(1000) },
      author: { name: x(256) },
      fields: [{ name: x(193), value: x(200) }],
    });
    expect(await post({ embeds: [full] })).toEqual(
      invalidForm({ embeds: { _errors: [expect.objectContaining({ code: 'MAX_EMBED_SIZE_EXCEEDED' })] } }),
    );
    // The same with one character fewer is exactly 6,000, which Discord takes; the URL and thumbnail do not count.
    const fits = embed({ ...full, fields: [{ name: x(192), value: x(200) }], thumbnail: { url: `https://cdn.example/${x(400)}` } });
    expect((await post({ embeds: [fits] })).status).toBe(200);

    const over = embed({
      footer: { text: x(2049) },
      author: { name: x(257) },
      fields: [{ name: x(257), value: x(1025) }, ...Array.from({ length: 25 }, () => ({ name: 'n', value: 'v' }))],
    });
    expect(await post({ embeds: [over] })).toEqual(
      invalidForm({
        embeds: {
          '0': {
            footer: { text: tooLong(2048) },
            author: { name: tooLong(256) },
            fields: { ...tooLong(25), '0': { name: tooLong(256), value: tooLong(1024) } },
          },
        },
      }),
    );
  });

  it('takes a message at every limit', async () => {
    const answer = await post({
      content: x(2000),
      nonce: x(25),
      enforce_nonce: true,
      embeds: [...Array.from({ length: 9 }, () => embed({ title: 'T', description: x(200) })), embed({ description: x(4096) })],
      components: Array.from({ length: 5 }, () => row(5, { label: x(80), custom_id: x(100) })),
    });
    expect(answer.status).toBe(200);
    expect(discord.posted).toHaveLength(1);
    expect(discord.refused).toEqual([]);
  });

  it('holds edits, follow-ups, edits of the original response and interaction responses to the same limits', async () => {
    const { id: postedId } = (await post({ content: 'first' })).body as { id: string };
    expect(await call('PATCH', `/channels/${CHANNEL}/messages/${postedId}`, { content: x(2001) })).toEqual(
      invalidForm({ content: tooLong(2000) }),
    );
    expect(await call('PATCH', `/channels/${CHANNEL}/messages/${postedId}`, { content: 'edited' })).toMatchObject({
      status: 200,
      body: { id: postedId, content: 'edited' },
    });
    expect(discord.posted.map((m) => m.content)).toEqual(['edited']);

    const { id, token } = slashCommand();
    // A response Discord refuses does not answer the interaction: a correct one may still follow.
    expect(await call('POST', `/interactions/${id}/${token}/callback`, { type: 4, data: { content: x(2001) } })).toEqual(
      invalidForm({ data: { content: tooLong(2000) } }),
    );
    expect(await call('POST', `/interactions/${id}/${token}/callback`, { type: 4, data: { embeds: [embed({ title: x(257) })] } })).toEqual(
      invalidForm({ data: { embeds: { '0': { title: tooLong(256) } } } }),
    );
    expect((await call('POST', `/interactions/${id}/${token}/callback`, { type: 4, data: { content: 'ok' } })).status).toBe(204);

    expect(await call('POST', `/webhooks/${APP}/${token}`, { content: 'x', components: [row(6)] })).toEqual(
      invalidForm({ components: { '0': { components: tooLong(5) } } }),
    );
    expect(
      await call('PATCH', `/webhooks/${APP}/${token}/messages/@original`, { embeds: Array.from({ length: 11 }, () => embed()) }),
    ).toEqual(invalidForm({ embeds: tooLong(10) }));
    const followUp = await call('POST', `/webhooks/${APP}/${token}`, { content: 'more' });
    expect(followUp).toMatchObject({ status: 200, body: { content: 'more' } });
    const { id: followUpId } = followUp.body as { id: string };
    expect(await call('PATCH', `/webhooks/${APP}/${token}/messages/${followUpId}`, { content: x(2001) })).toEqual(
      invalidForm({ content: tooLong(2000) }),
    );
    // The original response keeps its id across edits.
    const edited = await call('PATCH', `/webhooks/${APP}/${token}/messages/@original`, { content: 'edited' });
    const again = await call('PATCH', `/webhooks/${APP}/${token}/messages/@original`, { content: 'again' });
    expect(edited.status).toBe(200);
    expect((again.body as { id: string }).id).toBe((edited.body as { id: string }).id);
  });
});

describe('interaction tokens', () => {
  it('answers an initial response after 3 s with 10062 Unknown interaction', async () => {
    const late = slashCommand();
    clock.advance(3 * SECOND + 1);
    expect(await call('POST', `/interactions/${late.id}/${late.token}/callback`, { type: 5 })).toEqual({
      status: 404,
      body: { message: 'Unknown interaction', code: 10062 },
    });

    const inTime = slashCommand();
    clock.advance(3 * SECOND);
    expect((await call('POST', `/interactions/${inTime.id}/${inTime.token}/callback`, { type: 5 })).status).toBe(204);
    // An id or token Discord never sent is unknown too.
    expect((await call('POST', `/interactions/${inTime.id}/interaction-token-0/callback`, { type: 5 })).status).toBe(404);
    expect(discord.refused.map((r) => r.body.code)).toEqual([10062, 10062]);
  });

  it('answers a second initial response with 40060 already acknowledged', async () => {
    const { id, token } = slashCommand();
    expect((await call('POST', `/interactions/${id}/${token}/callback`, { type: 5 })).status).toBe(204);
    expect(await call('POST', `/interactions/${id}/${token}/callback`, { type: 4, data: { content: 'again' } })).toEqual({
      status: 400,
      body: { message: 'Interaction has already been acknowledged.', code: 40060 },
    });
  });

  it('takes follow-ups and edits of the original response for 15 minutes, then answers 50027 Invalid Webhook Token', async () => {
    const { id, token } = slashCommand();
    expect((await call('POST', `/interactions/${id}/${token}/callback`, { type: 5 })).status).toBe(204);
    clock.advance(14 * MINUTE);
    expect((await call('PATCH', `/webhooks/${APP}/${token}/messages/@original`, { content: 'ready' })).status).toBe(200);
    expect((await call('POST', `/webhooks/${APP}/${token}`, { content: 'one more thing' })).status).toBe(200);

    clock.advance(2 * MINUTE);
    const expired = { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } };
    expect(await call('POST', `/webhooks/${APP}/${token}`, { content: 'too late' })).toEqual(expired);
    expect(await call('PATCH', `/webhooks/${APP}/${token}/messages/@original`, { content: 'too late' })).toEqual(expired);
    expect(await call('POST', `/webhooks/${APP}/not-a-token`, { content: 'x' })).toEqual(expired);
    expect(await call('POST', `/webhooks/300000000000000999/${token}`, { content: 'x' })).toEqual({
      status: 404,
      body: { message: 'Unknown Webhook', code: 10015 },
    });
  });
});
