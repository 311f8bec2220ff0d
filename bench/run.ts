// `npm run bench`: imports a synthetic corpus of each size into a fresh SQLite store, measures import speed,
// bytes per paper and search latency (FTS vs a naive LIKE scan), prints a table and writes bench/results.json.
// It reports figures against the targets but asserts nothing: it exits 0 unless something crashes.
//
//   npm run bench -- --sizes 100000 --queries 50 --repeats 3 --like 22 --seed 42 --keep --out bench/results.json
import { createRequire } from 'node:module';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openStore } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { CORPUS_NOW } from './corpus-generator.js';
import { importCorpus, measureStorage } from './import-corpus.js';
import { buildQueryMix } from './query-mix.js';
import { printSize, summarize, TARGETS, type SizeResult } from './report.js';
import { measureLike, measureSearch } from './search-latency.js';

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

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

const results: SizeResult[] = [];
let sqliteVersion = 'unknown';
const betterSqlite3Version = (createRequire(import.meta.url)('better-sqlite3/package.json') as { version: string }).version;

/** Which code the figures belong to: search and store change often, and a result without its commit misleads. */
function codeVersion(): { commit: string; dirtyFiles: string[] } {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: benchDir, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', '../src', '../migrations');
    return { commit: git('rev-parse', 'HEAD'), dirtyFiles: dirty === '' ? [] : dirty.split('\n').map((l) => l.slice(3)) };
  } catch {
    return { commit: 'unknown', dirtyFiles: [] };
  }
}
const code = codeVersion();

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
    options: { seed, sizes, queries: queries.length, repeats, likeQueries: likeQueries.length, batchSize, now: CORPUS_NOW },
    targets: TARGETS,
    results,
  };
  writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`);
}

mkdirSync(join(benchDir, 'corpora'), { recursive: true });
log(`papers-bot store bench: sizes ${sizes.join(', ')}; ${queries.length} queries × ${repeats}; seed ${seed}; batch ${batchSize}`);
for (const size of sizes) {
  const path = join(benchDir, 'corpora', `bench-${size}.db`);
  removeDatabase(path);
  const store = openStore(path);
  try {
    sqliteVersion = (store.sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    await migrateToLatest(store);
    log(`\nimporting ${size.toLocaleString('en-US')} papers into ${path}`);
    const imported = importCorpus(store, {
      seed,
      papers: size,
      batchSize,
      onProgress: (inputs, seconds) =>
        log(
          `  ${inputs.toLocaleString('en-US')} inputs, ${seconds.toFixed(1)} s in upsertPapers (${Math.round(inputs / seconds).toLocaleString('en-US')} inputs/s)`,
        ),
    });
    const storage = measureStorage(store, imported.papers);
    log(`measuring ${queries.length} queries…`);
    const search = await measureSearch(store, queries, repeats);
    log(`LIKE baseline over ${likeQueries.length} queries…`);
    const like = measureLike(store, likeQueries);
    const result = summarize(size, imported, storage, search, like, repeats);
    results.push(result);
    printSize(result, log);
    writeResults();
  } finally {
    await store.close();
    if (!values.keep) removeDatabase(path);
  }
}
log(`\nwrote ${outPath}`);
