// Phase 5 of the bench: Discord through the local double. (a) /papers search from the dispatched interaction to
// the bot's REST answer, over the query mix, with the real discord.js client in this process; (b) the memory of
// the real bot process (`papers run`) after it has connected to a double announcing many guilds.
import { spawn } from 'node:child_process';
import pino from 'pino';
import { startDiscordBot } from '../src/platforms/discord/discord-bot.js';
import type { Store } from '../src/store/database.js';
import { startDiscordDouble, type DiscordDoubleGuild } from '../test/doubles/discord-double.js';
import { PAPERS_BIN, processMemory, START_NODE_FLAGS } from './bot-process.js';
import { CORPUS_NOW } from './corpus-generator.js';
import { latencyStats, type LatencyStats } from './latency-stats.js';
import type { BenchQuery } from './query-mix.js';

export interface DiscordResult {
  search: { interactions: number; deferred: number; errors: number; latency: LatencyStats };
  memory: { guilds: number; channelsPerGuild: number; rssBytes: number; connectSeconds: number };
}

const APPLICATION_ID = '300000000000000001';

function guildsOf(count: number, channelsPerGuild: number): DiscordDoubleGuild[] {
  return Array.from({ length: count }, (_, g) => ({
    id: String(100_000_000_000_000_000n + BigInt(g)),
    name: `Lab ${g}`,
    ownerId: String(400_000_000_000_000_000n + BigInt(g)),
    channels: Array.from({ length: channelsPerGuild }, (_, c) => ({
      id: String(200_000_000_000_000_000n + BigInt(g * 100 + c)),
      name: `channel-${c}`,
    })),
  }));
}

async function measureSearchLatency(store: Store, queries: readonly BenchQuery[]): Promise<DiscordResult['search']> {
  const [guild] = guildsOf(1, 1);
  if (guild === undefined) throw new Error('no guild');
  const discord = await startDiscordDouble({ applicationId: APPLICATION_ID, guilds: [guild] });
  const bot = await startDiscordBot({
    token: 'bench',
    apiUrl: discord.apiUrl,
    store,
    logger: pino({ level: 'silent' }),
    now: () => new Date(CORPUS_NOW),
  });
  try {
    await discord.identified;
    const ask = async (text: string) => {
      const started = performance.now();
      const { id, token } = discord.dispatchSlashCommand({
        guildId: guild.id,
        channelId: guild.channels[0]?.id ?? '',
        member: { userId: '500000000000000001', permissions: 0n },
        subcommand: 'search',
        options: { query: text },
      });
      const callback = await discord.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${id}/${token}/callback`);
      return {
        ms: performance.now() - started,
        type: (callback.body as { type: number }).type,
        content: (callback.body as { data?: { content?: string } }).data?.content ?? '',
      };
    };
    // Warm-up over the whole mix (statement caches, stems), then one timed round.
    for (const query of queries) await ask(query.text);
    const samples: number[] = [];
    let deferred = 0;
    let errors = 0;
    for (const query of queries) {
      const answer = await ask(query.text);
      samples.push(answer.ms);
      if (answer.type === 5) deferred += 1;
      if (answer.content.startsWith('Something went wrong')) errors += 1;
    }
    return { interactions: samples.length, deferred, errors, latency: latencyStats(samples) };
  } finally {
    await bot.stop();
    await discord.close();
  }
}

async function measureMemory(storePath: string, guilds: number, channelsPerGuild: number): Promise<DiscordResult['memory']> {
  const all = guildsOf(guilds, channelsPerGuild);
  const discord = await startDiscordDouble({ applicationId: APPLICATION_ID, guilds: all });
  const started = performance.now();
  const child = spawn(process.execPath, [...START_NODE_FLAGS, PAPERS_BIN, 'run'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: storePath,
      INGEST_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'warn',
      DISCORD_TOKEN: 'bench',
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: discord.apiUrl,
    },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  // The bot dying early must end the measurement with its own words, not hang it.
  const died = exited.then(() => {
    throw new Error(`the bot process exited before answering:\n${stderr.slice(-2000)}`);
  });
  try {
    await Promise.race([discord.identified, died]);
    // The gateway is read in order: once a command sent after every GUILD_CREATE is answered, all are in.
    const last = all.at(-1);
    const { id, token } = discord.dispatchSlashCommand({
      guildId: last?.id ?? '',
      channelId: last?.channels[0]?.id ?? '',
      member: { userId: '500000000000000001', permissions: 0n },
      subcommand: 'help',
    });
    await Promise.race([discord.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`), died]);
    const connectSeconds = Math.round((performance.now() - started) / 10) / 100;
    return { guilds, channelsPerGuild, rssBytes: processMemory(child.pid ?? 0), connectSeconds };
  } finally {
    died.catch(() => undefined);
    child.kill('SIGTERM');
    await exited;
    await discord.close();
  }
}

export async function measureDiscord(
  store: Store,
  storePath: string,
  queries: readonly BenchQuery[],
  options: { guilds: number; log: (line: string) => void },
): Promise<DiscordResult> {
  options.log(`discord: ${queries.length} searches through the double…`);
  const search = await measureSearchLatency(store, queries);
  options.log(`discord: the bot process connecting to ${options.guilds} guilds…`);
  const memory = await measureMemory(storePath, options.guilds, 5);
  return { search, memory };
}
