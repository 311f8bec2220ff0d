// The naive search a project without a full-text index would write: substring LIKE over title and abstract,
// ordered by upvotes. It scans every row on every query; the bench reports how much the FTS path beats it.
import type SQLite from 'better-sqlite3';
import type { QueryIntent } from './query-mix.js';

export interface LikeQuery {
  sql: string;
  params: string[];
}

const textMatch = '(title LIKE ? OR abstract LIKE ?)';

export function likeQuery(intent: QueryIntent): LikeQuery {
  const where: string[] = [];
  const params: string[] = [];
  // A prefix "transform*" is just the substring "transform" to LIKE; a typo is searched as typed (no correction).
  for (const text of [...intent.terms, ...intent.prefixes]) {
    where.push(textMatch);
    params.push(`%${text}%`, `%${text}%`);
  }
  for (const text of intent.exclude) {
    where.push(`NOT ${textMatch}`);
    params.push(`%${text}%`, `%${text}%`);
  }
  // Filters use the ordinary columns and indexes; only the text part is naive.
  if (intent.category !== undefined) {
    // The store may keep categories as given or lowercased; either spelling stays a primary-key lookup.
    where.push('doc_id IN (SELECT doc_id FROM paper_categories WHERE category IN (?, ?))');
    params.push(intent.category, intent.category.toLowerCase());
  }
  if (intent.since !== undefined) {
    where.push('published_at >= ?');
    params.push(intent.since);
  }
  if (intent.author !== undefined) {
    where.push('authors LIKE ?');
    params.push(`%${intent.author}%`);
  }
  if (intent.org !== undefined) {
    where.push('organization = ? COLLATE NOCASE');
    params.push(intent.org);
  }
  const sql = `SELECT * FROM papers WHERE ${where.length === 0 ? '1' : where.join(' AND ')} ORDER BY upvotes DESC LIMIT 10`;
  return { sql, params };
}

/** Runs one intent through LIKE; statements are cached per SQL shape. Returns the number of rows. */
export function likeRunner(sqlite: SQLite.Database): (intent: QueryIntent) => number {
  const cache = new Map<string, SQLite.Statement<string[]>>();
  return (intent) => {
    const { sql, params } = likeQuery(intent);
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = sqlite.prepare<string[]>(sql);
      cache.set(sql, statement);
    }
    return statement.all(...params).length;
  };
}
