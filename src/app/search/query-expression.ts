// The parts of a parsed query that become one FTS5 MATCH expression: the words (built by the caller, with or
// without typo correction), author: and org: phrases, categories, and exclusions. Shared by search and topics.
import type { Store } from '../../store/database.js';
import { allOf, anyOf, categoryExpression, inColumn, without } from '../../store/fts-match.js';
import type { ParsedQuery, Term } from '../../core/search/query-parser.js';
import { termAlternatives } from './term-groups.js';

function phrase(words: string[]): Term {
  return words.length === 1 ? { kind: 'word', word: words[0] ?? '', prefix: false } : { kind: 'phrase', words };
}

export interface FilterExpressions {
  /** author: and org: filters, each confined to its column. */
  people: string[];
  /** Excluded words, taken as typed (with their spellings). */
  excluded: string[];
}

export async function filterExpressions(store: Store, query: ParsedQuery): Promise<FilterExpressions> {
  const excluded = await Promise.all(query.excluded.map(async (term) => anyOf(await termAlternatives(store, term))));
  return {
    people: [
      ...query.authors.map((words) => inColumn('authors', anyOf([phrase(words)]))),
      ...query.organizations.map((words) => inColumn('organization', anyOf([phrase(words)]))),
    ],
    excluded,
  };
}

/** Every criterion of the query as one expression; `termPart` is the expression(s) for its words. */
export function matchExpression(query: ParsedQuery, termPart: readonly string[], filters: FilterExpressions): string {
  const positive = [...termPart, ...filters.people, ...query.categories.map(categoryExpression)];
  return without(allOf(positive), [...filters.excluded, ...query.excludedCategories.map(categoryExpression)]);
}
