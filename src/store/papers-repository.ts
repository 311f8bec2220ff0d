// Writes and reads of papers. Writes go through prepared statements in one transaction per batch: ingestion and
// import are the hot path (tens of thousands of papers per second), and kysely would re-prepare every statement.
import type SQLite from 'better-sqlite3';
import { docIdForArxivId } from '../core/arxiv-id.js';
import { mergePaper, sameList } from '../core/merge-paper.js';
import type { Paper, PaperInput } from '../core/paper.js';
import type { Store } from './database.js';
import { paperFromRow, rowFromPaper } from './paper-rows.js';
import type { PapersTable } from './schema.js';
import { searchIndexWriter, type SearchIndexWriter } from './search-index-writer.js';
import { inTransaction, sqlRow, type SqlSession } from './sql-runner.js';
import { upsertOnPostgres } from './postgres-paper-writes.js';
import { forgetLookups } from './postgres-lookup-cache.js';

export interface UpsertCounts {
  new: number;
  updated: number;
  unchanged: number;
  /** New papers plus updated ones whose searchable text changed (an upvote change is not one). */
  reindexed: number;
}

interface Statements {
  byId: SQLite.Statement<[string], PapersTable>;
  docIdTaken: SQLite.Statement<[number], { id: string }>;
  insert: SQLite.Statement<unknown[]>;
  update: SQLite.Statement<unknown[]>;
  clearCategories: SQLite.Statement<[number]>;
  addCategory: SQLite.Statement<[string, number]>;
  index: SearchIndexWriter;
}

const COLUMNS: (keyof PapersTable)[] = [
  'doc_id',
  'id',
  'title',
  'abstract',
  'authors',
  'organization',
  'organization_name',
  'published_at',
  'daily_date',
  'upvotes',
  'num_comments',
  'github_repo',
  'github_stars',
  'project_page',
  'ai_summary',
  'ai_keywords',
  'categories',
  'thumbnail',
  'sources',
  'first_seen_at',
  'updated_at',
];

const UPDATABLE = COLUMNS.filter((c) => c !== 'doc_id' && c !== 'id');

const statementCache = new WeakMap<SQLite.Database, Statements>();

function statements(sqlite: SQLite.Database): Statements {
  let cached = statementCache.get(sqlite);
  if (cached === undefined) {
    cached = {
      byId: sqlite.prepare('SELECT * FROM papers WHERE id = ?'),
      docIdTaken: sqlite.prepare('SELECT id FROM papers WHERE doc_id = ?'),
      // Positional parameters: binding by name costs a lookup per column on every row.
      insert: sqlite.prepare(`INSERT INTO papers (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`),
      update: sqlite.prepare(`UPDATE papers SET ${UPDATABLE.map((c) => `${c} = ?`).join(', ')} WHERE doc_id = ?`),
      clearCategories: sqlite.prepare('DELETE FROM paper_categories WHERE doc_id = ?'),
      addCategory: sqlite.prepare('INSERT OR IGNORE INTO paper_categories (category, doc_id) VALUES (?, ?)'),
      index: searchIndexWriter(sqlite),
    };
    statementCache.set(sqlite, cached);
  }
  return cached;
}

/** A free doc id for a new paper; only old-style arXiv ids ("hep-th/9901001") can collide (see docIdForArxivId). */
function freeDocId(s: Statements, id: string): number {
  let docId = docIdForArxivId(id);
  if (!id.includes('/')) return docId;
  while (s.docIdTaken.get(docId) !== undefined) docId += 1;
  return docId;
}

function insertValues(row: PapersTable): unknown[] {
  return COLUMNS.map((c) => row[c]);
}

function updateValues(row: PapersTable): unknown[] {
  return [...UPDATABLE.map((c) => row[c]), row.doc_id];
}

/**
 * Merges each input into the store, in one transaction. Inputs for the same paper within a batch are applied
 * in order. Returns how many papers were created, changed, or already held exactly this information.
 */
export function upsertPapers(store: Store, inputs: readonly PaperInput[], now: string): Promise<UpsertCounts> {
  // What search's lookups kept (postgres-lookup-cache.ts) may have changed with these papers.
  if (store.dialect === 'postgres') return upsertOnPostgres(store, inputs, now).finally(forgetLookups);
  // The batch is written synchronously on the raw connection, inside the transaction that holds it.
  return inTransaction(store, () => Promise.resolve(upsertOnSqlite(store.sqlite, inputs, now)));
}

function upsertOnSqlite(sqlite: SQLite.Database, inputs: readonly PaperInput[], now: string): UpsertCounts {
  const s = statements(sqlite);
  const counts: UpsertCounts = { new: 0, updated: 0, unchanged: 0, reindexed: 0 };
  for (const input of inputs) {
    const existingRow = s.byId.get(input.id);
    const existing = existingRow === undefined ? null : paperFromRow(existingRow);
    const { paper, changed, searchableChanged } = mergePaper(existing, input, now);
    if (existingRow === undefined) {
      const docId = freeDocId(s, paper.id);
      s.insert.run(insertValues(rowFromPaper(paper, docId)));
      for (const category of paper.categories) s.addCategory.run(category.toLowerCase(), docId);
      s.index.put(docId, paper, false);
      counts.new += 1;
      counts.reindexed += 1;
    } else if (changed) {
      const docId = existingRow.doc_id;
      s.update.run(updateValues(rowFromPaper(paper, docId)));
      if (!sameList(paper.categories, existing?.categories ?? [])) {
        s.clearCategories.run(docId);
        for (const category of paper.categories) s.addCategory.run(category.toLowerCase(), docId);
      }
      if (searchableChanged) {
        s.index.put(docId, paper, true);
        counts.reindexed += 1;
      }
      counts.updated += 1;
    } else {
      counts.unchanged += 1;
    }
  }
  return counts;
}

export async function findPaper(store: Store, id: string): Promise<Paper | null> {
  const row = await store.db.selectFrom('papers').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : paperFromRow(row);
}

/** The store's doc id of a paper (its row in the search index and the semantic layer), or null. */
export async function docIdOfPaper(store: Store, id: string): Promise<number | null> {
  const row = await store.db.selectFrom('papers').select('doc_id').where('id', '=', id).executeTakeFirst();
  return row?.doc_id ?? null;
}

export async function findPapersByDocIds(store: Store, docIds: readonly number[]): Promise<Map<number, Paper>> {
  const result = new Map<number, Paper>();
  if (docIds.length === 0) return result;
  const rows = await store.db.selectFrom('papers').selectAll().where('doc_id', 'in', docIds).execute();
  for (const row of rows) result.set(row.doc_id, paperFromRow(row));
  return result;
}

export async function findPapersByIds(store: Store, ids: readonly string[]): Promise<Map<string, Paper>> {
  const result = new Map<string, Paper>();
  if (ids.length === 0) return result;
  const rows = await store.db
    .selectFrom('papers')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  for (const row of rows) result.set(row.id, paperFromRow(row));
  return result;
}

export interface StoreStats {
  papers: number;
  bySource: { hf: number; arxiv: number; both: number };
  onDailyPapers: number;
  newestPublishedAt: string | null;
  newestDailyDate: string | null;
}

export async function paperStats(store: Store): Promise<StoreStats> {
  const row = await store.db
    .selectFrom('papers')
    .select((eb) => [
      eb.fn.countAll<number>().as('papers'),
      eb.fn.count<number>('daily_date').as('on_daily'),
      eb.fn.max('published_at').as('newest_published'),
      eb.fn.max('daily_date').as('newest_daily'),
      eb.fn.sum<number>(eb.case().when('sources', 'like', '%"hf"%').then(1).else(0).end()).as('hf'),
      eb.fn.sum<number>(eb.case().when('sources', 'like', '%"arxiv"%').then(1).else(0).end()).as('arxiv'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('sources', '=', JSON.stringify(['arxiv', 'hf']))
            .then(1)
            .else(0)
            .end(),
        )
        .as('both'),
    ])
    .executeTakeFirstOrThrow();
  return {
    papers: Number(row.papers),
    bySource: { hf: Number(row.hf ?? 0), arxiv: Number(row.arxiv ?? 0), both: Number(row.both ?? 0) },
    onDailyPapers: Number(row.on_daily),
    newestPublishedAt: row.newest_published ?? null,
    newestDailyDate: row.newest_daily ?? null,
  };
}

/** The most upvoted papers in the store, best first (then newest): the bundled sample's digest. */
export async function mostUpvotedPapers(store: Store, limit: number): Promise<Paper[]> {
  const rows = await store.db
    .selectFrom('papers')
    .selectAll()
    .orderBy('upvotes', 'desc')
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(paperFromRow);
}

export async function hasPapers(store: Store): Promise<boolean> {
  const row = await store.db.selectFrom('papers').select('doc_id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** How many papers are stored, on the raw connection: the refit worker holds no Store. */
export function countPapers(sqlite: SQLite.Database): number {
  return (sqlite.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
}

/** How many papers are stored. */
export async function paperCount(store: SqlSession): Promise<number> {
  const row = await sqlRow<{ n: number | string }>(store, 'SELECT count(*) AS n FROM papers');
  return Number(row?.n ?? 0);
}
