// After `papers migrate-data` committed: the rows of every copied table counted again on PostgreSQL, next to the
// source's counts from the snapshot it copied, plus the search structures PostgreSQL built for itself.
import { COPIED_TABLES } from './copy-plan.js';
import { countRows } from './postgres-copy-target.js';
import type { SqlSession } from './sql-runner.js';

export interface TableCheck {
  table: string;
  /** Rows in the SQLite snapshot, or null when the table is not compared (built on PostgreSQL). */
  sqlite: number | null;
  postgres: number;
  matches: boolean;
  note: string | null;
}

export async function verifyCopy(target: SqlSession, sourceCounts: ReadonlyMap<string, number>): Promise<TableCheck[]> {
  const checks: TableCheck[] = [];
  for (const { name } of COPIED_TABLES) {
    const sqlite = sourceCounts.get(name) ?? 0;
    const postgres = await countRows(target, name);
    checks.push({ table: name, sqlite, postgres, matches: sqlite === postgres, note: null });
  }
  // FTS5's index holds one document per paper; so must PostgreSQL's.
  const papers = sourceCounts.get('papers') ?? 0;
  const documents = await countRows(target, 'paper_search');
  checks.push({ table: 'paper_search', sqlite: papers, postgres: documents, matches: documents === papers, note: 'one per paper' });
  checks.push({
    table: 'search_vocab',
    sqlite: null,
    postgres: await countRows(target, 'search_vocab'),
    matches: true,
    note: "rebuilt from PostgreSQL's index",
  });
  return checks;
}
