// `papers migrate-data`, run as a user runs it (the real executable, a child process): a SQLite store made with
// the real migrations and filled through the real repositories (the search corpus, channels with topics, a
// delivery ledger, ingest runs, a bot registered on it and still holding its connection open) is copied into a
// fresh empty PostgreSQL database. Then the copy is read back through the same repositories: counts, search,
// rows field by field, new ids after the copied ones, and a second run refused without a change.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { searchPapers } from '../../src/app/search/search.js';
import type { TargetAddress } from '../../src/core/targets/target.js';
import { openSqliteStore, openStore, type PostgresStore, type Store } from '../../src/store/database.js';
import { claimDigest, findDelivery, markDeliverySent, beginDeliveryCall } from '../../src/store/deliveries-repository.js';
import { claimIngestRun, finishIngestRun, recentIngestRuns } from '../../src/store/ingest-runs-repository.js';
import { claimInstanceName } from '../../src/store/instances-repository.js';
import { docIdOfPaper, findPaper, upsertPapers } from '../../src/store/papers-repository.js';
import { addSubscription, listSubscriptions, removeSubscription } from '../../src/store/subscriptions-repository.js';
import { claimDueTargets, ensureTarget, findTargetById, listTargets, pauseTarget } from '../../src/store/targets-repository.js';
import { unplannedTables } from '../../src/store/copy-plan.js';
import { openSqliteSnapshot } from '../../src/store/sqlite-snapshot.js';
import { dropTestDatabase, emptyDatabase, postgresUrlOf } from '../helpers/postgres-databases.js';
import { runPapersProcess, type CliResult } from '../helpers/run-cli.js';
import { loadSearchCorpus } from '../helpers/search-corpus.js';
import { createTempStore, tempDir, type TempStore } from '../helpers/temp-store.js';

const NOW = new Date('2026-11-30T07:00:00.000Z');
const MINUTE = 60_000;

/** Every table holding data, as the test knows them (not from the command's own list). */
const COPIED = [
  'papers',
  'paper_categories',
  'paper_aliases',
  'search_aliases',
  'search_knowledge',
  'ingest_runs',
  'targets',
  'subscriptions',
  'deliveries',
  'delivered_papers',
  'semantic_models',
  'paper_vectors',
  'semantic_pending',
];

const slack = (address: string): TargetAddress => ({ platform: 'slack', workspace: 'T1', kind: 'channel', address });
const migrateData = (from: string, to: string): Promise<CliResult> => runPapersProcess(['migrate-data', '--from', from, '--to', to], {});

async function count(store: Store, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(store.db);
  return Number(rows[0]?.n ?? 0);
}

/** A running bot's store: channels with topics, a paused one, a sent digest and a pending one, runs, claims. */
async function fillLedger(store: Store): Promise<void> {
  const general = await ensureTarget(store, slack('C1'), NOW, 'U1');
  const research = await ensureTarget(store, slack('C2'), NOW, 'U2');
  const quiet = await ensureTarget(store, { platform: 'discord', workspace: 'G1', kind: 'user', address: 'U3' }, NOW, 'U3');
  for (const [targetId, query] of [
    [general.id, 'mixture of experts'],
    [general.id, 'diffusion'],
    [research.id, 'author:"Mei Tanaka"'],
    [general.id, 'quantization'],
  ] as const) {
    await addSubscription(store, { targetId, query, queryKey: query.toLowerCase(), createdBy: 'U1', now: NOW });
  }
  // The highest subscription id is then no longer in the table; SQLite never hands it out again.
  await removeSubscription(store, general.id, 'quantization');
  await pauseTarget(store, quiet.id, 'the channel is gone', NOW);

  const paperId = '2601.03817';
  const docId = (await docIdOfPaper(store, paperId))!;
  const claim = (targetId: number, runAt: Date, owner: string) =>
    claimDigest(store, {
      targetId,
      expectedRunAt: runAt,
      nextRunAt: new Date(runAt.getTime() + 86_400_000),
      nextWindowStart: runAt,
      digestDate: runAt.toISOString().slice(0, 10),
      windowStart: new Date(runAt.getTime() - 86_400_000),
      windowEnd: runAt,
      status: 'pending',
      content: { trending: [paperId], topics: [{ topic: 'mixture of experts', ids: [paperId], more: 0 }] },
      paperIds: [paperId],
      docIds: [docId],
      error: null,
      owner,
      leaseMs: 5 * MINUTE,
      now: NOW,
    });
  const sent = await claim(general.id, general.nextRunAt, 'old-bot:1');
  if (!sent.claimed) throw new Error('the digest was not claimed');
  await beginDeliveryCall(store, sent.deliveryId);
  await markDeliverySent(store, sent.deliveryId, ['1700000000.000100', '1700000000.000200'], NOW);
  const pending = await claim(research.id, research.nextRunAt, 'old-bot:1');
  if (!pending.claimed) throw new Error('the digest was not claimed');
  // A claim of the old bot on the targets due later: per-process, not carried over.
  await claimDueTargets(store, {
    now: new Date('2027-01-01T00:00:00Z'),
    limit: 10,
    platforms: ['slack'],
    owner: 'old-bot:1',
    leaseMs: MINUTE,
  });

  const run = await claimIngestRun(store, {
    source: 'hf',
    windowStart: '2026-11-28',
    windowEnd: '2026-11-29',
    now: NOW,
    leaseMs: 30 * MINUTE,
  });
  await finishIngestRun(store, run!, {
    fetched: 30,
    new: 27,
    updated: 3,
    unchanged: 0,
    skipped: 1,
    now: new Date(NOW.getTime() + MINUTE),
    error: null,
    skippedSamples: [{ ref: '2611.99999', reason: 'no title' }],
  });
  await claimIngestRun(store, { source: 'arxiv', windowStart: '2026-11-28', windowEnd: '2026-11-29', now: NOW, leaseMs: 30 * MINUTE });
  // The bot itself, registered on the file with a live lease (the copy is made while it runs).
  await claimInstanceName(store, {
    name: 'papers-1',
    host: 'old-host',
    pid: 4242,
    now: new Date(),
    leaseMs: 60 * MINUTE,
    isAlive: () => true,
  });
}

const fileHash = (path: string): string => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'absent');

describe('papers migrate-data', () => {
  let source: TempStore;
  let database: string;
  let url: string;
  let target: PostgresStore;
  let copy: CliResult;
  let filesBefore: string[];

  beforeAll(async () => {
    source = await createTempStore();
    await loadSearchCorpus(source.store);
    await fillLedger(source.store);
    database = await emptyDatabase(inject('postgresTemplate'));
    url = postgresUrlOf(database);
    filesBefore = [fileHash(source.path), fileHash(`${source.path}-wal`)];
    // The source store stays open meanwhile, as a running bot holds it (WAL mode).
    copy = await migrateData(source.path, url);
    target = openStore(url, { poolSize: 2 }) as PostgresStore;
  }, 120_000);

  afterAll(async () => {
    await target?.close();
    await source?.cleanup();
    if (database !== undefined) await dropTestDatabase(database);
  });

  it('copies, prints every table with both counts, says what to do next, and exits 0', () => {
    expect(copy.stderr).toBe('');
    expect(copy.code).toBe(0);
    for (const table of [...COPIED, 'paper_search']) expect(copy.stdout).toMatch(new RegExp(`^  ${table} +[\\d,]+ +[\\d,]+  ok`, 'm'));
    expect(copy.stdout).toContain('Every count matches');
    expect(copy.stdout).toContain(`Set DATABASE_URL=${url}`);
    expect(copy.stdout).toContain('pg_dump --format=custom');
    expect(copy.stdout).toContain(`Keep ${source.path} as it is`);
    // The bot registered on the file is named: what it writes from now on stays there.
    expect(copy.stdout).toContain('Stop the bots still running on');
    expect(copy.stdout).toContain('papers-1, pid 4242 on old-host');
  });

  it('leaves the SQLite file as it was: opened read-only, nothing written', () => {
    expect([fileHash(source.path), fileHash(`${source.path}-wal`)]).toEqual(filesBefore);
  });

  it('has the same number of rows in every table on both sides; per-process tables stay behind', async () => {
    const counts: Record<string, [number, number]> = {};
    for (const table of COPIED) counts[table] = [await count(source.store, table), await count(target, table)];
    for (const table of COPIED) expect({ table, postgres: counts[table]![1] }).toEqual({ table, postgres: counts[table]![0] });
    // Something of each kind was there to copy.
    for (const table of [
      'papers',
      'paper_aliases',
      'search_aliases',
      'targets',
      'subscriptions',
      'deliveries',
      'delivered_papers',
      'ingest_runs',
      // The import fitted a semantic model: its blob and the vectors go into bytea columns.
      'semantic_models',
      'paper_vectors',
    ]) {
      expect({ table, rows: counts[table]![0] > 0 }).toEqual({ table, rows: true });
    }
    expect(await count(target, 'paper_search')).toBe(counts.papers![0]);
    expect(await count(target, 'search_vocab')).toBeGreaterThan(100);
    expect(await count(source.store, 'instances')).toBe(1);
    expect(await count(target, 'instances')).toBe(0);
  });

  it('knows what to do with every table the SQLite migrations make', () => {
    const tables = source.store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    expect(unplannedTables(tables)).toEqual([]);
  });

  it('finds the same paper first for the same searches', async () => {
    for (const query of [
      'chronicals unsloth speedup',
      'mixture of depths routing tokens',
      'org:deepmind',
      'author:"Mei Tanaka"',
      'protein tokenisation',
      'difusion memorize',
    ]) {
      const onSqlite = await searchPapers(source.store, query, { now: NOW });
      const onPostgres = await searchPapers(target, query, { now: NOW });
      expect({ query, first: onPostgres.hits[0]?.paper.id }).toEqual({ query, first: onSqlite.hits[0]?.paper.id });
      expect(onPostgres.hits[0]).toBeDefined();
    }
  });

  it('reads back the same papers, targets, topics and ledger, field by field', async () => {
    for (const id of ['2601.03817', '2611.00101', '2603.90024'])
      expect(await findPaper(target, id)).toEqual(await findPaper(source.store, id));
    const targets = await listTargets(source.store);
    expect(targets.length).toBe(3);
    expect(await listTargets(target)).toEqual(targets);
    for (const t of targets) {
      expect(await findTargetById(target, t.id)).toEqual(t);
      expect(await listSubscriptions(target, t.id)).toEqual(await listSubscriptions(source.store, t.id));
    }
    const deliveries = (await source.store.db.selectFrom('deliveries').select('id').orderBy('id').execute()).map((r) => r.id);
    for (const id of deliveries) expect(await findDelivery(target, id)).toEqual(await findDelivery(source.store, id));
    expect(await recentIngestRuns(target, 10)).toEqual(await recentIngestRuns(source.store, 10));
    // The rows themselves, as both databases hand them to the repositories: every copied table but targets (below).
    for (const table of COPIED.filter((t) => t !== 'targets')) {
      const rows = async (store: Store) =>
        (await sql<object>`SELECT * FROM ${sql.table(table)}`.execute(store.db)).rows.map((row) => JSON.stringify(row)).sort();
      expect({ table, rows: await rows(target) }).toEqual({ table, rows: await rows(source.store) });
    }
    const rowsOf = async (store: Store) => store.db.selectFrom('targets').selectAll().orderBy('id').execute();
    const sqliteTargets = await rowsOf(source.store);
    expect(sqliteTargets.some((t) => t.claimed_by !== null)).toBe(true);
    expect(await rowsOf(target)).toEqual(sqliteTargets.map((t) => ({ ...t, claimed_by: null, claim_expires_at: null })));
  });

  it('gives rows added afterwards new ids, past every id SQLite handed out', async () => {
    const handedOut = source.store.sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'subscriptions'").pluck().get() as number;
    const maxKept = (
      await source.store.db
        .selectFrom('subscriptions')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id;
    expect(handedOut).toBeGreaterThan(Number(maxKept));
    const [general] = await listTargets(target, 'slack');
    expect(await addSubscription(target, { targetId: general!.id, query: 'rlhf', queryKey: 'rlhf', createdBy: 'U1', now: NOW })).toBe(true);
    const added = (await listSubscriptions(target, general!.id)).find((s) => s.query === 'rlhf');
    expect(added?.id).toBe(handedOut + 1);
    const newTarget = await ensureTarget(target, slack('C9'), NOW, 'U9');
    const targetIds = (await listTargets(source.store)).map((t) => t.id);
    expect(newTarget.id).toBeGreaterThan(Math.max(...targetIds));
    const run = await claimIngestRun(target, {
      source: 'hf',
      windowStart: '2026-11-30',
      windowEnd: '2026-11-30',
      now: NOW,
      leaseMs: MINUTE,
    });
    expect(run).toBeGreaterThan(Math.max(...(await recentIngestRuns(source.store, 10)).map((r) => r.id)));
  });

  it('refuses a second run into the database, now that it holds data, and changes nothing', async () => {
    const before = await Promise.all([...COPIED, 'paper_search', 'search_vocab'].map((table) => count(target, table)));
    const again = await migrateData(source.path, url);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^papers migrate-data: postgres:\/\/.* already holds data \(.*papers.*\); migrate-data copies into an empty database only/,
      ),
    ]);
    expect(await Promise.all([...COPIED, 'paper_search', 'search_vocab'].map((table) => count(target, table)))).toEqual(before);
  });
});

describe('the snapshot migrate-data reads', () => {
  it('sees one committed state: what the bot writes after it is taken is not in it', async () => {
    const source = await createTempStore();
    try {
      await loadSearchCorpus(source.store);
      const snapshot = openSqliteSnapshot(source.path);
      try {
        const papers = snapshot.counts.get('papers');
        // The bot goes on writing through its own connection while the snapshot is read.
        await ensureTarget(source.store, slack('C7'), NOW, 'U7');
        await upsertPapers(source.store, [{ source: 'arxiv', id: '2612.00001', title: 'Written after the snapshot' }], NOW.toISOString());
        expect(await count(source.store, 'papers')).toBe(papers! + 1);
        expect([...snapshot.rows('targets', ['id'])]).toEqual([]);
        expect([...snapshot.rows('papers', ['id'])].length).toBe(papers);
        expect(snapshot.counts.get('targets')).toBe(0);
      } finally {
        snapshot.close();
      }
    } finally {
      await source.cleanup();
    }
  });
});

describe('papers migrate-data refuses bad input with one line', () => {
  let source: TempStore;
  beforeAll(async () => {
    source = await createTempStore();
  });
  afterAll(async () => source.cleanup());

  const oneLine = (result: CliResult, code: number, pattern: RegExp) => {
    expect(result.code).toBe(code);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(pattern)]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  };

  it('a SQLite path as --to, or a missing flag', async () => {
    oneLine(await migrateData(source.path, join(source.dir, 'other.db')), 2, /^papers migrate-data: --to must be a PostgreSQL URL/);
    oneLine(await runPapersProcess(['migrate-data', '--from', source.path], {}), 2, /^papers migrate-data: give both --from FILE/);
  });

  it('a source that is missing, is not a database, or lacks migrations', async () => {
    const nowhere = 'postgres://postgres@127.0.0.1:1/none';
    oneLine(await migrateData(join(source.dir, 'missing.db'), nowhere), 1, /missing\.db: no such file/);
    const dir = tempDir();
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'not a database');
    oneLine(await migrateData(text, nowhere), 1, /notes\.db as a papers store: file is not a database/);
    const old = openSqliteStore(join(dir, 'old.db'));
    const migrator = new Migrator({ db: old.db, provider: { getMigrations: () => Promise.resolve(migrations) } });
    await migrator.migrateTo('2026_12_02_0400_papers_ranking_index');
    await old.close();
    oneLine(await migrateData(join(dir, 'old.db'), nowhere), 1, /not at this version's schema .* papers migrate/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a PostgreSQL server that cannot be reached', async () => {
    oneLine(
      await migrateData(source.path, 'postgres://postgres@127.0.0.1:1/papers'),
      1,
      /^papers migrate-data: cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/papers: .*ECONNREFUSED/,
    );
  });
});
