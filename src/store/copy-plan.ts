// What `papers migrate-data` does with each table of a SQLite store: copied row for row into PostgreSQL, or left
// behind for a stated reason. A SQLite table in neither list stops the copy before anything is written (see
// sqlite-snapshot.ts): a table added by a later migration must be placed here, or its rows would be lost silently.

export interface CopiedTable {
  name: string;
  /** Columns written as null rather than copied (see targets). */
  cleared?: readonly string[];
  /**
   * The PostgreSQL schema writes rows of this table by itself (a trigger on an earlier table, or the baseline
   * migration's seed row): they are deleted before the source's rows are copied, so the table ends up as the
   * source has it.
   */
  replacesOwnRows?: boolean;
}

/** In an order that satisfies the foreign keys: papers before what refers to them, targets before theirs. */
export const COPIED_TABLES: readonly CopiedTable[] = [
  { name: 'papers' },
  { name: 'paper_categories' },
  { name: 'paper_aliases' },
  // Counted by a trigger as paper_aliases is copied; SQLite's rows keep the forms of the first paper that defined
  // each pair, which depends on the order the papers arrived in, not the order they are copied in.
  { name: 'search_aliases', replacesOwnRows: true },
  // The baseline migration seeds ('aliases', 1) for an empty store; the source says how far its papers were mined.
  { name: 'search_knowledge', replacesOwnRows: true },
  { name: 'ingest_runs' },
  // A claim names the SQLite store's process that was building the target's digest: no PostgreSQL process holds
  // it, and kept it would only hold the target back until its lease ran out. A pending delivery's lease in the
  // ledger is copied as it is: it says a send may have begun, and whoever takes it over first looks for the parts
  // already posted.
  { name: 'targets', cleared: ['claimed_by', 'claim_expires_at'] },
  { name: 'subscriptions' },
  { name: 'deliveries' },
  { name: 'delivered_papers' },
  { name: 'semantic_models' },
  { name: 'paper_vectors' },
  // A trigger lists every copied paper as waiting for a vector; the source's list says which really are.
  { name: 'semantic_pending', replacesOwnRows: true },
];

/** SQLite tables deliberately not copied, and why. */
export const SKIPPED_TABLES: Readonly<Record<string, string>> = {
  instances:
    'per-process: the names and heartbeats of the bots running on the SQLite file; bots register again when they start on PostgreSQL',
  search_vocab:
    "derived from the search index, and SQLite's holds FTS5's porter stems: it is rebuilt from PostgreSQL's own index, whose stems differ",
  papers_fts: "SQLite's FTS5 index: PostgreSQL's (paper_search) is built from the copied papers",
  papers_fts_vocab: "a view of SQLite's FTS5 index",
  kysely_migration: "SQLite's migration record: PostgreSQL has its own migrations, applied before the copy",
  kysely_migration_lock: "SQLite's migration lock",
  sqlite_sequence: "SQLite's AUTOINCREMENT counters: read, to set PostgreSQL's sequences past every id SQLite has handed out",
};

/** FTS5's shadow tables of papers_fts, and SQLite's own (sqlite_stat1 after ANALYZE, …): SQLite-only, derived. */
export function isSqliteInternalTable(name: string): boolean {
  return /^papers_fts_(data|idx|docsize|config|content)$/.test(name) || name.startsWith('sqlite_');
}

/** The tables of the source that the plan does not know: a copy would lose their rows. */
export function unplannedTables(sqliteTables: readonly string[]): string[] {
  const known = new Set([...COPIED_TABLES.map((t) => t.name), ...Object.keys(SKIPPED_TABLES)]);
  return sqliteTables.filter((name) => !known.has(name) && !isSqliteInternalTable(name));
}
