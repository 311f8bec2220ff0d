// A fan-out test bed for the real bot process: a store with hundreds of channels on Discord and Slack all due at
// once, both doubles, and a count afterwards of what each channel got, from the doubles' side (what a user sees)
// checked against the ledger: digests expected, delivered, duplicated and lost.
import type { PaperInput } from '../../src/core/paper.js';
import { localDay } from '../../src/core/schedule/next-run.js';
import { deliveriesOfTarget } from '../../src/store/deliveries-repository.js';
import { upsertPapers } from '../../src/store/papers-repository.js';
import { ensureTarget, listTargets } from '../../src/store/targets-repository.js';
import { startDiscordDouble, type DiscordDouble } from '../doubles/discord-double.js';
import { startSlackDouble, type SlackDouble } from '../doubles/slack-double.js';
import { startPapers, type CliResult } from '../helpers/run-cli.js';
import { createStoreOf, type Dialect } from '../helpers/temp-store.js';
import type { Store } from '../../src/store/database.js';
import type { ChildProcess } from 'node:child_process';
import { dailyScheduleAt, HOUR, startOfMinute, utcDayFrom, zoneWhereDayIsYoung } from '../helpers/test-clock.js';

const GUILD = '100000000000000001';
const TEAM = 'T0FAN';
const APPLICATION_ID = '300000000000000001';
const BOT_TOKEN = 'xoxb-fanout-bot';
const APP_TOKEN = 'xapp-fanout-app';

export interface FanoutBed {
  temp: { store: Store; path: string; cleanup(): Promise<void> };
  discord: DiscordDouble;
  slack: SlackDouble;
  /** Messages a complete fan-out posts (both platforms), once each. */
  expectedPosts: number;
  /** Messages posted so far, both platforms. */
  posted(): number;
  /** Resolves once at least `count` messages have been posted in all. */
  waitForPosts(count: number): Promise<void>;
  /**
   * Resolves true once the ledger has every channel's digest for today finished (sent, or given up), false if it
   * has not after `withinMs`. A run killed after posting the last message leaves the ledger to the next run.
   */
  waitForLedger(withinMs: number): Promise<boolean>;
  /** Starts the real bot process on the bed's store (as INSTANCE_NAME `instance`, "fanout" by default). */
  start(instance?: string, env?: Record<string, string>): { child: ChildProcess; result: Promise<CliResult> };
  /**
   * Starts the bot with its health listener on a port the system picks (PORT=0, so no other process can take it
   * first), and resolves `port` with the one it logged; rejects if the process ends before it listens.
   */
  startListening(
    instance: string,
    env?: Record<string, string>,
  ): { child: ChildProcess; result: Promise<CliResult>; port: Promise<number> };
  /** Makes the later channels (see `laterSlackChannels`) due at `at`: their run moves forward, their schedule stays. */
  makeLaterDue(at: Date): Promise<void>;
  /**
   * Starts the bot, SIGKILLs it once `target` messages have been posted in all, and resolves with its end. A killed
   * run keeps posting until the signal lands, so the target is held below the last post: with nothing left to
   * post, the run is killed while it starts up. Rejects, with the run's output, if the run ends by itself first.
   */
  killAfterPosts(target: number): Promise<CliResult & { killedAt: number }>;
  /** What every channel got, checked against the ledger. */
  count(): Promise<FanoutCount>;
  close(): Promise<void>;
}

export interface FanoutCount {
  expected: number;
  delivered: number;
  duplicated: number;
  lost: number;
  /** Per channel, for the failure message. */
  problems: string[];
}

/** A zone where it is now between 01:00 and 22:00, so no run of the test crosses its midnight. */
function papersListedYesterday(now: Date): PaperInput[] {
  const yesterday = utcDayFrom(now, -1);
  return Array.from({ length: 12 }, (_, i) => ({
    source: 'hf' as const,
    id: `2611.${String(30000 + i)}`,
    title: `Fan-out paper ${i + 1}: robust sparse attention`,
    abstract: 'We study what happens when many channels want the same digest at once. It works.',
    authors: ['Ada Lovelace', 'Alan Turing'],
    publishedAt: `${yesterday}T00:00:00.000Z`,
    dailyDate: yesterday,
    upvotes: 100 - i,
  }));
}

export interface FanoutBedOptions {
  discordChannels: number;
  slackChannels: number;
  /**
   * Slack channels with the same schedule whose next run is tomorrow's, until `makeLaterDue` brings it forward: a
   * test makes them fall due at a moment of its choosing (during an outage, say). Counted like the others.
   */
  laterSlackChannels?: number;
  dialect?: Dialect;
}

export async function startFanoutBed(options: FanoutBedOptions): Promise<FanoutBed> {
  const now = new Date();
  const created = await createStoreOf(options.dialect ?? 'sqlite');
  const temp = { store: created.store, path: created.url, cleanup: () => created.cleanup() };
  const discordChannels = Array.from({ length: options.discordChannels }, (_, i) => String(200_000_000_000_000_000n + BigInt(i)));
  const slackChannels = Array.from({ length: options.slackChannels }, (_, i) => `C0FAN${String(i).padStart(4, '0')}`);
  const laterChannels = Array.from({ length: options.laterSlackChannels ?? 0 }, (_, i) => `C0LATE${String(i).padStart(4, '0')}`);
  const discord = await startDiscordDouble({
    applicationId: APPLICATION_ID,
    guilds: [
      { id: GUILD, name: 'Fan-out', ownerId: '400000000000000001', channels: discordChannels.map((id, i) => ({ id, name: `c${i}` })) },
    ],
  });
  const slack = await startSlackDouble({
    teamId: TEAM,
    botUserId: 'U0BOT',
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    channels: [...slackChannels.map((id, i) => ({ id, name: `c${i}` })), ...laterChannels.map((id, i) => ({ id, name: `later${i}` }))],
    users: [{ id: 'U0ADMIN', isAdmin: true }],
  });
  await upsertPapers(temp.store, papersListedYesterday(startOfMinute(now)), now.toISOString());
  // Discord and Slack channels alternate, and the layouts vary, so a kill can land anywhere: between channels,
  // between the parts of one digest, inside a thread.
  // Every channel is due at the start of this minute, and scheduled at that minute every day: the digest's window is then the
  // whole day before, which holds yesterday's papers, whatever the time the test runs at. The zone keeps the
  // digest's local day young enough that it does not end while the bed runs (a missed digest of a day that is
  // over is skipped, not sent).
  const dueAt = startOfMinute(now);
  const zone = zoneWhereDayIsYoung(dueAt, HOUR);
  const due = dueAt.toISOString();
  const { minuteOfDay } = dailyScheduleAt(dueAt, zone);
  let expectedPosts = 0;
  const longest = Math.max(discordChannels.length, slackChannels.length);
  for (let i = 0; i < longest; i += 1) {
    for (const [platform, workspace, address] of [
      ['discord', GUILD, discordChannels[i]],
      ['slack', TEAM, slackChannels[i]],
    ] as const) {
      if (address === undefined) continue;
      const target = await ensureTarget(temp.store, { platform, workspace, kind: 'channel', address }, now, null);
      const thread = platform === 'slack' && i % 3 === 0;
      const size = platform === 'discord' && i % 2 === 0 ? 5 : 10;
      await temp.store.db
        .updateTable('targets')
        .set({
          next_run_at: due,
          minute_of_day: minuteOfDay,
          time_zone: zone,
          weekdays: '[1,2,3,4,5,6,7]',
          digest_size: size,
          layout: thread ? 'thread' : 'messages',
        })
        .where('id', '=', target.id)
        .execute();
      // Discord: 5 papers a message; Slack: one message, or a header and one message in its thread.
      expectedPosts += platform === 'discord' ? size / 5 : thread ? 2 : 1;
    }
  }
  const laterTargets: number[] = [];
  for (const address of laterChannels) {
    const target = await ensureTarget(temp.store, { platform: 'slack', workspace: TEAM, kind: 'channel', address }, now, null);
    await temp.store.db
      .updateTable('targets')
      .set({
        next_run_at: new Date(dueAt.getTime() + 24 * HOUR).toISOString(),
        minute_of_day: minuteOfDay,
        time_zone: zone,
        weekdays: '[1,2,3,4,5,6,7]',
        digest_size: 10,
        layout: 'messages',
      })
      .where('id', '=', target.id)
      .execute();
    laterTargets.push(target.id);
    expectedPosts += 1;
  }
  const posted = () => discord.posted.length + slack.posted.length;
  const env = {
    DATABASE_URL: temp.path,
    INGEST_INTERVAL_MINUTES: '0',
    INSTANCE_NAME: 'fanout',
    LOG_LEVEL: 'warn',
    // A bed without Discord channels runs the bot without Discord: it starts sooner.
    ...(discordChannels.length === 0
      ? {}
      : { DISCORD_TOKEN: 'fanout-token', DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: discord.apiUrl }),
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
  };
  return {
    temp,
    discord,
    slack,
    expectedPosts,
    posted,
    async waitForPosts(count) {
      if (posted() >= count) return;
      // Either double may see the post that reaches the count; each request wakes the check.
      await Promise.race([discord.waitForRequest(() => posted() >= count), slack.waitForRequest(() => posted() >= count)]);
    },
    async waitForLedger(withinMs) {
      const today = localDay(now, zone);
      const channels = options.discordChannels + options.slackChannels + laterChannels.length;
      const deadline = performance.now() + withinMs;
      for (;;) {
        // Channels, not deliveries: a channel with two finished deliveries for the day must not stand in for another.
        const finished = await temp.store.db
          .selectFrom('deliveries')
          .select('target_id')
          .distinct()
          .where('digest_date', '=', today)
          .where('status', 'in', ['sent', 'failed', 'skipped'])
          .execute();
        if (finished.length >= channels) return true;
        if (performance.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    start: (instance = 'fanout', more = {}) => startPapers(['run'], { ...env, INSTANCE_NAME: instance, ...more }),
    startListening(instance, more = {}) {
      const run = startPapers(['run'], { ...env, INSTANCE_NAME: instance, LOG_LEVEL: 'info', ...more, PORT: '0' });
      let printed = '';
      const port = new Promise<number>((resolve, reject) => {
        // A process that never gets as far as listening fails the test with what it printed, not at the test's timeout.
        const stuck = setTimeout(() => reject(new Error(`${instance} did not listen within 90 s: ${printed.slice(-3000)}`)), 90_000);
        run.child.stderr?.on('data', (chunk: Buffer) => {
          printed += chunk.toString();
          const line = printed.split('\n').find((l) => l.includes('health and metrics listening'));
          if (line !== undefined) {
            clearTimeout(stuck);
            resolve((JSON.parse(line) as { port: number }).port);
          }
        });
        void run.result.then(() => {
          clearTimeout(stuck);
          reject(new Error(`${instance} ended before it listened: ${printed.slice(-1000)}`));
        });
      });
      return { ...run, port };
    },
    async makeLaterDue(at) {
      if (laterTargets.length === 0) return;
      await temp.store.db.updateTable('targets').set({ next_run_at: at.toISOString() }).where('id', 'in', laterTargets).execute();
    },
    async killAfterPosts(target) {
      const reachable = Math.min(target, expectedPosts - 1);
      const { child, result } = startPapers(['run'], env);
      const reached = new Promise<void>((resolve) => {
        if (posted() >= reachable) resolve();
        else
          void Promise.race([discord.waitForRequest(() => posted() >= reachable), slack.waitForRequest(() => posted() >= reachable)]).then(
            () => resolve(),
          );
      });
      await Promise.race([
        reached,
        result.then((run) => {
          throw new Error(`the run ended (code ${run.code}) before post ${reachable}: ${run.stderr.slice(-2000)}`);
        }),
      ]);
      child.kill('SIGKILL');
      return { ...(await result), killedAt: posted() };
    },
    async count() {
      const today = localDay(now, zone);
      const problems: string[] = [];
      let delivered = 0;
      let duplicated = 0;
      let lost = 0;
      const targets = (await listTargets(temp.store)).filter((t) => t.platform !== 'console');
      for (const target of targets) {
        const sent = (await deliveriesOfTarget(temp.store, target.id)).filter((d) => d.digestDate === today && d.status === 'sent');
        // What the channel shows, by (delivery, part): a part seen twice is a duplicate a user would see.
        const parts =
          target.platform === 'discord'
            ? discord.posted
                .filter(
                  (m) =>
                    m.channel_id === target.address || discord.threads.some((t) => t.id === m.channel_id && t.parentId === target.address),
                )
                .map((m) => m.nonce ?? '?')
            : slack.posted
                .filter((m) => m.channel === target.address)
                .map((m) => `${String(m.metadata?.event_payload.delivery)}.${String(m.metadata?.event_payload.part)}`);
        const repeats = parts.length - new Set(parts).size;
        const deliveries = new Set(parts.map((p) => p.replace(/^d/, '').split('.')[0]));
        if (sent.length === 1 && repeats === 0 && deliveries.size === 1 && sent[0]?.messageIds.length === parts.length) delivered += 1;
        else if (sent.length === 0 && parts.length === 0) {
          lost += 1;
          problems.push(`${target.platform} ${target.address}: nothing`);
        } else {
          duplicated += Math.max(0, sent.length - 1) + repeats + Math.max(0, deliveries.size - 1);
          if (sent.length === 0) lost += 1;
          problems.push(`${target.platform} ${target.address}: ${sent.length} sent deliveries, parts ${parts.join(',')}`);
        }
      }
      return { expected: targets.length, delivered, duplicated, lost, problems };
    },
    async close() {
      await discord.close();
      await slack.close();
      await temp.cleanup();
    },
  };
}
