// Abbreviations the store teaches search. Each paper's definitions ("post-training quantization (PTQ)") are kept
// per paper, so re-indexing a paper replaces exactly its own; triggers keep a count of papers per pair, which is
// what queries read (one indexed lookup per query span). `search_knowledge` records which version of the miner
// last read every paper, so a better miner re-reads the store once.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('paper_aliases')
    .addColumn('doc_id', 'integer', (c) => c.notNull().references('papers.doc_id').onDelete('cascade'))
    .addColumn('short_key', 'text', (c) => c.notNull())
    .addColumn('long_key', 'text', (c) => c.notNull())
    .addColumn('short_form', 'text', (c) => c.notNull())
    .addColumn('long_form', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_aliases_pk', ['doc_id', 'short_key', 'long_key'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema
    .createTable('search_aliases')
    .addColumn('short_key', 'text', (c) => c.notNull())
    .addColumn('long_key', 'text', (c) => c.notNull())
    // The forms of the first paper that defined the pair: what "also searched" shows.
    .addColumn('short_form', 'text', (c) => c.notNull())
    .addColumn('long_form', 'text', (c) => c.notNull())
    .addColumn('papers', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_aliases_pk', ['short_key', 'long_key'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema.createIndex('search_aliases_long').on('search_aliases').columns(['long_key', 'short_key']).execute();
  await sql`
    create trigger paper_aliases_counted after insert on paper_aliases begin
      insert into search_aliases (short_key, long_key, short_form, long_form, papers)
        values (new.short_key, new.long_key, new.short_form, new.long_form, 1)
        on conflict (short_key, long_key) do update set papers = papers + 1;
    end`.execute(db);
  await sql`
    create trigger paper_aliases_uncounted after delete on paper_aliases begin
      update search_aliases set papers = papers - 1 where short_key = old.short_key and long_key = old.long_key;
      delete from search_aliases where short_key = old.short_key and long_key = old.long_key and papers <= 0;
    end`.execute(db);
  await db.schema
    .createTable('search_knowledge')
    .addColumn('part', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  // An empty store's papers will all be read by the miner as they are written (version 1); a store with papers
  // is read once by the next refresh of search knowledge.
  await sql`insert into search_knowledge (part, version) select 'aliases', 1 where not exists (select 1 from papers)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_knowledge').execute();
  await db.schema.dropTable('paper_aliases').execute();
  await db.schema.dropTable('search_aliases').execute();
}
