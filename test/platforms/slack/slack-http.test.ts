// Slack over HTTP: signed requests to the real Bolt HTTP receiver at /slack/events. A valid one is answered;
// a bad signature, a stale timestamp and a missing header are refused with 401 and change nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { findTarget } from '../../../src/store/targets-repository.js';
import { formBody, slackSignature, slashCommandPayload } from '../../doubles/slack-double.js';
import { ADMIN, PUBLIC_CHANNEL, SIGNING_SECRET, TEAM, startSlackFixture, type SlackFixture } from '../../helpers/slack-fixture.js';

let fixture: SlackFixture;

afterEach(async () => fixture.close());

const channelAddress = { platform: 'slack', workspace: TEAM, kind: 'channel' as const, address: PUBLIC_CHANNEL };

async function post(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`http://127.0.0.1:${fixture.bot.port ?? 0}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

function signed(body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body) };
}

const subscribeBody = () =>
  formBody(
    slashCommandPayload({
      teamId: TEAM,
      channelId: PUBLIC_CHANNEL,
      userId: ADMIN,
      text: 'subscribe rlhf',
      responseUrl: fixture.slack.responseUrl(),
    }),
  );

describe('/papers over HTTP', () => {
  it('answers a correctly signed command in the HTTP response', async () => {
    fixture = await startSlackFixture({ mode: 'http' });
    const body = subscribeBody();
    const response = await post(body, signed(body));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { response_type: string; text: string };
    expect(answer.response_type).toBe('in_channel');
    expect(answer.text).toContain('rlhf');
    expect(await findTarget(fixture.temp.store, channelAddress)).not.toBeNull();
  });

  it.each([
    [
      'a bad signature',
      (body: string) => ({ ...signed(body), 'x-slack-signature': slackSignature('not-the-secret', Math.floor(Date.now() / 1000), body) }),
    ],
    ['a stale timestamp', (body: string) => signed(body, Math.floor(Date.now() / 1000) - 6 * 60)],
    ['no signature header', (_body: string) => ({ 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) })],
    ['no timestamp header', (body: string) => ({ 'x-slack-signature': signed(body)['x-slack-signature'] ?? '' })],
  ])('refuses %s with 401 and does nothing', async (_what, headersFor) => {
    fixture = await startSlackFixture({ mode: 'http' });
    const body = subscribeBody();
    const response = await post(body, headersFor(body));
    expect(response.status).toBe(401);
    expect(await findTarget(fixture.temp.store, channelAddress)).toBeNull();
    // Nothing was asked of Slack for it (Bolt checks its own token with auth.test once, at start).
    expect(fixture.slack.requests.filter((r) => r.method !== 'auth.test')).toEqual([]);
    expect(fixture.slack.responses).toEqual([]);
  });
});
