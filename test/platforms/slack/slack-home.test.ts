// The App Home tab through the real Bolt app and the Slack double: opening it publishes your topics and the
// channels you configured; its buttons unsubscribe and pause, with the same checks as /papers.
import { afterEach, describe, expect, it } from 'vitest';
import { PAUSE_ACTION, UNSUBSCRIBE_ACTION } from '../../../src/platforms/slack/app-home.js';
import { findTarget } from '../../../src/store/targets-repository.js';
import { blockActionsPayload } from '../../doubles/slack-double.js';
import { ADMIN, MEMBER, PUBLIC_CHANNEL, TEAM, startSlackFixture, type SlackFixture } from '../../helpers/slack-fixture.js';

let fixture: SlackFixture;

afterEach(async () => fixture.close());

/** The text of the view published for `user` after `count` publications in all. */
async function homeOf(user: string, count: number): Promise<string> {
  await fixture.slack.waitForRequest((r) => r.method === 'views.publish' && fixture.slack.publishedViews.length >= count);
  const view = fixture.slack.publishedViews.filter((v) => v.user_id === user).at(-1)?.view;
  return JSON.stringify(view ?? {});
}

async function press(user: string, actionId: string, value: unknown): Promise<void> {
  await fixture.slack.sendInteractive(
    blockActionsPayload({
      teamId: TEAM,
      channelId: 'D0HOME',
      userId: user,
      actionId,
      value: JSON.stringify(value),
      responseUrl: fixture.slack.responseUrl(),
    }),
  );
}

describe('the App Home tab', () => {
  it('shows your topics and your channels, and its buttons unsubscribe and pause', async () => {
    fixture = await startSlackFixture();
    await fixture.command(ADMIN, 'subscribe rlhf');
    await fixture.command(ADMIN, 'subscribe me: mamba');
    await fixture.slack.sendEvent({ type: 'app_home_opened', user: ADMIN, channel: 'D0HOME', tab: 'home', event_ts: '1.0' });
    const home = await homeOf(ADMIN, 1);
    expect(home).toContain('mamba');
    expect(home).toContain(`<#${PUBLIC_CHANNEL}>`);
    expect(home).toContain('rlhf');
    expect(home).toContain('Pause digest');

    await press(ADMIN, UNSUBSCRIBE_ACTION, { channel: null, topic: 'mamba' });
    const afterUnsubscribe = await homeOf(ADMIN, 2);
    expect(afterUnsubscribe).not.toContain('• mamba');
    expect(afterUnsubscribe).toContain('Unsubscribed you from');

    await press(ADMIN, PAUSE_ACTION, { channel: PUBLIC_CHANNEL, pause: true });
    expect(await homeOf(ADMIN, 3)).toContain('Resume digest');
    const channel = await findTarget(fixture.temp.store, { platform: 'slack', workspace: TEAM, kind: 'channel', address: PUBLIC_CHANNEL });
    expect(channel?.settings.paused).toBe(true);
  });

  it('refuses a channel button to someone who may not change that channel', async () => {
    fixture = await startSlackFixture();
    await fixture.command(ADMIN, 'subscribe rlhf');
    await press(MEMBER, PAUSE_ACTION, { channel: PUBLIC_CHANNEL, pause: true });
    expect(await homeOf(MEMBER, 1)).toContain('a workspace admin or owner');
    const channel = await findTarget(fixture.temp.store, { platform: 'slack', workspace: TEAM, kind: 'channel', address: PUBLIC_CHANNEL });
    expect(channel?.settings.paused).toBe(false);
  });

  it('answers a button whose value it cannot read by drawing the tab again', async () => {
    fixture = await startSlackFixture();
    await fixture.slack.sendInteractive(
      blockActionsPayload({
        teamId: TEAM,
        channelId: 'D0HOME',
        userId: MEMBER,
        actionId: UNSUBSCRIBE_ACTION,
        value: '{nope',
        responseUrl: fixture.slack.responseUrl(),
      }),
    );
    expect(await homeOf(MEMBER, 1)).toContain('That button no longer works');
  });
});
