// Scheduled digests posted by the real Slack WebClient into the Slack double: Block Kit within every limit, in
// order, unfurling off, upstream text unable to notify anyone, threads under a one-line header, and channels that
// are gone, archived or closed to the bot paused with their admin told; rate limits waited out, and a failure
// part way finished by the ledger without posting anything twice.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperInput } from '../../../src/core/paper.js';
import type { Target } from '../../../src/core/targets/target.js';
import { runDigestTick, type DigestSchedulerOptions } from '../../../src/delivery/digest-scheduler.js';
import { deliveriesOfTarget } from '../../../src/store/deliveries-repository.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { ensureTarget, findTargetById, saveTargetSettings } from '../../../src/store/targets-repository.js';
import type { SlackPostedMessage } from '../../doubles/slack-double.js';
import { digestPaper as paper } from '../../helpers/digest-papers.js';
import { ADMIN, MEMBER, PRIVATE_CHANNEL, PUBLIC_CHANNEL, TEAM, startSlackFixture, type SlackFixture } from '../../helpers/slack-fixture.js';

const CREATED = new Date('2026-11-29T12:00:00Z');
const MONDAY = new Date('2026-11-30T09:00:00Z');

let fixture: SlackFixture;
let scheduler: DigestSchedulerOptions;

beforeEach(async () => {
  fixture = await startSlackFixture();
  // The fixture's store holds the sample corpus; these tests want only their own papers.
  await fixture.temp.store.db.deleteFrom('papers').execute();
  scheduler = { store: fixture.temp.store, logger: pino({ level: 'silent' }), messengers: [fixture.bot.messenger], owner: 'test' };
});

afterEach(async () => fixture.close());

async function channelWith(papers: PaperInput[], channel = PUBLIC_CHANNEL): Promise<Target> {
  await upsertPapers(fixture.temp.store, papers, CREATED.toISOString());
  return ensureTarget(fixture.temp.store, { platform: 'slack', workspace: TEAM, kind: 'channel', address: channel }, CREATED, ADMIN);
}

function sectionTexts(message: SlackPostedMessage): string[] {
  return (message.blocks ?? []).flatMap((block) => {
    const text = (block as { text?: { text?: string } }).text?.text;
    return text === undefined ? [] : [text];
  });
}

/**
 * A message the double took, which holds blocks to Slack's own Block Kit limits and refuses them over (a message
 * is in `posted` only if Slack would have taken it): unfurling off, and nothing in it notifies anyone.
 */
function expectPostedSafely(message: SlackPostedMessage): void {
  expect(message.unfurl_links).toBe(false);
  expect(message.unfurl_media).toBe(false);
  expect(JSON.stringify(message)).not.toMatch(/<!(channel|here|everyone)|<@U/);
}

const inChannel = (channel: string) => fixture.slack.posted.filter((m) => m.channel === channel);

describe('Slack digests', () => {
  it('posts the scheduled digest into the channel in Block Kit, in order, every message inside the limits', async () => {
    const target = await channelWith(Array.from({ length: 25 }, (_, i) => paper(i + 1)));
    await saveTargetSettings(fixture.temp.store, target, { ...target.settings, size: 25 }, CREATED, ADMIN);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1, failed: 0 });
    const posted = inChannel(PUBLIC_CHANNEL);
    expect(posted.length).toBeGreaterThanOrEqual(2);
    posted.forEach(expectPostedSafely);
    // 25 papers, numbered 1 to 25 across the messages, each marked with its delivery and part.
    const numbers = posted.flatMap(sectionTexts).flatMap((t) => /^\*<[^|]+\|(\d+)\. /.exec(t)?.[1] ?? []);
    expect(numbers.map(Number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(posted.map((m) => m.metadata?.event_payload.part)).toEqual(posted.map((_, i) => i));
    const [delivery] = await deliveriesOfTarget(fixture.temp.store, target.id);
    expect(delivery).toMatchObject({ status: 'sent', messageIds: posted.map((m) => m.ts) });
  });

  it('posts papers whose texts are far past every limit, each message one Slack takes', async () => {
    const huge = (n: number) =>
      paper(n, {
        title: `Paper ${n}: ${'Sparse <Attention> & Scale '.repeat(200)}`,
        authors: Array.from({ length: 1500 }, (_, i) => `Author Number ${i}`),
        aiSummary: 'We show that sparse attention scales. '.repeat(800),
        thumbnail: `https://cdn.example/${'t'.repeat(4000)}.png`,
      });
    const target = await channelWith(Array.from({ length: 25 }, (_, i) => huge(i + 1)));
    await saveTargetSettings(fixture.temp.store, target, { ...target.settings, size: 25 }, CREATED, ADMIN);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1, failed: 0 });
    const posted = inChannel(PUBLIC_CHANNEL);
    posted.forEach(expectPostedSafely);
    const numbers = posted.flatMap(sectionTexts).flatMap((t) => /^\*<[^|]+\|(\d+)\. /.exec(t)?.[1] ?? []);
    expect(numbers.map(Number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('never lets a title notify anyone', async () => {
    await channelWith([paper(1, { title: '<!channel> look: <@U0ADMIN> and <!here|here> & <https://evil.example|click>' })]);
    expect((await runDigestTick(scheduler, MONDAY)).sent).toBe(1);
    const [message] = inChannel(PUBLIC_CHANNEL);
    expect(message).toBeDefined();
    if (message !== undefined) expectPostedSafely(message);
    expect(JSON.stringify(message)).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(message)).not.toContain('<https://evil.example');
  });

  it('puts one line in the channel and the papers in a thread under it', async () => {
    const target = await channelWith(Array.from({ length: 12 }, (_, i) => paper(i + 1)));
    await saveTargetSettings(fixture.temp.store, target, { ...target.settings, layout: 'thread' }, CREATED, ADMIN);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1 });
    const [header, ...rest] = inChannel(PUBLIC_CHANNEL);
    expect(header?.thread_ts).toBeUndefined();
    expect(header?.blocks).toHaveLength(1);
    expect(sectionTexts(header ?? { channel: '', ts: '' })[0]).toMatch(/^\*Papers digest for Monday, 30 November 2026\* · 10 papers/);
    expect(rest.length).toBeGreaterThan(0);
    for (const message of rest) {
      expect(message.thread_ts).toBe(header?.ts);
      expectPostedSafely(message);
    }
  });

  it('sends a personal digest to the person’s DMs', async () => {
    await upsertPapers(fixture.temp.store, [paper(1)], CREATED.toISOString());
    const person = await ensureTarget(
      fixture.temp.store,
      { platform: 'slack', workspace: TEAM, kind: 'user', address: ADMIN },
      CREATED,
      null,
    );
    await saveTargetSettings(fixture.temp.store, person, { ...person.settings, size: 5 }, CREATED, null);
    expect((await runDigestTick(scheduler, MONDAY)).sent).toBe(1);
    expect(fixture.slack.posted.map((m) => m.channel)).toEqual([fixture.slack.dmChannelOf(ADMIN)]);
  });

  it('joins a public channel it was removed from, and posts', async () => {
    await channelWith([paper(1)]);
    fixture.slack.removeBotFrom(PUBLIC_CHANNEL);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1 });
    expect(fixture.slack.requests.filter((r) => r.method === 'conversations.join').map((r) => r.body.channel)).toEqual([PUBLIC_CHANNEL]);
    expect(inChannel(PUBLIC_CHANNEL)).toHaveLength(1);
  });

  it('pauses a private channel it is not in, and tells the admin how to fix it', async () => {
    const target = await channelWith([paper(1)], PRIVATE_CHANNEL);
    fixture.slack.removeBotFrom(PRIVATE_CHANNEL);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 0, failed: 1 });
    expect((await findTargetById(fixture.temp.store, target.id))?.pausedReason).toContain('not_in_channel');
    const note = inChannel(fixture.slack.dmChannelOf(ADMIN) ?? '-');
    expect(note.map((m) => m.text)).toEqual([expect.stringContaining(`The papers digest for <#${PRIVATE_CHANNEL}> is paused`)]);
    // Anyone's private /papers answer in the workspace notes it too, with the channel as a link.
    const answer = await fixture.command(MEMBER, 'topics');
    expect(answer.text).toContain(`Note: the papers digest of <#${PRIVATE_CHANNEL}> is paused: the bot is not a member of the channel`);
  });

  it.each([
    ['deleted', 'channel_not_found'],
    ['archived', 'is_archived'],
  ] as const)('pauses a channel %s in the middle of its digest, and goes on with the next channel', async (_how, code) => {
    const gone = await channelWith(Array.from({ length: 25 }, (_, i) => paper(i + 1)));
    await saveTargetSettings(fixture.temp.store, gone, { ...gone.settings, size: 25 }, CREATED, ADMIN);
    const other = await ensureTarget(
      fixture.temp.store,
      { platform: 'slack', workspace: TEAM, kind: 'channel', address: PRIVATE_CHANNEL },
      CREATED,
      ADMIN,
    );
    // The channel goes away once the first of its two messages is in.
    const first = fixture.slack.waitForRequest((r) => r.method === 'chat.postMessage');
    const ticking = runDigestTick(scheduler, MONDAY);
    await first;
    if (code === 'channel_not_found') fixture.slack.deleteChannel(PUBLIC_CHANNEL);
    else fixture.slack.archiveChannel(PUBLIC_CHANNEL);
    expect(await ticking).toMatchObject({ sent: 1, failed: 1 });
    expect(inChannel(PUBLIC_CHANNEL)).toHaveLength(1);
    expect((await findTargetById(fixture.temp.store, gone.id))?.pausedReason).toContain(code);
    expect((await findTargetById(fixture.temp.store, other.id))?.settings.paused).toBe(false);
    expect(inChannel(PRIVATE_CHANNEL)).toHaveLength(1);
  });

  it.each([
    ['the token is revoked', 'token_revoked'],
    ['the bot user is deactivated', 'account_inactive'],
  ] as const)('pauses when %s, and does not crash telling the admin', async (_how, code) => {
    const target = await channelWith([paper(1)]);
    if (code === 'token_revoked') fixture.slack.revokeToken();
    else fixture.slack.deactivate();
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ failed: 1 });
    expect((await findTargetById(fixture.temp.store, target.id))?.pausedReason).toContain(code);
    // The DM to the admin fails the same way; it is logged, and nothing was posted.
    expect(fixture.slack.posted).toEqual([]);
  });

  it('waits out a rate limit and posts once', async () => {
    await channelWith([paper(1)]);
    fixture.slack.rateLimit('chat.postMessage', 1, 1);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 1, retrying: 0 });
    expect(fixture.slack.rateLimited.map((r) => r.method)).toEqual(['chat.postMessage']);
    expect(inChannel(PUBLIC_CHANNEL)).toHaveLength(1);
  });

  it('gives a server error back to the ledger, and the retry posts only what is missing', async () => {
    const target = await channelWith(Array.from({ length: 25 }, (_, i) => paper(i + 1)));
    await saveTargetSettings(fixture.temp.store, target, { ...target.settings, size: 25 }, CREATED, ADMIN);
    // The first message goes out; the second meets a 500.
    const first = fixture.slack.waitForRequest((r) => r.method === 'chat.postMessage');
    const ticking = runDigestTick(scheduler, MONDAY);
    await first;
    fixture.slack.serverError('chat.postMessage', 1);
    expect(await ticking).toMatchObject({ sent: 0, retrying: 1 });
    const before = inChannel(PUBLIC_CHANNEL).length;
    expect(before).toBe(1);
    expect(await runDigestTick(scheduler, new Date(MONDAY.getTime() + 2 * 60_000))).toMatchObject({ sent: 1 });
    const posted = inChannel(PUBLIC_CHANNEL);
    expect(posted.map((m) => m.metadata?.event_payload.part)).toEqual(posted.map((_, i) => i));
    const [delivery] = await deliveriesOfTarget(fixture.temp.store, target.id);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, messageIds: posted.map((m) => m.ts) });
  });

  it('after a post whose answer was lost, finds that part by its metadata instead of posting it again', async () => {
    const target = await channelWith(Array.from({ length: 25 }, (_, i) => paper(i + 1)));
    await saveTargetSettings(fixture.temp.store, target, { ...target.settings, size: 25 }, CREATED, ADMIN);
    // The first message is posted, but the bot hears a 500: it cannot know the message is there.
    fixture.slack.loseAnswers('chat.postMessage', 1);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 0, retrying: 1 });
    const [pending] = await deliveriesOfTarget(fixture.temp.store, target.id);
    expect(pending?.messageIds).toEqual([]);
    expect(await runDigestTick(scheduler, new Date(MONDAY.getTime() + 2 * 60_000))).toMatchObject({ sent: 1 });
    const posted = inChannel(PUBLIC_CHANNEL);
    expect(posted.map((m) => m.metadata?.event_payload.part)).toEqual([0, 1]);
    const [sent] = await deliveriesOfTarget(fixture.temp.store, target.id);
    expect(sent?.messageIds).toEqual(posted.map((m) => m.ts));
  });

  it('in a thread, finds the header and the thread’s parts it posted before', async () => {
    const target = await channelWith(Array.from({ length: 25 }, (_, i) => paper(i + 1)));
    await saveTargetSettings(fixture.temp.store, target, { ...target.settings, size: 25, layout: 'thread' }, CREATED, ADMIN);
    // The header and the thread's first message are posted; the second's answer is lost.
    const second = fixture.slack.waitForRequest((r) => r.method === 'chat.postMessage' && r.body.thread_ts !== undefined);
    const ticking = runDigestTick(scheduler, MONDAY);
    await second;
    fixture.slack.loseAnswers('chat.postMessage', 1);
    expect(await ticking).toMatchObject({ retrying: 1 });
    // The ledger forgets what it had (as if the process died before recording): only metadata can tell.
    await fixture.temp.store.db.updateTable('deliveries').set({ message_ids: '[]' }).where('target_id', '=', target.id).execute();
    expect(await runDigestTick(scheduler, new Date(MONDAY.getTime() + 2 * 60_000))).toMatchObject({ sent: 1 });
    const posted = inChannel(PUBLIC_CHANNEL);
    expect(posted.map((m) => m.metadata?.event_payload.part)).toEqual([0, 1, 2]);
    expect(posted.filter((m) => m.thread_ts === posted[0]?.ts)).toHaveLength(2);
  });

  it('gives up a call Slack never answers, and the ledger’s retry posts the digest once', async () => {
    await fixture.close();
    fixture = await startSlackFixture({ requestTimeoutMs: 300 });
    await fixture.temp.store.db.deleteFrom('papers').execute();
    scheduler = { ...scheduler, store: fixture.temp.store, messengers: [fixture.bot.messenger] };
    await channelWith([paper(1)]);
    fixture.slack.hang('chat.postMessage', 1);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ sent: 0, retrying: 1 });
    expect(await runDigestTick(scheduler, new Date(MONDAY.getTime() + 2 * 60_000))).toMatchObject({ sent: 1 });
    expect(inChannel(PUBLIC_CHANNEL)).toHaveLength(1);
  });
});
