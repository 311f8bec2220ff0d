// `npm run bench`: imports a synthetic corpus of each size into a fresh SQLite store, measures import speed,
// bytes per paper, search latency (FTS vs a naive LIKE scan) and digests for many targets due together, prints a
// table and writes bench/results.json. It reports figures against the targets but asserts nothing: it exits 0
// unless something crashes.
//
//   npm run bench -- --sizes 100000 --queries 50 --repeats 3 --like 22 --seed 42 --keep --out bench/results.json
//   npm run bench -- --sizes 1000000 --only digest --reuse     # digests on the corpus an earlier --keep run left
//   npm run bench -- --only relevance                         # ranking quality on the 53 real seed papers only
//   npm run bench -- --only startup                           # papers --help, search --json, npm start to the prompt
//   npm run bench -- --only postgres --sizes 100000            # SQLite and PostgreSQL side by side (needs the server)
import { createRequire } from 'node:module';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openStore, sqliteOf } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { CORPUS_NOW } from './corpus-generator.js';
import { measureDigests } from './digest-bench.js';
import { measureDiscord } from './discord-bench.js';
import { measureSlack } from './slack-bench.js';
import { measureFanout, type FanoutResult } from './fanout-bench.js';
import { importCorpus, measureStorage, type ImportResult, type StorageResult } from './import-corpus.js';
import { printRelevance, printRelevanceSideBySide, runRelevanceBench, type RelevanceResult } from './relevance.js';
import { runRelevanceOnPostgres } from './relevance-postgres.js';
import { buildQueryMix } from './query-mix.js';
import { printFanout, printSize, summarize, TARGETS, type Measurements, type SizeResult } from './report.js';
import { measureLike, measureSearch } from './search-latency.js';
import { measureSemanticSearch, printSemanticSearch } from './semantic-latency.js';
import { measureStartup, type StartupResult } from './startup-bench.js';
import { measurePostgresSideBySide, type PostgresSideBySide } from './postgres-bench.js';
import { printPostgresSideBySide } from './postgres-report.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const log = (line: string): void => console.log(line);

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    queries: { type: 'string' },
    repeats: { type: 'string', default: '5' },
    like: { type: 'string', default: '22' },
    seed: { type: 'string', default: '42' },
    batch: { type: 'string', default: '5000' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    only: { type: 'string' },
    'digest-targets': { type: 'string', default: String(TARGETS.digestTargets) },
    out: { type: 'string', default: join(benchDir, 'results.json') },
  },
});

const positive = (name: string, raw: string | undefined): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got ${raw ?? '(none)'}`);
  return value;
};
const sizes = (values.sizes ?? '').split(',').map((s) => positive('sizes', s.replace(/_/g, '').trim()));
const seed = positive('seed', values.seed);
const repeats = positive('repeats', values.repeats);
const batchSize = positive('batch', values.batch);
const fullMix = buildQueryMix(seed);
// The mix is interleaved by class, so any prefix of it still covers every class.
const queries = values.queries === undefined ? fullMix : fullMix.slice(0, positive('queries', values.queries));
const likeQueries = queries.slice(0, positive('like', values.like));
const outPath = resolve(values.out ?? join(benchDir, 'results.json'));
const PHASES = ['search', 'digest', 'discord', 'slack', 'fanout', 'relevance', 'startup', 'postgres'] as const;
if (values.only !== undefined && !(PHASES as readonly string[]).includes(values.only)) {
  throw new Error(`--only must be one of ${PHASES.join(', ')}, got ${values.only}`);
}
const runSearch = values.only === undefined || values.only === 'search';
const runDigest = values.only === undefined || values.only === 'digest';
const runDiscord = values.only === undefined || values.only === 'discord';
const runSlack = values.only === undefined || values.only === 'slack';
// The fan-out phase needs no corpus: it runs once, after the sizes (or alone, with --only fanout).
const runFanout = values.only === undefined || values.only === 'fanout';
// The relevance phase needs no corpus either: it builds its own store from the 53 real seed papers.
const runRelevance = values.only === undefined || values.only === 'relevance';
// Start-up times need no corpus: they run the compiled code on the bundled sample.
const runStartup = values.only === undefined || values.only === 'startup';
// PostgreSQL runs only when asked for (it needs the server): its sizes go to its own loop, below.
const runPostgres = values.only === 'postgres';
const sizesToRun = values.only === 'fanout' || values.only === 'relevance' || values.only === 'startup' || runPostgres ? [] : sizes;
const digestTargets = positive('digest-targets', values['digest-targets']);
// --reuse measures a database an earlier --keep run left behind, so it must be kept again.
const keep = values.keep || values.reuse;
const SUBSCRIPTIONS_PER_TARGET = 5;

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

const results: SizeResult[] = [];
let fanout: FanoutResult | null = null;
let sqliteVersion = 'unknown';
const betterSqlite3Version = (createRequire(import.meta.url)('better-sqlite3/package.json') as { version: string }).version;

/** Which code the figures belong to: search and store change often, and a result without its commit misleads. */
function codeVersion(): { commit: string; dirtyFiles: string[] } {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: benchDir, encoding: 'utf8' }).trimEnd();
    const dirty = git('status', '--porcelain', '--', '../src', '../migrations');
    return { commit: git('rev-parse', 'HEAD'), dirtyFiles: dirty === '' ? [] : dirty.split('\n').map((l) => l.slice(3)) };
  } catch {
    return { commit: 'unknown', dirtyFiles: [] };
  }
}
const code = codeVersion();

/** What outPath already holds, so that a phase run alone replaces only its own key. */
function previousResults(): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(outPath, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
let startup: (StartupResult & { measuredAt: string; code: typeof code }) | null = null;
let relevance: (RelevanceResult & { measuredAt: string; code: typeof code }) | null = null;
let relevancePostgres: (RelevanceResult & { measuredAt: string; code: typeof code }) | null = null;

function writeResults(): void {
  const cpuList = cpus();
  const report = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      totalMemoryBytes: totalmem(),
      platform: `${platform()} ${release()}`,
      node: process.version,
      sqlite: sqliteVersion,
      betterSqlite3: betterSqlite3Version,
    },
    code,
    options: {
      seed,
      sizes,
      only: values.only ?? null,
      reuse: values.reuse,
      queries: queries.length,
      repeats,
      likeQueries: likeQueries.length,
      batchSize,
      digestTargets,
      subscriptionsPerTarget: SUBSCRIPTIONS_PER_TARGET,
      now: CORPUS_NOW,
    },
    targets: TARGETS,
    results,
    fanout,
    relevance: relevance ?? previousResults()['relevance'] ?? null,
    relevancePostgres: relevancePostgres ?? previousResults()['relevancePostgres'] ?? null,
    [`startupNode${process.versions.node.split('.')[0]}`]:
      startup ?? previousResults()[`startupNode${process.versions.node.split('.')[0]}`] ?? null,
  };
  writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`);
}

mkdirSync(join(benchDir, 'corpora'), { recursive: true });
log(
  `papers-bot store bench: sizes ${sizesToRun.join(', ') || 'none'}; ` +
    (runSearch ? `${queries.length} queries × ${repeats}; ` : '') +
    (runDigest ? `digests for ${digestTargets} targets × ${SUBSCRIPTIONS_PER_TARGET} topics; ` : '') +
    `seed ${seed}; batch ${batchSize}`,
);
for (const size of sizesToRun) {
  const path = join(benchDir, 'corpora', `bench-${size}.db`);
  const reuse = values.reuse && existsSync(path);
  if (!reuse) removeDatabase(path);
  const store = openStore(path);
  try {
    sqliteVersion = (sqliteOf(store).prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    await migrateToLatest(store);
    let imported: ImportResult | null = null;
    let storage: StorageResult | null = null;
    if (reuse) {
      const { n } = sqliteOf(store).prepare('SELECT count(*) AS n FROM papers').get() as { n: number };
      if (n !== size) throw new Error(`${path} holds ${n} papers, not ${size}: run without --reuse to import it again`);
      log(`\nreusing ${path} (${n.toLocaleString('en-US')} papers; no import or storage figures)`);
    } else {
      log(`\nimporting ${size.toLocaleString('en-US')} papers into ${path}`);
      imported = await importCorpus(store, {
        seed,
        papers: size,
        batchSize,
        onProgress: (inputs, seconds) =>
          log(
            `  ${inputs.toLocaleString('en-US')} inputs, ${seconds.toFixed(1)} s in upsertPapers (${Math.round(inputs / seconds).toLocaleString('en-US')} inputs/s)`,
          ),
      });
      storage = measureStorage(store, imported.papers);
    }
    const measured: Measurements = { imported, storage, search: null, digest: null, discord: null, slack: null, semantic: null };
    if (runSearch) {
      log(`measuring ${queries.length} queries…`);
      const measurements = await measureSearch(store, queries, repeats);
      log(`LIKE baseline over ${likeQueries.length} queries…`);
      measured.search = { measurements, like: measureLike(store, likeQueries), repeats };
      measured.semantic = await measureSemanticSearch(store, queries, repeats, seed, log);
      printSemanticSearch(measured.semantic, log);
    }
    if (runDigest) {
      measured.digest = await measureDigests(store, {
        seed,
        targets: digestTargets,
        subscriptionsPerTarget: SUBSCRIPTIONS_PER_TARGET,
        log,
      });
    }
    if (runDiscord) {
      measured.discord = await measureDiscord(store, path, queries, { guilds: TARGETS.discordGuilds, log });
    }
    if (runSlack) measured.slack = await measureSlack(store, queries, log);
    const result = summarize(size, measured);
    results.push(result);
    printSize(result, log);
    writeResults();
  } finally {
    await store.close();
    if (!keep) removeDatabase(path);
  }
}
if (runFanout) {
  fanout = await measureFanout(log);
  printFanout(fanout, log);
  writeResults();
}
if (runRelevance) {
  relevance = { measuredAt: new Date().toISOString(), code, ...(await runRelevanceBench()) };
  printRelevance(relevance, log);
  const onPostgres = await runRelevanceOnPostgres({}, log);
  if (onPostgres !== null) {
    relevancePostgres = { measuredAt: new Date().toISOString(), code, ...onPostgres };
    printRelevance(relevancePostgres, log);
    printRelevanceSideBySide(relevance, relevancePostgres, log);
  }
  // Alone, it merges into the file (the size and fan-out figures stay); in a full run the whole report is new.
  const kept = { relevance, relevancePostgres: relevancePostgres ?? previousResults()['relevancePostgres'] ?? null };
  if (values.only === 'relevance') writeFileSync(outPath, `${JSON.stringify({ ...previousResults(), ...kept }, null, 2)}\n`);
  else writeResults();
}
if (runStartup) {
  startup = { measuredAt: new Date().toISOString(), code, ...(await measureStartup(10, log)) };
  const key = `startupNode${process.versions.node.split('.')[0]}`;
  // Alone, it merges into the file under its Node's major version, so Node 20 and Node 24 figures sit side by side.
  if (values.only === 'startup') writeFileSync(outPath, `${JSON.stringify({ ...previousResults(), [key]: startup }, null, 2)}\n`);
  else writeResults();
}
if (runPostgres) {
  const postgres: PostgresSideBySide[] = [];
  for (const size of sizes) {
    const result = await measurePostgresSideBySide({
      size,
      seed,
      batchSize,
      queries,
      repeats,
      digestTargets,
      subscriptionsPerTarget: SUBSCRIPTIONS_PER_TARGET,
      sqlitePath: join(benchDir, 'corpora', `pg-side-sqlite-${size}.db`),
      keep: values.keep,
      reuse: values.reuse,
      log,
    });
    printPostgresSideBySide(result, log);
    postgres.push(result);
    // Merged under its own key after each size, so the SQLite-only figures stay and a long run keeps what finished.
    writeFileSync(
      outPath,
      `${JSON.stringify({ ...previousResults(), postgres: { code, options: { seed, repeats, queries: queries.length, digestTargets }, sizes: postgres } }, null, 2)}\n`,
    );
  }
}
log(`\nwrote ${outPath}`);
