// A saved topic as one MATCH expression. Unlike a search, a topic is taken as typed (no typo correction) and
// never relaxed to "some of the words": a subscription must not fill a digest with loose matches.
import type { Store } from '../../store/database.js';
import { anyOf } from '../../store/fts-match.js';
import { filterExpressions, matchExpression } from './query-expression.js';
import { hasCriteria, parseQuery, QueryError } from './query-parser.js';
import { termAlternatives } from './term-groups.js';

export interface TopicExpression {
  expression: string;
  /** The topic's since: filter (YYYY-MM-DD), applied to publication dates. */
  since: string | null;
}

/** Throws QueryError when the text is not a usable query. */
export function topicExpression(store: Store, text: string): TopicExpression {
  const query = parseQuery(text);
  if (!hasCriteria(query)) throw new QueryError('A topic needs at least one word or filter to match, besides exclusions.');
  if (query.terms.length === 0 && query.authors.length === 0 && query.organizations.length === 0 && query.categories.length === 0) {
    throw new QueryError('A topic needs at least one word, author:, org: or cat: to match.');
  }
  // A prefix also runs as FTS5's own prefix query: on a window's small index it is exact and cheap, and it catches
  // words newer than the vocabulary that search expands prefixes from.
  const terms = query.terms.map((term) =>
    anyOf([...(term.kind === 'word' && term.prefix ? [term] : []), ...termAlternatives(store, term)]),
  );
  return { expression: matchExpression(query, terms, filterExpressions(store, query)), since: query.since };
}
