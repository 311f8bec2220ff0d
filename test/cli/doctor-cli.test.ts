// `papers doctor` as a user runs it: the real executable against a real database file and the local doubles of
// Hugging Face, arXiv, Discord (REST) and Slack (Web API). A good setup passes; revoked tokens, channels the bot
// cannot use, an invalid configuration and broken upstreams are each reported with their fix and exit 1.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { CheckResult } from '../../src/ops/doctor/check.js';
import { papersCommandPayload } from '../../src/platforms/discord/command-payload.js';
import { manifestBotScopes } from '../../src/platforms/slack/slack-doctor.js';
import { claimIngestRun, finishIngestRun } from '../../src/store/ingest-runs-repository.js';
import { ensureTarget, pauseTarget, saveTargetSettings } from '../../src/store/targets-repository.js';
import { startArxivDouble, type ArxivDouble } from '../doubles/arxiv-double.js';
import { CREATE_PUBLIC_THREADS, SEND_MESSAGES, VIEW_CHANNEL, startDiscordDouble, type DiscordDouble } from '../doubles/discord-double.js';
import { hfItems, startHfDouble, type HfDouble } from '../doubles/hf-double.js';
import { startSlackDouble, type SlackDouble, type SlackDoubleOptions } from '../doubles/slack-double.js';
import { runPapers } from '../helpers/run-cli.js';
import { loadSearchCorpus } from '../helpers/search-corpus.js';
import { createTempStore, tempDir, type TempStore } from '../helpers/temp-store.js';

const APP = '300000000000000001';
const GUILD = '100000000000000001';
const PAPERS = '200000000000000001';
const HIDDEN = '200000000000000002';
const THREADS = '200000000000000003';
const TEAM = 'T0LAB';
const PUBLIC = 'C0PAPERS';
const SECRET = 'G0SECRET';
const DISCORD_TOKEN = 'discord-secret-token-123';
const BOT_TOKEN = 'xoxb-slack-secret-bot-token';
const APP_TOKEN = 'xapp-slack-secret-app-token';

let temp: TempStore;
let hf: HfDouble;
let arxiv: ArxivDouble;
let discord: DiscordDouble;
let slack: SlackDouble;
let env: Record<string, string>;

/**
 * The workspace the doctor looks at: a public and a private channel with the bot in both. As Slack does,
 * conversations.info needs the read scopes (which the manifest asks for).
 */
function startLabSlack(options: Partial<SlackDoubleOptions>): Promise<SlackDouble> {
  return startSlackDouble({
    teamId: TEAM,
    botUserId: 'U0BOT',
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    channels: [
      { id: PUBLIC, name: 'papers' },
      { id: SECRET, name: 'secret', isPrivate: true },
    ],
    users: [],
    enforceReadScopes: true,
    ...options,
  });
}

beforeEach(async () => {
  temp = await createTempStore();
  await loadSearchCorpus(temp.store);
  const now = new Date();
  for (const source of ['hf', 'arxiv']) {
    const id = await claimIngestRun(temp.store, { source, windowStart: '2026-11-27', windowEnd: '2026-11-28', now, leaseMs: 60_000 });
    if (id === null) throw new Error('ingest run not claimed');
    await finishIngestRun(temp.store, id, {
      fetched: 1,
      new: 1,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      now,
      error: null,
      skippedSamples: [],
    });
  }
  const channel = (platform: string, workspace: string, address: string) =>
    ensureTarget(temp.store, { platform, workspace, kind: 'channel', address }, now, 'U0ADMIN');
  await channel('discord', GUILD, PAPERS);
  await channel('discord', GUILD, HIDDEN);
  const threads = await channel('discord', GUILD, THREADS);
  await saveTargetSettings(temp.store, threads, { ...threads.settings, layout: 'thread' }, now, null);
  await channel('slack', TEAM, PUBLIC);
  await channel('slack', TEAM, SECRET);
  // A personal digest is not a channel: the doctor leaves it out.
  await ensureTarget(temp.store, { platform: 'slack', workspace: TEAM, kind: 'user', address: 'U0ADMIN' }, now, 'U0ADMIN');

  hf = await startHfDouble();
  for (let back = 0; back <= 2; back += 1) hf.setDay(new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10), hfItems(3));
  arxiv = await startArxivDouble({ totalResults: 1234 });
  discord = await startDiscordDouble({
    applicationId: APP,
    guilds: [
      {
        id: GUILD,
        name: 'Lab',
        ownerId: '400000000000000001',
        channels: [
          { id: PAPERS, name: 'papers' },
          { id: HIDDEN, name: 'hidden' },
          { id: THREADS, name: 'threads' },
        ],
      },
    ],
  });
  // /papers registered as `papers register-commands` does it.
  const put = await fetch(`${discord.apiUrl}/v10/applications/${APP}/commands`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bot ${DISCORD_TOKEN}` },
    body: JSON.stringify([papersCommandPayload(commands)]),
  });
  expect(put.status).toBe(200);
  slack = await startLabSlack({ users: [{ id: 'U0ADMIN', isAdmin: true }] });
  env = {
    DATABASE_URL: temp.path,
    HF_API_URL: hf.url,
    ARXIV_API_URL: arxiv.url,
    DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: APP,
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
  };
});

afterEach(async () => {
  await Promise.all([hf.close(), arxiv.close(), discord.close(), slack.close()]);
  await temp.cleanup();
});

/** Nothing the doctor prints may carry a secret. */
function expectNoSecrets(text: string): void {
  for (const secret of [DISCORD_TOKEN, BOT_TOKEN, APP_TOKEN, 'slack-secret']) expect(text).not.toContain(secret);
}

async function doctorJson(extraEnv: Record<string, string> = {}): Promise<{ code: number | null; checks: CheckResult[] }> {
  const result = await runPapers(['doctor', '--json'], { ...env, ...extraEnv });
  expect(result.stderr).toBe('');
  expectNoSecrets(result.stdout);
  return { code: result.code, checks: JSON.parse(result.stdout) as CheckResult[] };
}

describe('papers doctor', () => {
  it('passes a good setup: every area ok, exit 0', async () => {
    const result = await runPapers(['doctor'], env);
    expect(result.stderr).toBe('');
    expectNoSecrets(result.stdout);
    const lines = result.stdout.trimEnd().split('\n');
    const summary = lines.at(-1) ?? '';
    expect(summary).toMatch(/^All \d+ checks passed\.$/);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/FAIL|warn/);
    for (const line of [
      '  ok    config   slack: on, Socket Mode',
      `  ok    database file: ${temp.path}`,
      '  ok    database integrity: quick_check ok',
      '  ok    database ingest Hugging Face: last success 0 min ago',
      '  ok    upstream Hugging Face: reachable: 3 papers (first page) listed for',
      '  ok    upstream arXiv: reachable: 1,234 entries in cs.LG',
      '  ok    discord  token: logged in as papers-bot (user 900000000000000001)',
      `  ok    discord  application: the token belongs to application ${APP}`,
      '  ok    discord  /papers: registered in every server, 8 subcommands',
      `  ok    discord  channel ${PAPERS} (#papers): can post (layout messages)`,
      `  ok    discord  channel ${THREADS} (#threads): can post (layout thread)`,
      '  ok    slack    bot token: works: papers-bot (U0BOT) in Double Workspace (T0LAB)',
      "  ok    slack    scopes: all 10 of the manifest's bot scopes granted",
      `  ok    slack    channel ${PUBLIC} (#papers): the bot is a member`,
      `  ok    slack    channel ${SECRET} (#secret): the bot is a member`,
      '  ok    slack    app token: Socket Mode can connect',
    ]) {
      expect(result.stdout).toContain(line);
    }
    // Read-only: nothing was posted to either platform, and the personal digest was not looked at.
    expect(discord.posted).toEqual([]);
    expect(slack.posted).toEqual([]);
    expect(slack.requests.map((r) => r.method).sort()).toEqual(
      ['apps.connections.open', 'auth.test', 'conversations.info', 'conversations.info'].sort(),
    );
  });

  it('--json lists every check with its area and status', async () => {
    const { code, checks } = await doctorJson();
    expect(code).toBe(0);
    expect(new Set(checks.map((c) => c.area))).toEqual(new Set(['config', 'database', 'upstream', 'discord', 'slack']));
    expect(checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(checks.find((c) => c.area === 'discord' && c.name === `channel ${HIDDEN} (#hidden)`)?.status).toBe('ok');
  });

  it('reports revoked Discord and Slack tokens and a wrong app token, each with its fix', async () => {
    discord.revokeToken();
    slack.revokeToken();
    const result = await runPapers(['doctor'], { ...env, SLACK_APP_TOKEN: 'xapp-not-the-right-one' });
    expect(result.code).toBe(1);
    expectNoSecrets(result.stdout);
    expect(result.stdout).not.toContain('xapp-not-the-right-one');
    expect(result.stdout).toContain('  FAIL  discord  token: Discord refuses the token (401 Unauthorized)');
    expect(result.stdout).toContain(
      'fix: DISCORD_TOKEN is wrong or was reset: Developer Portal → Bot → Reset Token, then set DISCORD_TOKEN',
    );
    expect(result.stdout).toContain('  FAIL  slack    bot token: Slack refuses SLACK_BOT_TOKEN (token_revoked)');
    expect(result.stdout).toContain('copy the new xoxb- token into SLACK_BOT_TOKEN');
    expect(result.stdout).toContain('  FAIL  slack    app token: Slack refuses SLACK_APP_TOKEN for Socket Mode (invalid_auth)');
    expect(result.stdout).toMatch(/\n3 problems \(\d+ checks\)\.\n$/);
    // With the token refused, no channel is asked about.
    expect(discord.requests.filter((r) => r.path.startsWith('/channels/'))).toEqual([]);
  });

  it('names the channels the bot cannot use and the permissions it lacks', async () => {
    discord.setBotOverwrite(HIDDEN, { deny: VIEW_CHANNEL });
    discord.setBotOverwrite(PAPERS, { deny: SEND_MESSAGES });
    discord.setBotOverwrite(THREADS, { deny: CREATE_PUBLIC_THREADS });
    slack.removeBotFrom(SECRET);
    slack.removeBotFrom(PUBLIC);
    const paused = await ensureTarget(
      temp.store,
      { platform: 'slack', workspace: TEAM, kind: 'channel', address: PUBLIC },
      new Date(),
      null,
    );
    await pauseTarget(temp.store, paused.id, 'the bot could not post there (not_in_channel)', new Date());
    const result = await runPapers(['doctor'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`  FAIL  discord  channel ${HIDDEN}: the bot cannot see this channel (Missing Access)`);
    expect(result.stdout).toContain('fix: give the bot (or its role) View Channel there');
    expect(result.stdout).toContain(`  FAIL  discord  channel ${PAPERS} (#papers): the bot lacks Send Messages (layout messages)`);
    expect(result.stdout).toContain(`  FAIL  discord  channel ${THREADS} (#threads): the bot lacks Create Public Threads (layout thread)`);
    expect(result.stdout).toContain(`  FAIL  slack    channel ${SECRET} (#secret): the bot is not in this private channel`);
    expect(result.stdout).toContain('fix: `/invite @papers` in that channel');
    expect(result.stdout).toContain(
      `  warn  slack    channel ${PUBLIC} (#papers): public; the bot joins by itself when it posts (channels:join), but the bot paused this digest: the bot could not post there (not_in_channel)`,
    );
    expect(result.stdout).toMatch(/\n4 problems, 1 warning \(\d+ checks\)\.\n$/);
  });

  it('reads channels through history when the install lacks the scopes conversations.info needs', async () => {
    await slack.close();
    slack = await startLabSlack({
      channels: [{ id: PUBLIC, name: 'papers', isMember: false }],
      // Installed before the manifest asked for channels:read and groups:read.
      scopes: manifestBotScopes().filter((scope) => scope !== 'channels:read' && scope !== 'groups:read'),
    });
    const { code, checks } = await doctorJson({ SLACK_API_URL: slack.apiUrl });
    const slackChecks = checks.filter((c) => c.area === 'slack');
    expect(slackChecks.find((c) => c.name === `channel ${PUBLIC}`)).toMatchObject({
      status: 'ok',
      detail: 'public; the bot joins by itself when it posts (channels:join)',
    });
    // The private channel is gone from this workspace: deleted, or the bot is not in it.
    expect(slackChecks.find((c) => c.name === `channel ${SECRET}`)).toMatchObject({
      status: 'fail',
      detail: 'not found: deleted, or private and the bot is not in it',
    });
    expect(code).toBe(1);
    expect(slack.requests.filter((r) => r.method === 'conversations.history').length).toBeGreaterThanOrEqual(1);
  });

  it('reports missing scopes against slack/manifest.json', async () => {
    await slack.close();
    slack = await startLabSlack({ scopes: ['commands', 'chat:write', 'users:read'] });
    const { code, checks } = await doctorJson({ SLACK_API_URL: slack.apiUrl });
    expect(code).toBe(1);
    expect(checks.find((c) => c.area === 'slack' && c.name === 'scopes')).toEqual({
      area: 'slack',
      name: 'scopes',
      status: 'fail',
      detail: 'missing channels:join, im:write, channels:history, groups:history, im:history, channels:read, groups:read',
      fix: 'add the scopes from slack/manifest.json (OAuth & Permissions → Bot Token Scopes) and reinstall the app',
    });
  });

  it('reports an invalid configuration as failed checks, and contacts nothing', async () => {
    // Values that do not parse are reported first; settings that do not fit together once every value parses.
    const values = await runPapers(['doctor'], { ...env, HTTP_TIMEOUT_MS: 'soon', PORT: '70000' });
    expect(values.code).toBe(1);
    expect(values.stderr).toBe('');
    expect(values.stdout).toContain('  FAIL  config   HTTP_TIMEOUT_MS:');
    expect(values.stdout).toContain('fix: fix HTTP_TIMEOUT_MS in the environment');
    expect(values.stdout).toContain('  FAIL  config   PORT:');
    expect(values.stdout).toMatch(/\n2 problems \(2 checks\)\.\n$/);
    const combination = await runPapers(['doctor'], { ...env, DISCORD_APPLICATION_ID: '', SLACK_BOT_TOKEN: 'not-a-slack-token-secret' });
    expect(combination.code).toBe(1);
    expect(combination.stdout).toContain(
      '  FAIL  config   DISCORD_APPLICATION_ID: the Discord front end needs both DISCORD_TOKEN and DISCORD_APPLICATION_ID',
    );
    expect(combination.stdout).toContain('  FAIL  config   SLACK_BOT_TOKEN: the bot token starts with xoxb- (OAuth & Permissions)');
    expect(combination.stdout).toMatch(/\n2 problems \(2 checks\)\.\n$/);
    expect(combination.stdout).not.toContain('not-a-slack-token-secret');
    expectNoSecrets(values.stdout + combination.stdout);
    expect(hf.requests).toEqual([]);
    expect(arxiv.requests).toEqual([]);
    expect(discord.requests.filter((r) => r.method === 'GET')).toEqual([]);
    expect(slack.requests).toEqual([]);
  });

  it('reports an upstream that is down and one that answers garbage, after one request each', async () => {
    hf.script({ kind: 'status', status: 503, times: Infinity });
    arxiv.script({ kind: 'raw', status: 200, body: '<html><body>Welcome to the proxy</body></html>', contentType: 'text/html' });
    const { code, checks } = await doctorJson({ DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '', SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '' });
    expect(code).toBe(1);
    const hfCheck = checks.find((c) => c.name === 'Hugging Face' && c.area === 'upstream');
    expect(hfCheck).toMatchObject({ status: 'fail', fix: 'check HF_API_URL, the network or a proxy' });
    expect(hfCheck?.detail).toContain('HTTP 503');
    const arxivCheck = checks.find((c) => c.name === 'arXiv');
    expect(arxivCheck?.status).toBe('fail');
    expect(arxivCheck?.detail).toMatch(/^answered, but not with a readable feed/);
    expect(hf.requests).toHaveLength(1);
    expect(arxiv.requests).toHaveLength(1);
    expect(arxiv.requests[0]?.params).toMatchObject({ search_query: 'cat:cs.LG', max_results: '1' });
    // No platform is configured, so none is checked, and the stored digests are named as not sent.
    expect(checks.some((c) => c.area === 'discord' || c.area === 'slack')).toBe(false);
    expect(checks.find((c) => c.name === 'discord digests')?.status).toBe('warn');
  });

  it('warns about a database that does not exist yet, without creating it', async () => {
    const missing = join(tempDir(), 'nested', 'papers.db');
    const { code, checks } = await doctorJson({ DATABASE_URL: missing, SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '' });
    expect(checks.filter((c) => c.area === 'database')).toEqual([
      {
        area: 'database',
        name: 'file',
        status: 'warn',
        detail: `${missing} does not exist yet`,
        fix: '`papers run` or `papers migrate` creates it',
      },
    ]);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(missing, '..'))).toBe(false);
    // Without a database there are no channels to look at; the token checks still run.
    expect(checks.find((c) => c.area === 'discord' && c.name === 'channels')?.detail).toBe('no channel digests yet');
    expect(code).toBe(0);
  });

  it('refuses an unknown option with exit 2', async () => {
    const result = await runPapers(['doctor', '--fix'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('papers doctor:');
  });
});
