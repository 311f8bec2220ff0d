// The semantic store on PostgreSQL, through the store's SQL runner: vectors and models stay in bytea (node-postgres
// hands bytea over as a Buffer and takes a Buffer as one), and the index is built in memory as on SQLite.
// Several bot processes share one database, so what SQLite gets from having one writer is made explicit here:
// a refit takes an advisory lock, pending papers are claimed with SKIP LOCKED, and vectors are written in doc id
// order (two writers of overlapping batches then take row locks in the same order and never deadlock).
import type { PaperText } from '../core/semantic/paper-text.js';
import type { IndexBuilder, SemanticIndex } from '../core/semantic/semantic-index.js';
import { paperCount } from './papers-repository.js';
import { inTransaction, sqlRow, sqlRows, sqlRun, type SqlSession } from './sql-runner.js';
import { SEMANTIC_REFIT_LOCK } from './advisory-locks.js';
import type { SampleCorpus, SemanticStore } from './semantic-store.js';
import { paperText, type ModelRow, type TextRow, type VectorWrite } from './semantic-rows.js';

/** The refit's advisory lock (see advisory-locks.ts), held by the refitting worker's session for the whole refit. */
export const REFIT_LOCK_KEY = SEMANTIC_REFIT_LOCK;

const TEXT_COLUMNS = 'doc_id, title, abstract, ai_keywords, ai_summary';
const SAMPLE_READ = 500;
/** Vectors per page when the index is read: 128-byte vectors, about 1.3 MB a page. */
const VECTOR_PAGE = 10_000;

async function writeVectorsOn(tx: SqlSession, version: number, vectors: readonly VectorWrite[]): Promise<void> {
  if (vectors.length === 0) return;
  const ordered = [...vectors].sort((a, b) => a.docId - b.docId);
  // One statement per batch: arrays unnested into rows (a Buffer in an array parameter is sent as bytea).
  await sqlRun(
    tx,
    `INSERT INTO paper_vectors (doc_id, model_version, ivf_list, vector)
       SELECT d, ?, l, v FROM unnest(?::bigint[], ?::integer[], ?::bytea[]) AS t (d, l, v)
       ON CONFLICT (doc_id) DO UPDATE SET model_version = excluded.model_version, ivf_list = excluded.ivf_list, vector = excluded.vector
       WHERE excluded.model_version >= paper_vectors.model_version`,
    [version, ordered.map((v) => v.docId), ordered.map((v) => v.list), ordered.map((v) => v.vector)],
  );
  await sqlRun(tx, 'DELETE FROM semantic_pending WHERE doc_id = ANY(?::bigint[])', [ordered.map((v) => v.docId)]);
}

async function pendOlderOn(session: SqlSession, version: number): Promise<void> {
  await sqlRun(
    session,
    'INSERT INTO semantic_pending (doc_id) SELECT doc_id FROM paper_vectors WHERE model_version < ? ON CONFLICT DO NOTHING',
    [version],
  );
}

/**
 * The sample's texts, read once (a fit passes over them synchronously, so they cannot be read again as on SQLite)
 * and kept as UTF-8 JSON, SAMPLE_READ papers a buffer: outside the JavaScript heap, and a fraction of the size of
 * 60k papers held as strings. Each pass parses one buffer at a time.
 */
async function readSample(session: SqlSession, docIds: Float64Array): Promise<SampleCorpus> {
  const chunks: Buffer[] = [];
  let size = 0;
  for (let start = 0; start < docIds.length; start += SAMPLE_READ) {
    const ids = Array.from(docIds.subarray(start, start + SAMPLE_READ));
    const rows = await sqlRows<TextRow>(session, `SELECT ${TEXT_COLUMNS} FROM papers WHERE doc_id = ANY(?::bigint[]) ORDER BY doc_id`, [
      ids,
    ]);
    size += rows.length;
    chunks.push(Buffer.from(JSON.stringify(rows.map(paperText))));
  }
  return {
    size,
    *[Symbol.iterator]() {
      for (const chunk of chunks) yield* JSON.parse(chunk.toString('utf8')) as PaperText[];
    },
  };
}

export function postgresSemanticStore(store: SqlSession): SemanticStore {
  return {
    currentModel: () =>
      sqlRow<ModelRow>(store, 'SELECT version, dimensions, docs_fitted FROM semantic_models ORDER BY version DESC LIMIT 1'),
    async modelBlob(version) {
      const row = await sqlRow<{ model: Buffer }>(store, 'SELECT model FROM semantic_models WHERE version = ?', [version]);
      if (row === undefined) throw new Error(`No semantic model ${version}`);
      return row.model;
    },
    async nextModelVersion() {
      return ((await sqlRow<{ v: number | null }>(store, 'SELECT max(version) AS v FROM semantic_models'))?.v ?? 0) + 1;
    },
    countPapers: () => paperCount(store),
    paperTextOf: (docId) => sqlRow<TextRow>(store, `SELECT ${TEXT_COLUMNS} FROM papers WHERE doc_id = ?`, [docId]),
    async docIdPage(after, limit) {
      const rows = await sqlRows<{ doc_id: number }>(store, 'SELECT doc_id FROM papers WHERE doc_id > ? ORDER BY doc_id LIMIT ?', [
        after,
        limit,
      ]);
      return rows.map((r) => r.doc_id);
    },
    textPage: (after, limit) =>
      sqlRows<TextRow>(store, `SELECT ${TEXT_COLUMNS} FROM papers WHERE doc_id > ? ORDER BY doc_id LIMIT ?`, [after, limit]),
    sampleCorpus: (docIds) => readSample(store, docIds),
    foldPendingBatch: (version, limit, embed) =>
      inTransaction(store, async (tx) => {
        // The model must stay current until this commits: another process publishing a newer one deletes this
        // model's row, which waits for the share lock, and only then puts older vectors (these too) back on the
        // pending list. Once it is gone, nothing is folded with it: the caller loads the new one next time.
        const model = await sqlRow(tx, 'SELECT version FROM semantic_models WHERE version = ? FOR SHARE', [version]);
        if (model === undefined) return [];
        // Claimed: another process folding at the same moment skips these rows and takes the next ones. An edit
        // of a claimed paper waits for this transaction, then puts the paper back on the pending list.
        const rows = await sqlRows<TextRow>(
          tx,
          `SELECT p.doc_id, p.title, p.abstract, p.ai_keywords, p.ai_summary
             FROM semantic_pending s JOIN papers p ON p.doc_id = s.doc_id
            ORDER BY s.doc_id LIMIT ? FOR UPDATE OF s SKIP LOCKED`,
          [limit],
        );
        if (rows.length === 0) return [];
        const writes = embed(rows);
        await writeVectorsOn(tx, version, writes);
        return writes;
      }),
    writeVectors: (version, vectors) => inTransaction(store, (tx) => writeVectorsOn(tx, version, vectors)),
    publishModel: (version, dimensions, docsFitted, model) =>
      inTransaction(store, async (tx) => {
        await sqlRun(tx, 'INSERT INTO semantic_models (version, dimensions, docs_fitted, created_at, model) VALUES (?, ?, ?, ?, ?)', [
          version,
          dimensions,
          docsFitted,
          new Date().toISOString(),
          model,
        ]);
        // Old models are never read again; their blobs are megabytes each. Deleted before the older vectors are
        // pended: the delete waits for folds still writing with an old model (see foldPendingBatch), and the
        // statement after it, with a snapshot of its own, sees what they wrote.
        await sqlRun(tx, 'DELETE FROM semantic_models WHERE version < ?', [version]);
        await pendOlderOn(tx, version);
      }),
    pendOlderVectors: (version) => pendOlderOn(store, version),
    buildFromVectors: (version, start: (expected: number) => IndexBuilder): Promise<SemanticIndex> =>
      inTransaction(store, async (tx) => {
        // One snapshot for the count and every page, while other processes fold and refit.
        await sqlRun(tx, 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const counted = await sqlRow<{ n: number }>(tx, 'SELECT count(*) AS n FROM paper_vectors WHERE model_version = ?', [version]);
        const builder = start(counted?.n ?? 0);
        // Keyset pages: a million vectors are never one result in memory.
        for (let after = -1; ;) {
          const rows = await sqlRows<{ doc_id: number; ivf_list: number; vector: Buffer }>(
            tx,
            'SELECT doc_id, ivf_list, vector FROM paper_vectors WHERE model_version = ? AND doc_id > ? ORDER BY doc_id LIMIT ?',
            [version, after, VECTOR_PAGE],
          );
          for (const row of rows) builder.add([row.doc_id, row.ivf_list, row.vector]);
          if (rows.length < VECTOR_PAGE) break;
          after = rows[rows.length - 1]?.doc_id ?? after;
        }
        return builder.finish();
      }),
    exclusively: (work) =>
      // A session-level lock on a connection held for the whole refit: it is released when the work ends, or by
      // the server when this process (and so the connection) dies mid-refit.
      store.db.connection().execute(async (db) => {
        const session: SqlSession = { db, dialect: 'postgres' };
        const taken = await sqlRow<{ taken: boolean }>(session, 'SELECT pg_try_advisory_lock(?) AS taken', [REFIT_LOCK_KEY]);
        if (taken?.taken !== true) return null;
        try {
          return await work();
        } finally {
          await sqlRow(session, 'SELECT pg_advisory_unlock(?)', [REFIT_LOCK_KEY]).catch(() => undefined);
        }
      }),
  };
}
