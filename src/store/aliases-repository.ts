// The abbreviations papers define, as search reads them: per paper (replaced when a paper is re-indexed) and
// counted per pair by triggers (see migration 2026_12_02_0100_search_aliases).
import type SQLite from 'better-sqlite3';
import { type Store, sqliteOf } from './database.js';
import { cachedStatement } from './statement-cache.js';
import { sqlRun, type SqlSession } from './sql-runner.js';
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

const COLUMNS = 'short_key AS shortKey, long_key AS longKey, short_form AS shortForm, long_form AS longForm, papers';

/** Long forms defined for a short form, most papers first. */
export function longFormsOf(store: Store, shortKey: string, minPapers: number): AliasRow[] {
  return cachedStatement<[string, number], AliasRow>(
    sqliteOf(store),
    `SELECT ${COLUMNS} FROM search_aliases WHERE short_key = ? AND papers >= ? ORDER BY papers DESC LIMIT 5`,
  ).all(shortKey, minPapers);
}

/** Short forms defined for a long form, most papers first. */
export function shortFormsOf(store: Store, longKey: string, minPapers: number): AliasRow[] {
  return cachedStatement<[string, number], AliasRow>(
    sqliteOf(store),
    `SELECT ${COLUMNS} FROM search_aliases WHERE long_key = ? AND papers >= ? ORDER BY papers DESC LIMIT 5`,
  ).all(longKey, minPapers);
}

/** The version of a part of search knowledge the store was last brought to (0 when never). */
export function knowledgeVersion(store: Store, part: string): number {
  const row = cachedStatement<[string], { version: number }>(sqliteOf(store), 'SELECT version FROM search_knowledge WHERE part = ?').get(
    part,
  );
  return row?.version ?? 0;
}

export async function setKnowledgeVersion(store: SqlSession, part: string, version: number): Promise<void> {
  await sqlRun(
    store,
    'INSERT INTO search_knowledge (part, version) VALUES (?, ?) ON CONFLICT (part) DO UPDATE SET version = excluded.version',
    [part, version],
  );
}

/** Papers' searchable text in doc id order, a batch at a time (for re-reading the store with a new miner). */
export function paperTextsAfter(
  store: Store,
  afterDocId: number,
  limit: number,
): { docId: number; title: string; abstract: string; aiSummary: string | null }[] {
  return cachedStatement<[number, number], { docId: number; title: string; abstract: string; aiSummary: string | null }>(
    sqliteOf(store),
    'SELECT doc_id AS docId, title, abstract, ai_summary AS aiSummary FROM papers WHERE doc_id > ? ORDER BY doc_id LIMIT ?',
  ).all(afterDocId, limit);
}
