// Keeps the FTS5 index (and the abbreviations papers define) in step with papers. The index is contentless: it stores tokens only, keyed by doc_id,
// so each paper's searchable text is written here once and removed by rowid.
import type SQLite from 'better-sqlite3';
import type { Paper } from '../core/paper.js';
import { paperAliases } from '../core/search/paper-aliases.js';
import { paperAliasWriter } from './aliases-repository.js';

/** "cs.LG" -> "cslg": one token, so a category filter cannot match across two categories. */
export function categoryToken(category: string): string {
  return category.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A paper's text for each index column, in column order: title, abstract, keywords, authors, organization,
 * categories, summary (Hugging Face's AI summary; migration 2026_12_02_0200 rebuilds existing rows the same way).
 */
export function indexedColumns(paper: Paper): [string, string, string, string, string, string, string] {
  return [
    paper.title,
    paper.abstract,
    paper.aiKeywords.join(' ; '),
    paper.authors.join(' ; '),
    [paper.organization, paper.organizationName].filter((v) => v !== null && v !== '').join(' ; '),
    paper.categories.map(categoryToken).join(' '),
    paper.aiSummary ?? '',
  ];
}

export interface SearchIndexWriter {
  put(docId: number, paper: Paper, replacing: boolean): void;
}

export function searchIndexWriter(sqlite: SQLite.Database): SearchIndexWriter {
  const remove = sqlite.prepare('DELETE FROM papers_fts WHERE rowid = ?');
  const insert = sqlite.prepare(
    'INSERT INTO papers_fts (rowid, title, abstract, keywords, authors, organization, categories, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // The abbreviations a paper defines are learned when its text is indexed (and forgotten when it is replaced).
  const aliases = paperAliasWriter(sqlite);
  return {
    put(docId, paper, replacing) {
      if (replacing) remove.run(docId);
      insert.run(docId, ...indexedColumns(paper));
      aliases.put(docId, paperAliases(paper.title, paper.abstract, paper.aiSummary), replacing);
    },
  };
}
