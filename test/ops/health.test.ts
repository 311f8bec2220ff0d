// Health and metrics over real HTTP from the real bot process: /healthz, /readyz, /metrics on PORT, on their own
// listener or, in Slack's HTTP mode, beside /slack/events on the same one.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSlackDouble, type SlackDouble } from '../doubles/slack-double.js';
import { freePort } from '../helpers/free-port.js';
import { startPapers } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-store.js';

let slack: SlackDouble | undefined;
/** Bots started here, killed after each test even when it failed half way (none is left running). */
const started: ChildProcess[] = [];

afterEach(async () => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await slack?.close();
  slack = undefined;
});

/** Starts the bot and resolves once it has logged `line`. */
function startUntil(env: Record<string, string>, line: string, input?: string) {
  const run = startPapers(
    ['run'],
    { INGEST_INTERVAL_MINUTES: '0', LOG_LEVEL: 'info', LOG_FILE: '-', DATABASE_URL: join(tempDir(), 'papers.db'), ...env },
    input,
  );
  started.push(run.child);
  let printed = '';
  const ready = new Promise<void>((resolve) =>
    run.child.stderr?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      if (printed.includes(line)) resolve();
    }),
  );
  return { ...run, ready };
}

const METRICS = [
  'papers_digests_total',
  'papers_ingest_runs_total',
  'papers_ingested_papers_total',
  'papers_command_duration_seconds',
  'papers_rate_limit_waits_total',
  'papers_ledger_backlog',
];

describe('health and metrics', () => {
  it('answers /healthz, /readyz and /metrics on PORT, and counts a console command', { timeout: 60_000 }, async () => {
    const port = await freePort();
    // The console answers one search (its input then ends; the bot keeps running until signalled).
    const bot = startUntil({ PORT: String(port) }, 'health and metrics listening', '/papers search diffusion\n');
    let output = '';
    const answered = new Promise<void>((resolve) =>
      bot.child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/^ ?1\. /m.test(output)) resolve();
      }),
    );
    await bot.ready;
    const base = `http://127.0.0.1:${port}`;
    const alive = await fetch(`${base}/healthz`);
    expect(alive.status).toBe(200);
    expect(await alive.json()).toEqual({ alive: true });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, database: true, platforms: {} });
    await answered;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const name of METRICS) expect(metrics).toContain(`# TYPE ${name}`);
    expect(metrics).toMatch(/papers_command_duration_seconds_count\{platform="console",command="search"\} 1/);
    expect(metrics).toMatch(/papers_ledger_backlog 0/);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    bot.child.kill('SIGTERM');
    expect((await bot.result).code).toBe(0);
  });

  it('serves them beside /slack/events in Slack’s HTTP mode', { timeout: 60_000 }, async () => {
    slack = await startSlackDouble({ teamId: 'T0H', botUserId: 'U0BOT', botToken: 'xoxb-h', appToken: 'xapp-h', channels: [], users: [] });
    const port = await freePort();
    const bot = startUntil(
      { PORT: String(port), SLACK_BOT_TOKEN: 'xoxb-h', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slack.apiUrl },
      'slack connected',
    );
    await bot.ready;
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, platforms: { slack: true } });
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain('# TYPE papers_digests_total');
    bot.child.kill('SIGTERM');
    expect((await bot.result).code).toBe(0);
  });
});
