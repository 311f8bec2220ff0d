// Our search query language. User text never reaches FTS5 MATCH: it is parsed into this structure, and only
// words made of letters and digits come out of it.
//
//   words            papers with all of them rank first (see query-concepts.ts and lexical-ranking.ts)
//   "a phrase"       words next to each other, in order
//   -word, -"a b"    must not match
//   prefix*          words starting with "prefix" (at least 3 characters)
//   author:name      author:"Full Name"; org:deepmind; cat:cs.LG (or -cat:cs.CV); since:2026-01-31
// Anything else (FTS5 syntax such as AND, NEAR(, ^, column:) is plain words.
import { ARXIV_CATEGORY } from '../arxiv-id.js';
import { isIsoDay } from '../days.js';

export const MAX_QUERY_LENGTH = 500;
const MAX_TERMS = 24;
export const MIN_PREFIX_LENGTH = 3;

export type Term =
  /** `quoted`: typed in quotes, so searched as written (no abbreviations, synonyms or corrections). */
  | { kind: 'word'; word: string; prefix: boolean; quoted?: boolean }
  /** Two or more words that must appear together in order ("a phrase", or a hyphenated word such as fine-tuning). */
  | { kind: 'phrase'; words: string[]; quoted?: boolean };

export interface ParsedQuery {
  terms: Term[];
  excluded: Term[];
  authors: string[][];
  organizations: string[][];
  categories: string[];
  excludedCategories: string[];
  since: string | null;
}

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

const WORD_PIECE = /[\p{L}\p{N}]+/gu;
// The arXiv category pattern, in any letter case (people type cat:cs.lg).
const CATEGORY = new RegExp(ARXIV_CATEGORY.source, 'i');

/** Letters-and-digits pieces of a token, lowercased ("Zeroth-Order" -> ["zeroth", "order"]). */
export function wordPieces(text: string, limit = MAX_TERMS): string[] {
  return (text.normalize('NFKC').toLowerCase().match(WORD_PIECE) ?? []).slice(0, limit);
}

function termFrom(text: string, allowPrefix: boolean): Term | null {
  const pieces = wordPieces(text);
  const [first] = pieces;
  if (first === undefined) return null;
  if (pieces.length > 1) return { kind: 'phrase', words: pieces };
  const prefix = allowPrefix && /\*\s*$/.test(text) && first.length >= MIN_PREFIX_LENGTH;
  return { kind: 'word', word: first, prefix };
}

interface RawToken {
  text: string;
  quoted: boolean;
  negated: boolean;
  field: string | null;
}

/** Splits on whitespace, keeping "quoted runs" together; an unbalanced quote runs to the end. */
function tokenize(input: string): RawToken[] {
  const tokens: RawToken[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/u.test(input[i] ?? '')) i += 1;
    if (i >= input.length) break;
    let negated = false;
    let field: string | null = null;
    if (input[i] === '-' && i + 1 < input.length && !/\s/u.test(input[i + 1] ?? '')) {
      negated = true;
      i += 1;
    }
    const fieldMatch = /^([A-Za-z]+):(?=\S)/.exec(input.slice(i));
    if (fieldMatch?.[1] !== undefined) {
      field = fieldMatch[1].toLowerCase();
      i += fieldMatch[0].length;
    }
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1);
      const stop = end === -1 ? input.length : end;
      tokens.push({ text: input.slice(i + 1, stop), quoted: true, negated, field });
      i = stop + 1;
      continue;
    }
    let j = i;
    while (j < input.length && !/\s/u.test(input[j] ?? '') && input[j] !== '"') j += 1;
    tokens.push({ text: input.slice(i, j), quoted: false, negated, field });
    i = j;
  }
  return tokens;
}

function pushTerm(list: Term[], term: Term | null): void {
  if (term !== null && list.length < MAX_TERMS) list.push(term);
}

export function parseQuery(input: string): ParsedQuery {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new QueryError(`The query is too long (${input.length} characters; at most ${MAX_QUERY_LENGTH}).`);
  }
  const query: ParsedQuery = {
    terms: [],
    excluded: [],
    authors: [],
    organizations: [],
    categories: [],
    excludedCategories: [],
    since: null,
  };
  for (const token of tokenize(input)) {
    const target = token.negated ? query.excluded : query.terms;
    switch (token.field) {
      case 'author':
      case 'org': {
        const pieces = wordPieces(token.text);
        if (pieces.length === 0) break;
        if (token.negated) pushTerm(query.excluded, termFrom(token.text, false));
        else (token.field === 'author' ? query.authors : query.organizations).push(pieces);
        break;
      }
      case 'cat': {
        const category = token.text.trim();
        if (!CATEGORY.test(category))
          throw new QueryError(`cat: needs an arXiv category such as cat:cs.LG (got "${category.slice(0, 30)}").`);
        (token.negated ? query.excludedCategories : query.categories).push(category);
        break;
      }
      case 'since': {
        const day = token.text.trim();
        if (!isIsoDay(day))
          throw new QueryError(`since: needs a date written YYYY-MM-DD, such as since:2026-01-31 (got "${day.slice(0, 30)}").`);
        query.since = day;
        break;
      }
      default: {
        // An unknown field ("title:", "http:") is just more words.
        const text = token.field === null ? token.text : `${token.field} ${token.text}`;
        if (token.quoted) {
          const pieces = wordPieces(text);
          if (pieces.length === 1 && pieces[0] !== undefined)
            pushTerm(target, { kind: 'word', word: pieces[0], prefix: false, quoted: true });
          else if (pieces.length > 1) pushTerm(target, { kind: 'phrase', words: pieces, quoted: true });
        } else {
          pushTerm(target, termFrom(text, !token.negated));
        }
      }
    }
  }
  return query;
}

/** True when the query asks for something: a word, an author or organization, or a filter. */
export function hasCriteria(query: ParsedQuery): boolean {
  return (
    query.terms.length > 0 ||
    query.authors.length > 0 ||
    query.organizations.length > 0 ||
    query.categories.length > 0 ||
    query.since !== null
  );
}
