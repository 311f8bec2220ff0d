// The semantic layer: LSA models learned from the store's own text, and one int8 vector per paper. A paper's
// vector is written with the version of the model that made it, so a refit re-folds every paper once; `ivf_list`
// is the index partition the vector falls in, so loading the index needs no nearest-centroid search.
// `semantic_pending` lists papers whose vector is missing or stale (kept by triggers: a new paper, an edited text),
// so the refresh after an ingest reads a handful of rows instead of anti-joining a million papers.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('semantic_models')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('dimensions', 'integer', (c) => c.notNull())
    // Papers in the store when the model was fitted: growth since then decides the next refit.
    .addColumn('docs_fitted', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('model', 'blob', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('paper_vectors')
    .addColumn('doc_id', 'integer', (c) => c.primaryKey().references('papers.doc_id').onDelete('cascade'))
    .addColumn('model_version', 'integer', (c) => c.notNull())
    .addColumn('ivf_list', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('vector', 'blob', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('paper_vectors_model').on('paper_vectors').columns(['model_version']).execute();
  await db.schema
    .createTable('semantic_pending')
    .addColumn('doc_id', 'integer', (c) => c.primaryKey())
    .execute();
  await sql`
    create trigger semantic_pending_new after insert on papers begin
      insert or ignore into semantic_pending (doc_id) values (new.doc_id);
    end`.execute(db);
  await sql`
    create trigger semantic_pending_gone after delete on papers begin
      delete from semantic_pending where doc_id = old.doc_id;
    end`.execute(db);
  await sql`
    create trigger paper_vectors_stale after update of title, abstract, ai_keywords, ai_summary on papers
    when new.title is not old.title or new.abstract is not old.abstract
      or new.ai_keywords is not old.ai_keywords or new.ai_summary is not old.ai_summary
    begin
      delete from paper_vectors where doc_id = new.doc_id;
      insert or ignore into semantic_pending (doc_id) values (new.doc_id);
    end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['paper_vectors_stale', 'semantic_pending_new', 'semantic_pending_gone']) {
    await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  }
  await db.schema.dropTable('semantic_pending').execute();
  await db.schema.dropTable('paper_vectors').execute();
  await db.schema.dropTable('semantic_models').execute();
}
