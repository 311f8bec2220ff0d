// /papers over Socket Mode, through the real Bolt app and the Slack double: the text after /papers parsed against
// the shared commands, every command acknowledged (with the answer when it is ready in time, otherwise through
// response_url), refusals naming who may change a channel, and replies that never mention anyone.
import { afterEach, describe, expect, it } from 'vitest';
import { findTarget } from '../../../src/store/targets-repository.js';
import { slashCommandPayload } from '../../doubles/slack-double.js';
import { ADMIN, LISTED, MEMBER, PUBLIC_CHANNEL, TEAM, startSlackFixture, type SlackFixture } from '../../helpers/slack-fixture.js';

let fixture: SlackFixture;

afterEach(async () => fixture.close());

const channelAddress = { platform: 'slack', workspace: TEAM, kind: 'channel' as const, address: PUBLIC_CHANNEL };

describe('/papers in Slack (Socket Mode)', () => {
  it('answers a search in the ack, only to the person asking, with upstream text escaped', async () => {
    fixture = await startSlackFixture();
    const answer = await fixture.command(MEMBER, 'search diffusion');
    expect(answer.response_type).toBe('ephemeral');
    // Numbered results with their links, as the console and Discord show them.
    expect(answer.text).toMatch(/^ ?1\. .*diffusion/im);
    expect(answer.text).toContain('https://huggingface.co/papers/');
    expect(answer.text).not.toMatch(/<!|<@/);
    // No Web API call was needed to answer a member's search.
    expect(fixture.slack.requests.filter((r) => r.method === 'chat.postMessage')).toEqual([]);
  });

  it('answers a search with its count first and the next page last, as blocks around the papers', async () => {
    fixture = await startSlackFixture();
    const answer = await fixture.command(MEMBER, 'search model page:2');
    const blocks = (answer.blocks ?? []) as { type: string; text?: { text: string } }[];
    const texts = blocks.map((b) => b.text?.text ?? '');
    // The intro section: how many match and which are shown; then one section per paper, numbered from 11.
    expect(texts[0]).toMatch(/^\d+ papers match; 11–20 shown$/);
    expect(texts[1]).toMatch(/^11\. /);
    // Each paper: upvotes, date, summary line, link.
    expect(texts[1]).toMatch(/\[\d+ upvotes?\]\n.* · \d{4}-\d{2}-\d{2}\n\s*\S.{20,}\n\s*<https:\/\/huggingface\.co\/papers\//);
    expect(texts.at(-1)).toBe('next: /papers search model page:3');
    const past = await fixture.command(MEMBER, 'search model page:99');
    expect(past.text).toMatch(/^\d+ papers match; page 99 is past the end \(\d+ pages\)\.$/);
  });

  it('lets admins, listed users and no one else change the channel; anyone manages their own topics', async () => {
    fixture = await startSlackFixture();
    const refused = await fixture.command(MEMBER, 'subscribe rlhf');
    expect(refused.response_type).toBe('ephemeral');
    expect(refused.text).toContain('a workspace admin or owner (or someone the operator lists in SLACK_ADMINS)');
    expect(await findTarget(fixture.temp.store, channelAddress)).toBeNull();

    const byAdmin = await fixture.command(ADMIN, 'subscribe rlhf');
    expect(byAdmin.response_type).toBe('in_channel');
    expect(byAdmin.text).toContain('rlhf');
    const byListed = await fixture.command(LISTED, 'subscribe mamba');
    expect(byListed.text).toContain('mamba');
    const mine = await fixture.command(MEMBER, 'subscribe me: "state space models"');
    expect(mine.response_type).toBe('ephemeral');
    expect((await fixture.command(MEMBER, 'topics')).text).toMatch(/This channel follows 2 topics[\s\S]*You follow 1 topic/);
    // Slack was asked once whether the member is an admin; the answer is remembered.
    expect(fixture.slack.requests.filter((r) => r.method === 'users.info' && r.body.user === MEMBER)).toHaveLength(1);
  });

  it('parses settings typed after /papers, and answers bad input with the usage', async () => {
    fixture = await startSlackFixture();
    const saved = await fixture.command(ADMIN, 'settings time 08:30 tz Europe/Berlin');
    expect(saved.text).toMatch(/time +08:30 Europe\/Berlin/);
    expect((await findTarget(fixture.temp.store, channelAddress))?.settings).toMatchObject({ minuteOfDay: 510, timeZone: 'Europe/Berlin' });
    const bad = await fixture.command(ADMIN, 'settings time 25:00');
    expect(bad.response_type).toBe('ephemeral');
    expect(bad.text).toContain('Usage: /papers settings');
    const unknown = await fixture.command(MEMBER, 'frobnicate');
    expect(unknown.text).toContain('Unknown command "frobnicate"');
  });

  it('acknowledges at once and answers through response_url when the answer is not ready in time', async () => {
    fixture = await startSlackFixture({ ackAfterMs: 0 });
    const responseUrl = fixture.slack.responseUrl();
    const ack = await fixture.slack.sendSlashCommand(
      slashCommandPayload({ teamId: TEAM, channelId: PUBLIC_CHANNEL, userId: MEMBER, text: 'search transformers', responseUrl }),
    );
    expect(ack.payload ?? {}).toEqual({});
    const id = responseUrl.split('/').at(-1);
    const response = await fixture.slack.waitForResponse((r) => r.id === id);
    expect(response.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(response.body.text)).toMatch(/transformer/i);
  });

  it('shows a digest preview as the digest’s own blocks', async () => {
    fixture = await startSlackFixture();
    const preview = await fixture.command(MEMBER, 'digest');
    // The channel's digest preview is for the channel, as in Discord.
    expect(preview.response_type).toBe('in_channel');
    expect(preview.blocks?.length).toBeGreaterThan(1);
    expect(preview.blocks?.length).toBeLessThanOrEqual(50);
  });
});
