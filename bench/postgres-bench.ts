// The PostgreSQL phase (`npm run bench -- --only postgres`): the same generated corpus in a fresh SQLite file and a
// fresh PostgreSQL database, through the same import path, then the same measurements on both, side by side:
// import, search latency (lexical ranking), the digests of the bench's targets (build, claims per second, and the
// tick run by 1 process, and on PostgreSQL by 4 processes at once). The bench's own modules do the work; this file
// only decides what runs on which store, in which order.
import { rmSync } from 'node:fs';
import { TARGET_CLAIM_MS } from '../src/delivery/digest-scheduler.js';
import { openStore, type Store } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { sqlRow } from '../src/store/sql-runner.js';
import { forgetLookups } from '../src/store/postgres-lookup-cache.js';
import { createEmptyDatabase, dropDatabase, postgresUrlOf, withAdmin } from '../test/helpers/postgres-databases.js';
import { measureClaimRate, resetClaims, type ClaimRateResult } from './claim-rate.js';
import { measureBuild, type DigestResult } from './digest-bench.js';
import { createAudience, DIGEST_AT, type BenchAudience } from './digest-targets.js';
import { importCorpus, measureStorage, type ImportResult } from './import-corpus.js';
import type { BenchQuery } from './query-mix.js';
import { summarizeSearch, type SearchSummary } from './report.js';
import { measureSearch } from './search-latency.js';
import { runTickProcesses, type TickProcessesResult } from './tick-processes.js';

export interface StoreSide {
  /** null when --reuse found the corpus already there. */
  import: ImportResult | null;
  /** SQLite: file + WAL after a checkpoint. PostgreSQL: pg_database_size (the whole database, dead rows included). */
  storageBytes: number;
  search: SearchSummary;
  digest: {
    audience: BenchAudience;
    windows: DigestResult['windows'];
    build: DigestResult['build'];
    claims: ClaimRateResult[];
    ticks: TickProcessesResult[];
  };
}

export interface PostgresSideBySide {
  size: number;
  measuredAt: string;
  postgresVersion: string;
  /** The bench database (dropped afterwards unless --keep). */
  database: string;
  sqlite: StoreSide;
  postgres: StoreSide;
  /** Queries whose warm-up found a different number of hits (of at most 10) on the two stores. */
  hitsDiffer: { query: string; sqlite: number | null; postgres: number | null }[];
}

export interface PostgresBenchOptions {
  size: number;
  seed: number;
  batchSize: number;
  queries: readonly BenchQuery[];
  repeats: number;
  digestTargets: number;
  subscriptionsPerTarget: number;
  sqlitePath: string;
  keep: boolean;
  reuse: boolean;
  log: (line: string) => void;
}

/** Claimers run together on each store; on PostgreSQL they share one pool of this size (one connection each). */
const CLAIMERS = [1, 4];
const PROCESSES = { sqlite: [1], postgres: [1, 4] };
/** The bench's own pool on PostgreSQL: 4 claimers at once, and room to spare for the tests sharing the server. */
const BENCH_POOL_SIZE = 5;

const paperCount = async (store: Store): Promise<number> =>
  (await sqlRow<{ n: number }>(store, 'SELECT count(*) AS n FROM papers'))?.n ?? 0;

async function databaseExists(name: string): Promise<boolean> {
  return withAdmin(async (admin) => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

async function importOrReuse(store: Store, label: string, options: PostgresBenchOptions): Promise<ImportResult | null> {
  if (options.reuse && (await paperCount(store)) === options.size) {
    options.log(`${label}: reusing the ${options.size.toLocaleString('en-US')} papers already there (no import figures)`);
    return null;
  }
  options.log(`${label}: importing ${options.size.toLocaleString('en-US')} papers…`);
  return importCorpus(store, {
    seed: options.seed,
    papers: options.size,
    batchSize: options.batchSize,
    onProgress: (inputs, seconds) =>
      options.log(`  ${label}: ${inputs.toLocaleString('en-US')} inputs, ${seconds.toFixed(1)} s in upsertPapers`),
  });
}

/** Everything measured on one store; `url` is what the tick processes open (a file path or a postgres:// URL). */
async function measureSide(store: Store, url: string, label: 'sqlite' | 'postgres', options: PostgresBenchOptions): Promise<StoreSide> {
  const { log } = options;
  const imported = await importOrReuse(store, label, options);
  const storageBytes =
    store.dialect === 'sqlite'
      ? measureStorage(store, options.size).dbBytes
      : ((await sqlRow<{ n: number }>(store, 'SELECT pg_database_size(current_database()) AS n'))?.n ?? 0);
  log(`${label}: ${options.queries.length} queries × ${options.repeats} rounds (lexical)…`);
  const search = summarizeSearch(await measureSearch(store, options.queries, options.repeats, 'lexical'), [], options.repeats).search;

  log(`${label}: ${options.digestTargets.toLocaleString('en-US')} digest targets × ${options.subscriptionsPerTarget} topics…`);
  const audienceOptions = { seed: options.seed, targets: options.digestTargets, subscriptionsPerTarget: options.subscriptionsPerTarget };
  const audience = await createAudience(store, audienceOptions);
  log(`${label}: building the digests with one collector…`);
  // Subscribing just compiled every topic; a tick meets them days later, with nothing kept (postgres-lookup-cache.ts).
  forgetLookups();
  const { windows, build } = await measureBuild(store, new Date(DIGEST_AT), options.digestTargets);
  // Building writes nothing, and a claim moves no schedule: the same targets stay due for the claims and the ticks.
  const claims: ClaimRateResult[] = [];
  for (const claimers of CLAIMERS) {
    log(`${label}: claiming every due target, ${claimers} claimer(s)…`);
    claims.push(await measureClaimRate([store], claimers));
    await resetClaims(store);
  }
  const ticks: TickProcessesResult[] = [];
  for (const [i, processes] of PROCESSES[label].entries()) {
    // A tick moves every target's next run: the next one starts from the same targets created again (phase 5's reset).
    if (i > 0) await createAudience(store, audienceOptions);
    log(`${label}: runDigestTick in ${processes} process(es) at once…`);
    ticks.push(await runTickProcesses(store, url, processes));
  }
  return { import: imported, storageBytes, search, digest: { audience, windows, build, claims, ticks } };
}

function hitsDiffer(a: SearchSummary, b: SearchSummary): PostgresSideBySide['hitsDiffer'] {
  const onB = new Map(b.perQuery.map((q) => [q.query, q.hits]));
  return a.perQuery
    .filter((q) => onB.get(q.query) !== q.hits)
    .map((q) => ({ query: q.query, sqlite: q.hits, postgres: onB.get(q.query) ?? null }));
}

/**
 * The bench database is papers_bench_<size>: a name of the bench's own, created with the admin connection and
 * dropped afterwards unless --keep (or --reuse, which keeps it for the next run). No other database is touched.
 */
export async function measurePostgresSideBySide(options: PostgresBenchOptions): Promise<PostgresSideBySide> {
  const database = `papers_bench_${options.size}`;
  const url = postgresUrlOf(database);
  const keep = options.keep || options.reuse;
  const reuseDatabase = options.reuse && (await databaseExists(database));
  if (!reuseDatabase) {
    await withAdmin(async (admin) => {
      await dropDatabase(admin, database);
      await createEmptyDatabase(admin, database);
    });
  }
  if (!options.reuse) rmSync(options.sqlitePath, { force: true });
  const sqlite = openStore(options.sqlitePath);
  const postgres = openStore(url, { poolSize: BENCH_POOL_SIZE });
  try {
    await migrateToLatest(sqlite);
    await migrateToLatest(postgres);
    const postgresVersion = (await sqlRow<{ v: string }>(postgres, "SELECT current_setting('server_version') AS v"))?.v ?? 'unknown';
    options.log(
      `\nPostgreSQL ${postgresVersion}, database ${database}; SQLite ${options.sqlitePath}; claims last ${TARGET_CLAIM_MS / 1000} s`,
    );
    const onSqlite = await measureSide(sqlite, options.sqlitePath, 'sqlite', options);
    const onPostgres = await measureSide(postgres, url, 'postgres', options);
    return {
      size: options.size,
      measuredAt: new Date().toISOString(),
      postgresVersion,
      database,
      sqlite: onSqlite,
      postgres: onPostgres,
      hitsDiffer: hitsDiffer(onSqlite.search, onPostgres.search),
    };
  } finally {
    await sqlite.close();
    await postgres.close();
    if (!keep) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${options.sqlitePath}${suffix}`, { force: true });
      await withAdmin((admin) => dropDatabase(admin, database));
    }
  }
}
