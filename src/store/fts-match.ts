// Builds FTS5 MATCH expressions from parsed query terms. Every word is double-quoted, so nothing a user types
// can be read as FTS5 syntax (AND, NEAR(, ^, column filters); words only contain letters and digits anyway.
import type { MatchTerm } from '../core/search/match-term.js';
import { categoryToken } from './search-index-writer.js';

export type IndexColumn = 'title' | 'abstract' | 'keywords' | 'authors' | 'organization' | 'categories' | 'summary';

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export function termExpression(term: MatchTerm): string {
  if (term.kind === 'phrase') return quote(term.words.join(' '));
  if (term.kind === 'stem') return term.exact ? quote(term.stem) : `${quote(term.stem)} *`;
  return term.prefix ? `${quote(term.word)} *` : quote(term.word);
}

/** Any of the alternatives (a word and its other spellings or corrections). */
export function anyOf(alternatives: readonly MatchTerm[]): string {
  const parts = [...new Set(alternatives.map(termExpression))];
  return parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(' OR ')})`;
}

export function categoryExpression(category: string): string {
  return inColumn('categories', quote(categoryToken(category)));
}

export function inColumn(column: IndexColumn, expression: string): string {
  return inColumns([column], expression);
}

export function inColumns(columns: readonly IndexColumn[], expression: string): string {
  return `{${columns.join(' ')}} : (${expression})`;
}

export function allOf(expressions: readonly string[]): string {
  return expressions.length === 1 ? (expressions[0] ?? '') : expressions.map((e) => `(${e})`).join(' AND ');
}

export function without(positive: string, excluded: readonly string[]): string {
  return excluded.reduce((expr, ex) => `(${expr}) NOT (${ex})`, positive);
}
