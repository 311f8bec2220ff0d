// Papers, their arXiv categories, and the record of every ingest run.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('papers')
    // Integer key ordered like arXiv ids (so newest papers have the largest key); also the search index rowid.
    .addColumn('doc_id', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('authors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('organization', 'text')
    .addColumn('organization_name', 'text')
    .addColumn('published_at', 'text')
    .addColumn('daily_date', 'text')
    .addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('num_comments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('github_repo', 'text')
    .addColumn('github_stars', 'integer')
    .addColumn('project_page', 'text')
    .addColumn('ai_summary', 'text')
    .addColumn('ai_keywords', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('thumbnail', 'text')
    .addColumn('sources', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('papers_daily_date').on('papers').columns(['daily_date', 'upvotes']).execute();
  await db.schema.createIndex('papers_published_at').on('papers').column('published_at').execute();

  await db.schema
    .createTable('paper_categories')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'integer', (c) => c.notNull().references('papers.doc_id').onDelete('cascade'))
    .addPrimaryKeyConstraint('paper_categories_pk', ['category', 'doc_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema.createIndex('paper_categories_doc').on('paper_categories').column('doc_id').execute();

  await db.schema
    .createTable('ingest_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    // A run is a claim on work: another process may take the source over once the lease has expired.
    .addColumn('lease_expires_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('fetched_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('new_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_samples', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('ingest_runs_source_started').on('ingest_runs').columns(['source', 'started_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ingest_runs').execute();
  await db.schema.dropTable('paper_categories').execute();
  await db.schema.dropTable('papers').execute();
}
