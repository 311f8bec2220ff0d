// Matching many saved topics against the few papers of a digest window. Each topic's MATCH expression runs
// against a small index of just those papers, built once per window: on SQLite an FTS5 table in the connection's
// temp schema, on PostgreSQL an inverted index in memory of the papers' stored vectors. Microseconds per topic,
// however common its words are in the whole store.
import { type Store, sqliteOf } from './database.js';
import { indexedColumns } from './search-index-writer.js';
import { postgresWindowIndex } from './postgres-window-index.js';
import type { Paper } from '../core/paper.js';

export interface TopicIndex {
  /** Doc ids of the indexed papers matching a MATCH expression built like the main index's. */
  matching(expression: string): Promise<number[]>;
  close(): void;
}

let nextIndexNumber = 0;

/** Builds the index over these papers (doc id, paper). Call close() when done: it drops the temp table. */
export function buildTopicIndex(store: Store, papers: Iterable<readonly [number, Paper]>): Promise<TopicIndex> {
  if (store.dialect === 'postgres') {
    // The window's papers' stored vectors, indexed in memory (see postgres-window-index.ts).
    const docIds = [...papers].map(([docId]) => docId);
    return postgresWindowIndex(store, docIds).then((index) => ({
      matching: (expression) => index.matching(expression),
      close: () => undefined,
    }));
  }
  return Promise.resolve(buildOnSqlite(store, papers));
}

function buildOnSqlite(store: Store, papers: Iterable<readonly [number, Paper]>): TopicIndex {
  const table = `topic_candidates_${(nextIndexNumber += 1)}`;
  const sqlite = sqliteOf(store);
  // Same columns and tokenizer as papers_fts, so an expression means the same thing in both. No column sizes:
  // they serve only ranking (bm25), and this index only answers which papers match.
  sqlite.exec(
    `CREATE VIRTUAL TABLE temp.${table} USING fts5(title, abstract, keywords, authors, organization, categories, summary, tokenize = 'porter unicode61 remove_diacritics 2', columnsize = 0)`,
  );
  const insert = sqlite.prepare(
    `INSERT INTO temp.${table} (rowid, title, abstract, keywords, authors, organization, categories, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (const [docId, paper] of papers) insert.run(docId, ...indexedColumns(paper));
  })();
  const select = sqlite.prepare<[string], { docId: number }>(`SELECT rowid AS docId FROM temp.${table} WHERE ${table} MATCH ?`);
  let closed = false;
  return {
    matching(expression) {
      return Promise.resolve(select.all(expression).map((row) => row.docId));
    },
    close() {
      if (closed) return;
      closed = true;
      sqlite.exec(`DROP TABLE temp.${table}`);
    },
  };
}
