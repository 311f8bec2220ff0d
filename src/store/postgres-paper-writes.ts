// Paper upserts on PostgreSQL: a batch is merged in memory against the stored rows (read in one query) and written
// back with multi-row statements, in one transaction. Paper writes from all processes take turns (a transaction
// advisory lock): two sources adding the same new paper at once would otherwise collide on its id.
import { sql } from 'kysely';
import { docIdForArxivId } from '../core/arxiv-id.js';
import { mergePaper, sameList } from '../core/merge-paper.js';
import type { Paper, PaperInput } from '../core/paper.js';
import { paperAliases } from '../core/search/paper-aliases.js';
import { paperFromRow, rowFromPaper } from './paper-rows.js';
import type { PapersTable } from './schema.js';
import { inTransaction, type SqlSession } from './sql-runner.js';
import { putPaperAliases } from './aliases-repository.js';
import { putSearchDocuments } from './postgres-search-index.js';
import type { UpsertCounts } from './papers-repository.js';
import { PAPER_WRITES_LOCK } from './advisory-locks.js';

/** Rows per multi-row INSERT: 21 columns each stays far below PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 500;

interface Pending {
  docId: number;
  paper: Paper;
  isNew: boolean;
  categoriesChanged: boolean;
  searchableChanged: boolean;
}

export function upsertOnPostgres(store: SqlSession, inputs: readonly PaperInput[], now: string): Promise<UpsertCounts> {
  return inTransaction(store, async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${PAPER_WRITES_LOCK})`.execute(tx.db);
    const ids = [...new Set(inputs.map((i) => i.id))];
    const stored = new Map<string, PapersTable>();
    for (let i = 0; i < ids.length; i += ROWS_PER_INSERT) {
      const rows = await tx.db
        .selectFrom('papers')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + ROWS_PER_INSERT))
        .execute();
      for (const row of rows) stored.set(row.id, row);
    }
    const counts: UpsertCounts = { new: 0, updated: 0, unchanged: 0, reindexed: 0 };
    const pending = new Map<string, Pending>();
    const takenDocIds = new Set<number>();
    for (const input of inputs) {
      const before = pending.get(input.id);
      const existing = before?.paper ?? (stored.has(input.id) ? paperFromRow(stored.get(input.id)!) : null);
      const { paper, changed, searchableChanged } = mergePaper(existing, input, now);
      if (existing === null) {
        const docId = await freeDocId(tx, paper.id, takenDocIds);
        takenDocIds.add(docId);
        pending.set(paper.id, { docId, paper, isNew: true, categoriesChanged: true, searchableChanged: true });
        counts.new += 1;
        counts.reindexed += 1;
      } else if (changed) {
        const docId = before?.docId ?? stored.get(input.id)!.doc_id;
        const categoriesChanged = (before?.categoriesChanged ?? false) || !sameList(paper.categories, existing.categories);
        pending.set(paper.id, {
          docId,
          paper,
          isNew: before?.isNew ?? false,
          categoriesChanged,
          searchableChanged: (before?.searchableChanged ?? false) || searchableChanged,
        });
        if (searchableChanged) counts.reindexed += 1;
        counts.updated += 1;
      } else {
        counts.unchanged += 1;
      }
    }
    await writePending(tx, [...pending.values()]);
    return counts;
  });
}

/** Only old-style arXiv ids ("hep-th/9901001") can collide (see docIdForArxivId). */
async function freeDocId(tx: SqlSession, id: string, taken: ReadonlySet<number>): Promise<number> {
  let docId = docIdForArxivId(id);
  if (!id.includes('/')) return docId;
  for (;;) {
    const row = await tx.db.selectFrom('papers').select('id').where('doc_id', '=', docId).executeTakeFirst();
    if (row === undefined && !taken.has(docId)) return docId;
    docId += 1;
  }
}

async function writePending(tx: SqlSession, pending: readonly Pending[]): Promise<void> {
  const fresh = pending.filter((p) => p.isNew);
  for (let i = 0; i < fresh.length; i += ROWS_PER_INSERT) {
    await tx.db
      .insertInto('papers')
      .values(fresh.slice(i, i + ROWS_PER_INSERT).map((p) => rowFromPaper(p.paper, p.docId)))
      .execute();
  }
  for (const p of pending.filter((q) => !q.isNew)) {
    const { doc_id: docId, id: _id, ...columns } = rowFromPaper(p.paper, p.docId);
    await tx.db.updateTable('papers').set(columns).where('doc_id', '=', docId).execute();
  }
  const recategorised = pending.filter((p) => p.categoriesChanged);
  const changedOld = recategorised.filter((p) => !p.isNew).map((p) => p.docId);
  if (changedOld.length > 0) await tx.db.deleteFrom('paper_categories').where('doc_id', 'in', changedOld).execute();
  const categoryRows = recategorised.flatMap((p) =>
    [...new Set(p.paper.categories.map((c) => c.toLowerCase()))].map((category) => ({ category, doc_id: p.docId })),
  );
  for (let i = 0; i < categoryRows.length; i += ROWS_PER_INSERT) {
    await tx.db
      .insertInto('paper_categories')
      .values(categoryRows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  // Its search vectors, and the abbreviations a paper defines, written when its searchable text is (as on SQLite).
  const reindexed = pending.filter((q) => q.searchableChanged);
  await putSearchDocuments(tx, reindexed);
  for (const p of reindexed) {
    await putPaperAliases(tx, p.docId, paperAliases(p.paper.title, p.paper.abstract, p.paper.aiSummary), !p.isNew);
  }
}
