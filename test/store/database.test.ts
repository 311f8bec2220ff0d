import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction, sqlRows, sqlRun } from '../../src/store/sql-runner.js';
import { openStore, sqlitePathFromUrl, UnsupportedDatabaseUrlError, sqliteOf } from '../../src/store/database.js';
import { migrateToLatest, pendingMigrations } from '../../src/store/migrate.js';
import { migrations } from '../../migrations/index.js';
import { tempDir } from '../helpers/temp-store.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('sqlitePathFromUrl', () => {
  it.each([
    ['./data/papers.db', resolve('./data/papers.db')],
    ['sqlite:/tmp/x.db', '/tmp/x.db'],
    ['sqlite:///tmp/x.db', '/tmp/x.db'],
    ['file:/tmp/x.db', '/tmp/x.db'],
    [':memory:', ':memory:'],
  ])('%s -> %s', (url, path) => {
    expect(sqlitePathFromUrl(url)).toBe(path);
  });

  it('refuses PostgreSQL and unknown schemes with a readable reason', () => {
    expect(() => sqlitePathFromUrl('postgres://localhost/papers')).toThrow(UnsupportedDatabaseUrlError);
    expect(() => sqlitePathFromUrl('mysql://localhost/papers')).toThrow(/Unsupported DATABASE_URL scheme: mysql/);
    expect(() => sqlitePathFromUrl('sqlite:')).toThrow(/names no file/);
  });
});

describe('openStore and migrations', () => {
  it('creates the folder, turns on WAL and foreign keys', () => {
    const path = join(tempDir(), 'nested', 'deeper', 'papers.db');
    const store = openStore(path);
    cleanups.push(() => store.close());
    expect(existsSync(path)).toBe(true);
    expect(sqliteOf(store).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqliteOf(store).pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it("waits for another process's write lock without blocking the event loop, then writes", async () => {
    const path = join(tempDir(), 'papers.db');
    const store = openStore(path);
    cleanups.push(() => store.close());
    await migrateToLatest(store);
    // Another connection (another process, in production) holds the write lock until the event loop has turned
    // three times. Had the store waited inside SQLite's busy handler, the loop would stand still and the write
    // would fail after its wait as "database is locked".
    const other = new SQLite(path);
    cleanups.push(() => {
      other.close();
      return Promise.resolve();
    });
    other.exec('BEGIN IMMEDIATE');
    let turns = 0;
    const timer = setInterval(() => {
      turns += 1;
      if (turns === 3) other.exec('ROLLBACK');
    }, 1);
    try {
      await inTransaction(store, (tx) => sqlRun(tx, "INSERT INTO search_knowledge (part, version) VALUES ('probe', 1)"));
    } finally {
      clearInterval(timer);
    }
    expect(turns).toBeGreaterThanOrEqual(3);
    expect(await sqlRows(store, "SELECT version FROM search_knowledge WHERE part = 'probe'")).toEqual([{ version: 1 }]);
  });

  it('applies every migration once, and a second run applies none', async () => {
    const store = openStore(join(tempDir(), 'papers.db'));
    cleanups.push(() => store.close());
    const first = await migrateToLatest(store);
    expect(first.map((r) => r.status)).toEqual(first.map(() => 'Success'));
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(await migrateToLatest(store)).toEqual([]);
    const tables = sqliteOf(store)
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['papers', 'paper_categories', 'ingest_runs', 'papers_fts', 'search_vocab']));
  });

  it('keeps data across reopening the file', async () => {
    const path = join(tempDir(), 'papers.db');
    const first = openStore(path);
    await migrateToLatest(first);
    sqliteOf(first)
      .prepare("INSERT INTO papers (doc_id, id, title, first_seen_at, updated_at) VALUES (1, '2601.00001', 't', 'x', 'x')")
      .run();
    await first.close();
    const second = openStore(path);
    cleanups.push(() => second.close());
    await migrateToLatest(second);
    expect(sqliteOf(second).prepare('SELECT count(*) AS n FROM papers').get()).toEqual({ n: 1 });
  });

  it('lists pending migrations without creating or changing anything, and none once applied', async () => {
    const store = openStore(join(tempDir(), 'papers.db'));
    cleanups.push(() => store.close());
    const tables = () => sqliteOf(store).prepare<[], { name: string }>('SELECT name FROM sqlite_master ORDER BY name').all();
    expect(await pendingMigrations(store)).toEqual(Object.keys(migrations));
    expect(tables()).toEqual([]);
    await migrateToLatest(store);
    expect(await pendingMigrations(store)).toEqual([]);
    // A migration the file has not seen yet (as after an upgrade) is the only one listed.
    const [last] = Object.keys(migrations).slice(-1);
    sqliteOf(store).prepare('DELETE FROM kysely_migration WHERE name = ?').run(last);
    expect(await pendingMigrations(store)).toEqual([last]);
  });
});
