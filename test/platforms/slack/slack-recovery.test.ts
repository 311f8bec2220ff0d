// A Slack channel digest the bot paused resumes by itself when Slack says what stopped it is fixed: the bot was
// invited back (member_joined_channel for the bot's own user) or the channel was unarchived; the admin hears so by
// DM. Events for someone else, a digest paused by hand and a reason no event can fix leave it paused. The note on
// private /papers answers and the admin's DM say which of these applies.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../../src/core/targets/target.js';
import { runDigestTick, type DigestSchedulerOptions } from '../../../src/delivery/digest-scheduler.js';
import { classifySlackError } from '../../../src/platforms/slack/slack-messenger.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { ensureTarget, findTargetById, pauseTarget, saveTargetSettings } from '../../../src/store/targets-repository.js';
import type { SlackApiRequest } from '../../doubles/slack-double.js';
import { digestPaper as paper } from '../../helpers/digest-papers.js';
import {
  ADMIN,
  BOT_USER,
  MEMBER,
  PRIVATE_CHANNEL,
  PUBLIC_CHANNEL,
  TEAM,
  startSlackFixture,
  type SlackFixture,
} from '../../helpers/slack-fixture.js';

const CREATED = new Date('2026-11-29T12:00:00Z');
const MONDAY = new Date('2026-11-30T09:00:00Z');
/** The fixture's clock is CREATED: a digest resumed then next runs on Monday morning. */
const NEXT_RUN = 'Mon 30 Nov, 09:00 UTC';

type Handled = { event: string; channel: string; resumed: boolean };

let fixture: SlackFixture;
let scheduler: DigestSchedulerOptions;
let waiters: { match: (h: Handled) => boolean; resolve: (h: Handled) => void }[];

beforeEach(async () => {
  waiters = [];
  fixture = await startSlackFixture({
    onChannelEvent: (h) => {
      for (const waiter of waiters.filter((w) => w.match(h))) waiter.resolve(h);
      waiters = waiters.filter((w) => !w.match(h));
    },
  });
  await fixture.temp.store.db.deleteFrom('papers').execute();
  await upsertPapers(fixture.temp.store, [paper(1)], CREATED.toISOString());
  scheduler = { store: fixture.temp.store, logger: pino({ level: 'silent' }), messengers: [fixture.bot.messenger], owner: 'test' };
});

afterEach(async () => fixture.close());

async function channelTarget(channel: string): Promise<Target> {
  return ensureTarget(fixture.temp.store, { platform: 'slack', workspace: TEAM, kind: 'channel', address: channel }, CREATED, ADMIN);
}

/** Sends an event and resolves once the bot has handled it, with whether it resumed a digest. */
async function deliver(event: Record<string, unknown> & { type: string; channel: string }): Promise<Handled> {
  const done = new Promise<Handled>((resolve) =>
    waiters.push({ match: (h) => h.event === event.type && h.channel === event.channel, resolve }),
  );
  await fixture.slack.sendEvent({ event_ts: '1.0', ...event });
  return done;
}

const joined = (channel: string, user: string) => ({
  type: 'member_joined_channel',
  user,
  channel,
  channel_type: channel === PRIVATE_CHANNEL ? 'G' : 'C',
  team: TEAM,
  inviter: ADMIN,
});
const unarchived = (channel: string) =>
  channel === PRIVATE_CHANNEL ? { type: 'group_unarchive', channel, actor_id: ADMIN } : { type: 'channel_unarchive', channel, user: ADMIN };

/** The DMs posted to the admin, as text. */
function adminDms(): string[] {
  const dm = fixture.slack.dmChannelOf(ADMIN);
  return fixture.slack.posted.filter((m) => m.channel === dm).map((m) => m.text ?? '');
}

/** The DM to the admin that starts with `text`, once the bot posts it. */
async function adminHears(text: string): Promise<SlackApiRequest> {
  return fixture.slack.waitForRequest(
    (r) => r.method === 'chat.postMessage' && r.body.channel === fixture.slack.dmChannelOf(ADMIN) && String(r.body.text).startsWith(text),
  );
}

async function pausedNote(): Promise<string[]> {
  const answer = await fixture.command(MEMBER, 'topics');
  return (answer.text ?? '').split('\n').filter((line) => line.startsWith('Note:'));
}

describe('a Slack channel digest the bot paused', () => {
  it('paused for not_in_channel: resumes when the bot is invited back, not when someone else joins', async () => {
    const target = await channelTarget(PRIVATE_CHANNEL);
    fixture.slack.removeBotFrom(PRIVATE_CHANNEL);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ failed: 1 });
    const reason = 'the bot is not a member of the channel; invite it with /invite @papers (not_in_channel)';
    expect((await findTargetById(fixture.temp.store, target.id))?.pausedReason).toBe(reason);
    const hint = 'Inviting the bot back resumes it by itself (or run /papers settings resume there).';
    expect(adminDms()).toEqual([`The papers digest for <#${PRIVATE_CHANNEL}> is paused: ${reason}. ${hint}`]);
    expect(await pausedNote()).toEqual([`Note: the papers digest of <#${PRIVATE_CHANNEL}> is paused: ${reason}. ${hint}`]);

    // Someone else joining, or an unarchive, does not bring the bot back.
    expect(await deliver(joined(PRIVATE_CHANNEL, MEMBER))).toMatchObject({ resumed: false });
    expect(await deliver(unarchived(PRIVATE_CHANNEL))).toMatchObject({ resumed: false });
    expect((await findTargetById(fixture.temp.store, target.id))?.settings.paused).toBe(true);

    expect(await deliver(joined(PRIVATE_CHANNEL, BOT_USER))).toMatchObject({ resumed: true });
    expect(await findTargetById(fixture.temp.store, target.id)).toMatchObject({ pausedReason: null, settings: { paused: false } });
    await adminHears(`The papers digest for <#${PRIVATE_CHANNEL}> is running again`);
    expect(adminDms().at(-1)).toBe(
      `The papers digest for <#${PRIVATE_CHANNEL}> is running again: the bot was invited back. Next digest: ${NEXT_RUN}.`,
    );
    expect(await pausedNote()).toEqual([]);
  });

  it('paused for is_archived: resumes when the channel is unarchived, and posts again', async () => {
    const target = await channelTarget(PUBLIC_CHANNEL);
    fixture.slack.archiveChannel(PUBLIC_CHANNEL);
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ failed: 1 });
    const reason = 'the channel is archived (is_archived)';
    const hint = 'Unarchiving the channel resumes it by itself (or run /papers settings resume there).';
    expect(adminDms()).toEqual([`The papers digest for <#${PUBLIC_CHANNEL}> is paused: ${reason}. ${hint}`]);
    expect(await pausedNote()).toEqual([`Note: the papers digest of <#${PUBLIC_CHANNEL}> is paused: ${reason}. ${hint}`]);

    // The bot joining cannot undo an archive (nobody can join an archived channel anyway).
    expect(await deliver(joined(PUBLIC_CHANNEL, BOT_USER))).toMatchObject({ resumed: false });

    fixture.slack.unarchiveChannel(PUBLIC_CHANNEL);
    expect(await deliver(unarchived(PUBLIC_CHANNEL))).toMatchObject({ event: 'channel_unarchive', resumed: true });
    expect(await findTargetById(fixture.temp.store, target.id)).toMatchObject({ pausedReason: null, settings: { paused: false } });
    await adminHears(`The papers digest for <#${PUBLIC_CHANNEL}> is running again`);
    expect(adminDms().at(-1)).toBe(
      `The papers digest for <#${PUBLIC_CHANNEL}> is running again: the channel was unarchived. Next digest: ${NEXT_RUN}.`,
    );
    expect(await runDigestTick(scheduler, new Date('2026-12-01T09:00:00Z'))).toMatchObject({ sent: 1 });
    expect(fixture.slack.posted.filter((m) => m.channel === PUBLIC_CHANNEL)).toHaveLength(1);
  });

  it.each([
    ['channel_unarchive', PUBLIC_CHANNEL, 'the channel was unarchived'],
    ['group_unarchive', PRIVATE_CHANNEL, 'the channel was unarchived'],
    ['member_joined_channel', PRIVATE_CHANNEL, 'the bot was invited back'],
  ] as const)('paused for channel_not_found: resumes on %s in %s', async (type, channel, why) => {
    const target = await channelTarget(channel);
    fixture.slack.failChannel(channel, 'channel_not_found');
    expect(await runDigestTick(scheduler, MONDAY)).toMatchObject({ failed: 1 });
    const reason = 'the channel no longer exists, or the bot cannot see it (channel_not_found)';
    const hint = 'Inviting the bot back or unarchiving the channel resumes it by itself (or run /papers settings resume there).';
    expect(adminDms()).toEqual([`The papers digest for <#${channel}> is paused: ${reason}. ${hint}`]);
    expect(await pausedNote()).toEqual([`Note: the papers digest of <#${channel}> is paused: ${reason}. ${hint}`]);

    const event = type === 'member_joined_channel' ? joined(channel, BOT_USER) : unarchived(channel);
    expect(await deliver(event)).toMatchObject({ event: type, resumed: true });
    expect((await findTargetById(fixture.temp.store, target.id))?.settings.paused).toBe(false);
    await adminHears(`The papers digest for <#${channel}> is running again: ${why}. Next digest: ${NEXT_RUN}.`);
  });

  it('paused by hand: stays paused when the bot is invited back or the channel is unarchived', async () => {
    const target = await channelTarget(PUBLIC_CHANNEL);
    await saveTargetSettings(fixture.temp.store, target, { ...target.settings, paused: true }, CREATED, ADMIN);
    expect(await deliver(joined(PUBLIC_CHANNEL, BOT_USER))).toMatchObject({ resumed: false });
    expect(await deliver(unarchived(PUBLIC_CHANNEL))).toMatchObject({ resumed: false });
    expect((await findTargetById(fixture.temp.store, target.id))?.settings.paused).toBe(true);
    expect(adminDms()).toEqual([]);
    expect(await pausedNote()).toEqual([]);
  });

  it('paused for a reason no event can fix: the note says only to resume it, and events leave it paused', async () => {
    const target = await channelTarget(PUBLIC_CHANNEL);
    const reason = classifySlackError({ data: { error: 'restricted_action' } }).message;
    await pauseTarget(fixture.temp.store, target.id, reason, CREATED);
    expect(await pausedNote()).toEqual([
      `Note: the papers digest of <#${PUBLIC_CHANNEL}> is paused: a workspace setting stops the bot from posting there (restricted_action). Once that is fixed, run /papers settings resume there.`,
    ]);
    expect(await deliver(joined(PUBLIC_CHANNEL, BOT_USER))).toMatchObject({ resumed: false });
    expect(await deliver(unarchived(PUBLIC_CHANNEL))).toMatchObject({ resumed: false });
    expect((await findTargetById(fixture.temp.store, target.id))?.settings.paused).toBe(true);
    expect(adminDms()).toEqual([]);
  });
});
