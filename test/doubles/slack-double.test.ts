// The real Slack clients against the local Slack double: @slack/web-api's WebClient (form bodies, Bearer token,
// platform errors, its handling of 429 and 500), response_urls, and Bolt's SocketModeReceiver inside a Bolt App
// (apps.connections.open with the app token, hello, acks carrying a response, reconnects).
import { App, LogLevel, SocketModeReceiver, isValidSlackRequest, webApi, type Logger, type types } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockActionsPayload, formBody, slackSignature, slashCommandPayload, startSlackDouble, type SlackDouble } from './slack-double.js';

const TEAM = 'T000DOUBLE';
const BOT_USER = 'U000PAPERS';
const BOT_TOKEN = 'xoxb-double-bot';
const APP_TOKEN = 'xapp-double-app';
const PAPERS = 'C000PAPERS';
const NEWS = 'C000NEWS';
const OUTSIDE = 'C000OUTSIDE';
const SECRET = 'C000SECRET';
const ADA = 'U000ADA';
const BOB = 'U000BOB';

let slack: SlackDouble;

beforeEach(async () => {
  slack = await startSlackDouble({
    teamId: TEAM,
    botUserId: BOT_USER,
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    channels: [
      { id: PAPERS, name: 'papers' },
      { id: NEWS, name: 'news' },
      { id: OUTSIDE, name: 'outside', isMember: false },
      { id: SECRET, name: 'secret', isPrivate: true, isMember: false },
    ],
    users: [
      { id: ADA, name: 'ada', isAdmin: true },
      { id: BOB, name: 'bob' },
    ],
  });
});

afterEach(async () => slack.close());

/** A WebClient that fails fast: no retries unless a test asks for them, 429s waited out rather than rejected. */
function webClient(options: webApi.WebClientOptions = {}, token = BOT_TOKEN): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: false,
    logLevel: webApi.LogLevel.ERROR,
    ...options,
  });
}

/** A WebClient logger that keeps quiet: Slack's `[ERROR]` messages of a refusal a test expects are not news. */
function quietLogger(): Logger {
  let level = LogLevel.ERROR;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    setLevel: (next) => (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** The Slack error code of a call that must fail with a platform error (ok: false). */
async function platformError(call: Promise<unknown>): Promise<string> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(webApi.WebAPIPlatformError);
  expect((error as webApi.WebAPIPlatformError).code).toBe(webApi.ErrorCode.PlatformError);
  return (error as webApi.WebAPIPlatformError).data.error;
}

function countCalls(method: string): number {
  return slack.requests.filter((r) => r.method === method).length;
}

describe('the Web API, called by the real WebClient', () => {
  it('authenticates the bearer token, records messages with their blocks parsed, opens DMs and describes users', async () => {
    const client = webClient();
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: TEAM, user_id: BOT_USER });
    expect(auth.bot_id).toMatch(/^B/);
    expect(slack.requests[0]).toMatchObject({ method: 'auth.test', token: BOT_TOKEN });

    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Papers today' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*1.* <https://arxiv.org/abs/2402.11111|ZO2>' } },
    ];
    const metadata = { event_type: 'papers_digest', event_payload: { digest: 'd1', part: 1 } };
    const first = await client.chat.postMessage({ channel: PAPERS, text: 'Papers today', blocks, unfurl_links: false, metadata });
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    // The WebClient sent a form with the blocks as a JSON string and the flag as 'false'; the double parsed both.
    expect(slack.posted).toEqual([{ channel: PAPERS, ts: first.ts, text: 'Papers today', blocks, unfurl_links: false, metadata }]);
    const second = await client.chat.postMessage({ channel: PAPERS, text: 'and one more', thread_ts: first.ts });
    const third = await client.chat.postMessage({ channel: PAPERS, text: 'tomorrow' });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(Number(third.ts)).toBeGreaterThan(Number(second.ts));

    // Newest first; the thread reply is not in the channel's history, as in Slack; metadata only when asked for.
    const history = await client.conversations.history({ channel: PAPERS, include_all_metadata: true });
    expect(history.messages?.map((m) => m.ts)).toEqual([third.ts, first.ts]);
    expect(history.messages?.[1]?.metadata).toEqual(metadata);
    const plain = await client.conversations.history({ channel: PAPERS });
    expect(plain.messages?.[1]?.metadata).toBeUndefined();

    const opened = await client.conversations.open({ users: BOB });
    const reopened = await client.conversations.open({ users: BOB });
    const dm = opened.channel?.id ?? '';
    expect(dm).toMatch(/^D/);
    expect(reopened.channel?.id).toBe(dm);
    expect(slack.dmChannelOf(BOB)).toBe(dm);
    await client.chat.postMessage({ channel: dm, text: 'your digest' });
    expect(slack.posted.at(-1)).toMatchObject({ channel: dm, text: 'your digest' });

    const { user } = await client.users.info({ user: ADA });
    expect(user).toMatchObject({ id: ADA, name: 'ada', is_admin: true, is_owner: false, is_bot: false, deleted: false });
    expect(await platformError(client.users.info({ user: 'U000NOBODY' }))).toBe('user_not_found');
  });

  it('takes JSON bodies with a bearer token too, and answers a wrong token with invalid_auth and HTTP 200', async () => {
    const json = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${BOT_TOKEN}` },
      body: JSON.stringify({ channel: NEWS, text: 'as JSON', unfurl_media: false }),
    });
    expect(await json.json()).toMatchObject({ ok: true, channel: NEWS });
    expect(slack.posted).toEqual([{ channel: NEWS, ts: expect.any(String) as string, text: 'as JSON', unfurl_media: false }]);

    const wrong = await fetch(`${slack.apiUrl}auth.test`, { method: 'POST', headers: { authorization: 'Bearer xoxb-wrong' } });
    expect(wrong.status).toBe(200);
    expect(await wrong.json()).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await platformError(webClient({}, APP_TOKEN).chat.postMessage({ channel: NEWS, text: 'x' }))).toBe('not_allowed_token_type');
    expect(await platformError(webClient().apiCall('papers.search'))).toBe('unknown_method');
  });

  it('refuses posts where Slack would, as platform errors with its codes', async () => {
    const client = webClient({ logger: quietLogger() });
    expect(await platformError(client.chat.postMessage({ channel: OUTSIDE, text: 'x' }))).toBe('not_in_channel');
    expect(await platformError(client.chat.postMessage({ channel: 'C000NOWHERE', text: 'x' }))).toBe('channel_not_found');
    expect(await platformError(client.chat.postMessage({ channel: PAPERS, text: '' }))).toBe('no_text');
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(await platformError(client.chat.postMessage({ channel: PAPERS, text: 'x', blocks: tooMany }))).toBe('invalid_blocks');
    const long = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    expect(await platformError(client.chat.postMessage({ channel: PAPERS, text: 'x', blocks: long }))).toBe('invalid_blocks');

    // Joining a public channel lets the bot post there; a private one must be an invitation.
    expect((await client.conversations.join({ channel: OUTSIDE })).channel).toMatchObject({ id: OUTSIDE, is_member: true });
    await client.chat.postMessage({ channel: OUTSIDE, text: 'now a member' });
    expect(await platformError(client.conversations.join({ channel: SECRET }))).toBe('method_not_supported_for_channel_type');
    expect((await client.conversations.info({ channel: SECRET })).channel).toMatchObject({ is_private: true, is_member: false });

    slack.archiveChannel(NEWS);
    expect(await platformError(client.chat.postMessage({ channel: NEWS, text: 'x' }))).toBe('is_archived');
    slack.removeBotFrom(OUTSIDE);
    expect(await platformError(client.chat.postMessage({ channel: OUTSIDE, text: 'x' }))).toBe('not_in_channel');
    slack.failChannel(PAPERS, 'channel_not_found');
    expect(await platformError(client.chat.postMessage({ channel: PAPERS, text: 'x' }))).toBe('channel_not_found');
    expect(slack.posted.map((m) => m.text)).toEqual(['now a member']);

    slack.revokeToken();
    expect(await platformError(client.auth.test())).toBe('token_revoked');
  });

  it('refuses Block Kit over Slack’s limits with invalid_blocks, saying where as Slack does, and takes it at the limits', async () => {
    const client = webClient({ logger: quietLogger() });
    /** The messages of Slack's refusal of these blocks (the `[ERROR]` ones of response_metadata). */
    const refusal = async (blocks: Record<string, unknown>[]): Promise<string[]> => {
      // Typed loosely on purpose: these blocks break Slack's limits, which its types do not know.
      const error: unknown = await client.chat
        .postMessage({ channel: PAPERS, text: 'x', blocks: blocks as unknown as types.KnownBlock[] })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(webApi.WebAPIPlatformError);
      const data = (error as webApi.WebAPIPlatformError).data as {
        error: string;
        errors?: string[];
        response_metadata?: { messages?: string[] };
      };
      expect(data.error).toBe('invalid_blocks');
      expect(data.response_metadata?.messages).toEqual(data.errors?.map((e) => `[ERROR] ${e}`));
      return data.response_metadata?.messages ?? [];
    };
    const button = (text: string, i = 0) => ({
      type: 'button',
      text: { type: 'plain_text', text },
      url: 'https://arxiv.org/abs/1',
      action_id: `b${i}`,
    });
    const buttons = (n: number, text = 'PDF') => Array.from({ length: n }, (_, i) => button(text, i));
    const facts = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'mrkdwn', text: `fact ${i}` }));
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'A paper' } };

    expect(await refusal([{ type: 'actions', elements: buttons(26) }])).toEqual([
      '[ERROR] must be less than 26 items [json-pointer:/blocks/0/elements]',
    ]);
    expect(await refusal([section, { type: 'actions', elements: [button('PDF'), button('x'.repeat(76), 1)] }])).toEqual([
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/1/elements/1/text/text]',
    ]);
    expect(await refusal([{ type: 'context', elements: facts(11) }])).toEqual([
      '[ERROR] must be less than 11 items [json-pointer:/blocks/0/elements]',
    ]);
    // What the double refused before, now with Slack's words too.
    expect(await refusal(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toEqual([
      '[ERROR] must be less than 51 items [json-pointer:/blocks]',
    ]);
    expect(await refusal([{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }])).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    expect(await refusal([{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }])).toEqual([
      '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ]);
    // Every problem is named, not only the first.
    expect(
      await refusal([
        { type: 'context', elements: facts(11) },
        { type: 'actions', elements: buttons(26, 'x'.repeat(76)) },
      ]),
    ).toEqual([
      '[ERROR] must be less than 11 items [json-pointer:/blocks/0/elements]',
      '[ERROR] must be less than 26 items [json-pointer:/blocks/1/elements]',
      ...Array.from({ length: 26 }, (_, j) => `[ERROR] must be less than 76 characters [json-pointer:/blocks/1/elements/${j}/text/text]`),
    ]);
    expect(slack.posted).toEqual([]);

    const atLimits = [
      { type: 'header', text: { type: 'plain_text', text: 'x'.repeat(150) } },
      { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3000) } },
      { type: 'context', elements: facts(10) },
      { type: 'actions', elements: buttons(25, 'x'.repeat(75)) },
      ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
    ];
    await client.chat.postMessage({ channel: PAPERS, text: 'x', blocks: atLimits });
    expect(slack.posted).toHaveLength(1);
    // chat.update and chat.postEphemeral hold blocks to the same limits.
    const long = [{ type: 'actions', elements: buttons(26) }];
    const ts = slack.posted[0]?.ts ?? '';
    expect(await platformError(client.chat.update({ channel: PAPERS, ts, text: 'x', blocks: long }))).toBe('invalid_blocks');
    expect(await platformError(client.chat.postEphemeral({ channel: PAPERS, user: BOB, text: 'x', blocks: long }))).toBe('invalid_blocks');
  });

  it('holds a Home tab to 100 blocks and the same element limits, answering invalid_arguments as views.publish does', async () => {
    const client = webClient({ logger: quietLogger() });
    const view = (blocks: Record<string, unknown>[]) => ({ type: 'home' as const, blocks }) as unknown as webApi.View;
    const error: unknown = await client.views
      .publish({ user_id: BOB, view: view(Array.from({ length: 101 }, () => ({ type: 'divider' }))) })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as webApi.WebAPIPlatformError).data).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 101 items [json-pointer:/view/blocks]'] },
    });
    const unsubscribe = {
      type: 'section',
      text: { type: 'mrkdwn', text: '• mamba' },
      accessory: { type: 'button', text: { type: 'plain_text', text: 'x'.repeat(76) }, action_id: 'unsubscribe', value: '{}' },
    };
    expect(await platformError(client.views.publish({ user_id: BOB, view: view([unsubscribe]) }))).toBe('invalid_arguments');
    await client.views.publish({ user_id: BOB, view: view(Array.from({ length: 100 }, () => ({ type: 'divider' }))) });
    expect(slack.publishedViews).toHaveLength(1);
  });

  it('has a 429 waited out by the WebClient for Retry-After seconds, and the message posted once', async () => {
    // With retries: 0 the WebClient still sleeps for Retry-After, then gives up instead of trying again.
    slack.rateLimit('chat.postMessage', 1, 0);
    const error: unknown = await webClient()
      .chat.postMessage({ channel: PAPERS, text: 'never' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({
      code: webApi.ErrorCode.RequestError,
      message: expect.stringMatching(/rate limit was exceeded/) as string,
    });
    expect(slack.posted).toEqual([]);

    // One retry, right after the wait: the second attempt gets through.
    slack.rateLimit('chat.postMessage', 1, 1);
    const patient = webClient({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const told: number[] = [];
    patient.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => told.push(seconds));
    const started = performance.now();
    const posted = await patient.chat.postMessage({ channel: PAPERS, text: 'after the wait' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(told).toEqual([1]);
    expect(slack.rateLimited.map((r) => r.body.text)).toEqual(['never', 'after the wait']);
    expect(slack.posted).toEqual([{ channel: PAPERS, ts: posted.ts, text: 'after the wait' }]);
    expect(countCalls('chat.postMessage')).toBe(3);
  });

  it('answers HTTP 500 as an HTTP error, which the WebClient retries when its retry policy allows', async () => {
    slack.serverError('chat.postMessage', 1);
    await expect(webClient().chat.postMessage({ channel: PAPERS, text: 'lost' })).rejects.toMatchObject({
      code: webApi.ErrorCode.HTTPError,
      statusCode: 500,
    });
    slack.serverError('chat.postMessage', 1);
    await webClient({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } }).chat.postMessage({ channel: PAPERS, text: 'retried' });
    expect(slack.posted.map((m) => m.text)).toEqual(['retried']);
    expect(countCalls('chat.postMessage')).toBe(3);
  });

  it('paces posts to one channel at one a second when asked to, leaving other channels alone', async () => {
    slack.enforceChannelPace(true);
    const strict = webClient({ rejectRateLimitedCalls: true });
    await strict.chat.postMessage({ channel: PAPERS, text: 'one' });
    await expect(strict.chat.postMessage({ channel: PAPERS, text: 'two' })).rejects.toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 1,
    });
    await strict.chat.postMessage({ channel: NEWS, text: 'elsewhere' });
    expect(slack.rateLimited.map((r) => r.body.text)).toEqual(['two']);
    expect(slack.posted.map((m) => m.text)).toEqual(['one', 'elsewhere']);
  });
});

describe('response_url', () => {
  it('takes five posts and refuses the sixth with 404 used_url', async () => {
    const url = slack.responseUrl('cmd-1');
    const post = (text: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, response_type: 'ephemeral', replace_original: false }),
      });
    for (let i = 1; i <= 5; i += 1) expect((await post(`reply ${i}`)).status).toBe(200);
    const sixth = await post('reply 6');
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
    expect((await slack.waitForResponse((r) => r.body.text === 'reply 5')).id).toBe('cmd-1');
    expect(slack.responses.map((r) => r.body.text)).toEqual(['reply 1', 'reply 2', 'reply 3', 'reply 4', 'reply 5']);
  });

  it('refuses blocks over Slack’s limits with 400 invalid_blocks, without using up the URL', async () => {
    const url = slack.responseUrl('cmd-2');
    const post = (blocks: unknown[]) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x', blocks }) });
    const refused = await post([{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'fact' })) }]);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] must be less than 11 items [json-pointer:/blocks/0/elements]'] },
    });
    expect(slack.responses).toEqual([]);
    for (let i = 1; i <= 5; i += 1) expect((await post([{ type: 'divider' }])).status).toBe(200);
  });
});

describe('the HTTP receiver helpers', () => {
  it('build a /papers form that Bolt’s own verifier accepts with the signature computed for it', () => {
    const body = formBody(
      slashCommandPayload({ teamId: TEAM, channelId: PAPERS, userId: BOB, text: 'search mamba', responseUrl: slack.responseUrl() }),
    );
    const fields = new URLSearchParams(body);
    expect(fields.get('command')).toBe('/papers');
    expect(fields.get('text')).toBe('search mamba');
    expect(fields.get('is_enterprise_install')).toBe('false');
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'x-slack-signature': slackSignature('signing-secret', timestamp, body), 'x-slack-request-timestamp': timestamp };
    expect(isValidSlackRequest({ signingSecret: 'signing-secret', body, headers })).toBe(true);
    expect(isValidSlackRequest({ signingSecret: 'another-secret', body, headers })).toBe(false);
  });
});

describe('Socket Mode, with Bolt’s SocketModeReceiver in a Bolt App', () => {
  interface BoltOnDouble {
    app: App;
    /** What the socket-mode client logged at warn and error level, so a test can say which failures it expects. */
    problems: string[];
    /** Resolves on the client's next `connected` (it has read `hello`), which the double cannot see from its side. */
    nextConnected: () => Promise<void>;
  }

  /** A Bolt App on the double; the socket-mode client waits its ping timeout (kept at a second) before reconnecting. */
  function boltOnDouble(): BoltOnDouble {
    const problems: string[] = [];
    let level = LogLevel.WARN;
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (...message: unknown[]) => problems.push(message.map(String).join(' ')),
      error: (...message: unknown[]) => problems.push(message.map(String).join(' ')),
      setLevel: (next) => (level = next),
      getLevel: () => level,
      setName: () => undefined,
    };
    const receiver = new SocketModeReceiver({
      appToken: APP_TOKEN,
      clientPingTimeout: 1000,
      logger,
      installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl } },
    });
    const app = new App({ token: BOT_TOKEN, receiver, clientOptions: { slackApiUrl: slack.apiUrl }, logger });
    return {
      app,
      problems,
      nextConnected: () => new Promise<void>((resolve) => receiver.client.once('connected', () => resolve())),
    };
  }

  it('connects with the app token, acks a slash command with its answer, and reconnects after a dropped connection', async () => {
    const { app, problems, nextConnected } = boltOnDouble();
    app.command('/papers', async ({ command, ack }) => {
      await ack({ response_type: 'ephemeral', text: `searching for ${command.text}` });
    });
    try {
      await app.start();
      await slack.connected;
      expect((await slack.waitForRequest((r) => r.method === 'apps.connections.open')).token).toBe(APP_TOKEN);
      const payload = slashCommandPayload({
        teamId: TEAM,
        channelId: PAPERS,
        userId: BOB,
        text: 'mamba',
        responseUrl: slack.responseUrl(),
      });
      const ack = await slack.sendSlashCommand(payload);
      expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'searching for mamba' });
      expect(slack.acks).toEqual([ack]);
      expect(problems).toEqual([]);

      const reconnected = nextConnected();
      slack.dropConnections();
      await reconnected;
      expect(slack.connections).toBe(2);
      expect(countCalls('apps.connections.open')).toBe(2);
      // The client reports the cut connection as a WebSocket error, then reconnects by itself.
      expect(problems.join('\n')).toMatch(/WebSocket error/);
      const again = await slack.sendSlashCommand({ ...payload, text: 'diffusion' });
      expect(again.payload).toEqual({ response_type: 'ephemeral', text: 'searching for diffusion' });
    } finally {
      await app.stop();
    }
  });

  it('delivers events and button presses, and reconnects quietly when Slack asks for a refresh', async () => {
    const { app, problems, nextConnected } = boltOnDouble();
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Your topics' } }] },
      });
    });
    app.action('more', async ({ ack, respond }) => {
      await ack();
      await respond({ text: 'more papers', replace_original: false });
    });
    try {
      await app.start();
      const eventAck = await slack.sendEvent({
        type: 'app_home_opened',
        user: ADA,
        channel: 'D000ADA',
        tab: 'home',
        event_ts: '1764493200.000100',
      });
      // Bolt acks an event before its listener runs, with an empty payload.
      expect(eventAck.payload).toEqual({});
      await slack.waitForRequest((r) => r.method === 'views.publish');
      expect(slack.publishedViews).toEqual([{ user_id: ADA, view: expect.objectContaining({ type: 'home' }) as unknown }]);

      const url = slack.responseUrl('button-1');
      await slack.sendInteractive(
        blockActionsPayload({ teamId: TEAM, channelId: PAPERS, userId: BOB, actionId: 'more', value: 'page-2', responseUrl: url }),
      );
      expect((await slack.waitForResponse((r) => r.id === 'button-1')).body).toEqual({ text: 'more papers', replace_original: false });

      // An envelope sent while the client reconnects waits for the new connection.
      const reconnected = nextConnected();
      slack.requestRefresh();
      const queued = slack.sendEvent({
        type: 'app_home_opened',
        user: BOB,
        channel: 'D000BOB',
        tab: 'home',
        event_ts: '1764493201.000100',
      });
      await reconnected;
      expect((await queued).payload).toEqual({});
      await slack.waitForRequest((r) => r.method === 'views.publish' && r.body.user_id === BOB);
      expect(countCalls('apps.connections.open')).toBe(2);
      expect(slack.connections).toBe(2);
      expect(problems).toEqual([]);
    } finally {
      await app.stop();
    }
  });
});
