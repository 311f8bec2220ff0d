// The abbreviations papers define, as search reads them: per paper (replaced when a paper is re-indexed) and
// counted per pair by triggers (see migration 2026_12_02_0100_search_aliases).
import type SQLite from 'better-sqlite3';
import { sqlRow, sqlRows, sqlRun, type SqlSession } from './sql-runner.js';
import { cachedLookup } from './postgres-lookup-cache.js';
import type { KeyedAlias } from '../core/search/paper-aliases.js';

export interface AliasRow {
  shortKey: string;
  longKey: string;
  shortForm: string;
  longForm: string;
  papers: number;
}

export interface PaperAliasWriter {
  put(docId: number, aliases: readonly KeyedAlias[], replacing: boolean): void;
}

export function paperAliasWriter(sqlite: SQLite.Database): PaperAliasWriter {
  const remove = sqlite.prepare('DELETE FROM paper_aliases WHERE doc_id = ?');
  const insert = sqlite.prepare(
    'INSERT OR IGNORE INTO paper_aliases (doc_id, short_key, long_key, short_form, long_form) VALUES (?, ?, ?, ?, ?)',
  );
  return {
    put(docId, aliases, replacing) {
      if (replacing) remove.run(docId);
      for (const a of aliases) insert.run(docId, a.shortKey, a.longKey, a.shortForm, a.longForm);
    },
  };
}

/** The same as paperAliasWriter's put, through the runner: on either database, inside the caller's transaction. */
export async function putPaperAliases(tx: SqlSession, docId: number, aliases: readonly KeyedAlias[], replacing: boolean): Promise<void> {
  if (replacing) await sqlRun(tx, 'DELETE FROM paper_aliases WHERE doc_id = ?', [docId]);
  for (const a of aliases) {
    await sqlRun(
      tx,
      'INSERT INTO paper_aliases (doc_id, short_key, long_key, short_form, long_form) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [docId, a.shortKey, a.longKey, a.shortForm, a.longForm],
    );
  }
}

/** On PostgreSQL a lookup is a round trip, kept a minute (postgres-lookup-cache.ts); SQLite answers in microseconds. */
function keptOnPostgres<T>(store: SqlSession, key: string, load: () => Promise<T>): Promise<T> {
  return store.dialect === 'postgres' ? cachedLookup(store, key, load) : load();
}

// Quoted aliases: PostgreSQL folds unquoted names to lower case.
const COLUMNS = 'short_key AS "shortKey", long_key AS "longKey", short_form AS "shortForm", long_form AS "longForm", papers';

/** Long forms defined for a short form, most papers first. */
export function longFormsOf(store: SqlSession, shortKey: string, minPapers: number): Promise<AliasRow[]> {
  return keptOnPostgres(store, `long\u0000${minPapers}\u0000${shortKey}`, () =>
    sqlRows<AliasRow>(store, `SELECT ${COLUMNS} FROM search_aliases WHERE short_key = ? AND papers >= ? ORDER BY papers DESC LIMIT 5`, [
      shortKey,
      minPapers,
    ]),
  );
}

/** Short forms defined for a long form, most papers first. */
export function shortFormsOf(store: SqlSession, longKey: string, minPapers: number): Promise<AliasRow[]> {
  return keptOnPostgres(store, `short\u0000${minPapers}\u0000${longKey}`, () =>
    sqlRows<AliasRow>(store, `SELECT ${COLUMNS} FROM search_aliases WHERE long_key = ? AND papers >= ? ORDER BY papers DESC LIMIT 5`, [
      longKey,
      minPapers,
    ]),
  );
}

/** The version of a part of search knowledge the store was last brought to (0 when never). */
export async function knowledgeVersion(store: SqlSession, part: string): Promise<number> {
  const row = await sqlRow<{ version: number }>(store, 'SELECT version FROM search_knowledge WHERE part = ?', [part]);
  return row?.version ?? 0;
}

export async function setKnowledgeVersion(store: SqlSession, part: string, version: number): Promise<void> {
  await sqlRun(
    store,
    'INSERT INTO search_knowledge (part, version) VALUES (?, ?) ON CONFLICT (part) DO UPDATE SET version = excluded.version',
    [part, version],
  );
}

export interface PaperText {
  docId: number;
  title: string;
  abstract: string;
  aiSummary: string | null;
}

/** Papers' searchable text in doc id order, a batch at a time (for re-reading the store with a new miner). */
export function paperTextsAfter(store: SqlSession, afterDocId: number, limit: number): Promise<PaperText[]> {
  return sqlRows<PaperText>(
    store,
    'SELECT doc_id AS "docId", title, abstract, ai_summary AS "aiSummary" FROM papers WHERE doc_id > ? ORDER BY doc_id LIMIT ?',
    [afterDocId, limit],
  );
}
