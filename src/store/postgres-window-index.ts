// A digest window's topic index on PostgreSQL: the few hundred papers a window can draw on, held in memory as an
// inverted index of their stored search vectors, so each topic's expressions are answered without a statement.
// Asked of the database instead, every expression of every topic cost a statement of several milliseconds (the
// planner walks the whole GIN posting list of a common word before keeping the window's ids): 5,000 statements,
// 46 s of a 10,000-target build at 100k papers.
//
// What a match means is still PostgreSQL's: the papers' lexemes are the vectors paper_search stores, and each
// quoted word, phrase or prefix of an expression becomes the very tsquery postgres-search-index.ts would send
// (one statement for all the words not seen before), read back as a sequence of lexemes at fixed distances.
// AND, OR and NOT, column filters, the concatenation of columns (whose positions follow one another, so a phrase
// may run from one column into the next, as in `document`) and tsquery's dropping of an empty operand are
// followed here as PostgreSQL follows them. An expression whose tsquery reads as anything else is answered by
// the database after all, and test/store/postgres-window-index.test.ts holds both ways to the same answers.
import type { PostgresStore } from './database.js';
import type { IndexColumn } from './fts-match.js';
import { parseMatchExpression, type MatchNode } from './match-expression.js';
import { DOCUMENT_COLUMNS, hasColumns, leafTsquery, matchingAmong } from './postgres-search-index.js';
import { sqlRow, sqlRows } from './sql-runner.js';

/** A leaf's tsquery as lexemes at distances from the first; `null` when the text holds no lexeme at all. */
type Sequence = { lexeme: string; offset: number; prefix: boolean }[];

/** A tsquery tree, as tsquery's operators build it: empty operands already dropped. */
type Query = { kind: 'sequence'; sequence: Sequence } | { kind: 'and' | 'or'; children: Query[] } | { kind: 'not'; child: Query };

/** The positions of one paper's lexemes, column by column, and the last position of each column. */
interface IndexedPaper {
  docId: number;
  columns: Map<IndexColumn, Map<string, number[]>>;
  lastPosition: Map<IndexColumn, number>;
}

/** Reads a tsvector's text form: `'lexeme':1,5A 'other':2` (a lexeme without positions has none). */
export function parseTsvector(text: string): Map<string, number[]> {
  const lexemes = new Map<string, number[]>();
  const entry = /'((?:[^']|'')*)'(?::([0-9A-D,]+))?/g;
  for (const match of text.matchAll(entry)) {
    const lexeme = (match[1] ?? '').replace(/''/g, "'");
    const positions = (match[2] ?? '')
      .split(',')
      .filter((p) => p !== '')
      .map((p) => Number.parseInt(p, 10));
    lexemes.set(lexeme, positions);
  }
  return lexemes;
}

/**
 * Reads a tsquery's text form when it is a plain sequence (`'larg' <-> 'languag' <2> 'mod':*`); null for
 * anything else (an operator tsquery added, a weight), which is then left to the database.
 */
export function parseSequence(text: string): Sequence | null {
  const sequence: Sequence = [];
  const token = /\s*(?:'((?:[^']|'')*)'(:\*)?|<(-|\d+)>)/y;
  let offset = 0;
  let expectLexeme = true;
  let at = 0;
  while (at < text.length) {
    token.lastIndex = at;
    const match = token.exec(text);
    if (match === null) return text.slice(at).trim() === '' ? (expectLexeme ? null : sequence) : null;
    at = token.lastIndex;
    if (match[1] !== undefined) {
      if (!expectLexeme) return null;
      sequence.push({ lexeme: match[1].replace(/''/g, "'"), offset, prefix: match[2] !== undefined });
      expectLexeme = false;
    } else {
      if (expectLexeme) return null;
      offset += match[3] === '-' ? 1 : Number(match[3]);
      expectLexeme = true;
    }
  }
  return expectLexeme ? null : sequence;
}

export interface WindowIndex {
  matching(expression: string): Promise<number[]>;
  /** Expressions answered by the database because a tsquery did not read as a sequence (for tests and logs). */
  readonly askedTheDatabase: number;
}

export async function postgresWindowIndex(store: PostgresStore, docIds: readonly number[]): Promise<WindowIndex> {
  const rows =
    docIds.length === 0
      ? []
      : await sqlRows<Record<IndexColumn, string> & { docId: number }>(
          store,
          `SELECT doc_id AS "docId", ${DOCUMENT_COLUMNS.map((c) => `${c}::text AS ${c}`).join(', ')} FROM paper_search WHERE doc_id = ANY(?::bigint[])`,
          [[...docIds]],
        );
  const papers: IndexedPaper[] = rows.map((row) => {
    const columns = new Map<IndexColumn, Map<string, number[]>>();
    const lastPosition = new Map<IndexColumn, number>();
    for (const column of DOCUMENT_COLUMNS) {
      const lexemes = parseTsvector(row[column]);
      columns.set(column, lexemes);
      let last = 0;
      for (const positions of lexemes.values()) for (const p of positions) last = Math.max(last, p);
      lastPosition.set(column, last);
    }
    return { docId: Number(row.docId), columns, lastPosition };
  });
  /** Papers holding each lexeme, column by column; prefixes scan the sorted list of every lexeme. */
  const holders = new Map<IndexColumn, Map<string, Set<number>>>(DOCUMENT_COLUMNS.map((column) => [column, new Map()]));
  const lexemesSeen = new Set<string>();
  papers.forEach((paper, i) => {
    for (const [column, lexemes] of paper.columns) {
      const byLexeme = holders.get(column) ?? new Map<string, Set<number>>();
      holders.set(column, byLexeme);
      for (const lexeme of lexemes.keys()) {
        lexemesSeen.add(lexeme);
        let set = byLexeme.get(lexeme);
        if (set === undefined) byLexeme.set(lexeme, (set = new Set()));
        set.add(i);
      }
    }
  });
  const sortedLexemes = [...lexemesSeen].sort();
  const all = new Set(papers.map((_, i) => i));

  /** Each leaf's sequence (null: no lexeme), or undefined when its tsquery is more than a sequence. */
  const sequences = new Map<string, Sequence | null | undefined>();
  const leafKey = (node: Extract<MatchNode, { kind: 'text' }>) => `${node.prefix ? '*' : ' '}${node.text}`;

  const learnLeaves = async (tree: MatchNode): Promise<void> => {
    const unseen = new Map<string, Extract<MatchNode, { kind: 'text' }>>();
    const walk = (node: MatchNode): void => {
      if (node.kind === 'text') {
        if (!sequences.has(leafKey(node))) unseen.set(leafKey(node), node);
      } else if (node.kind === 'columns') walk(node.child);
      else if (node.kind === 'not') [node.positive, node.negative].forEach(walk);
      else node.children.forEach(walk);
    };
    walk(tree);
    if (unseen.size === 0) return;
    const leaves = [...unseen];
    const rendered = leaves.map(([, node]) => leafTsquery(node));
    const row = await sqlRow<{ queries: string[] }>(
      store,
      `SELECT ARRAY[${rendered.map((r) => `(${r.sql})::text`).join(', ')}] AS queries`,
      rendered.flatMap((r) => r.params),
    );
    leaves.forEach(([key], i) => {
      const text = row?.queries[i] ?? '';
      sequences.set(key, text.trim() === '' ? null : (parseSequence(text) ?? undefined));
    });
  };

  /** The tree as tsquery would hold it, or undefined when a leaf is not a sequence. */
  const tsquery = (node: MatchNode): Query | null | undefined => {
    switch (node.kind) {
      case 'text': {
        const sequence = sequences.get(leafKey(node));
        return sequence === undefined ? undefined : sequence === null ? null : { kind: 'sequence', sequence };
      }
      case 'and':
      case 'or': {
        const children = node.children.map(tsquery);
        if (children.includes(undefined)) return undefined;
        // tsquery's && and || return the other operand when one is empty.
        const kept = children.filter((c): c is Query => c !== null && c !== undefined);
        return kept.length === 0 ? null : kept.length === 1 ? kept[0] : { kind: node.kind, children: kept };
      }
      case 'not': {
        const [positive, negative] = [tsquery(node.positive), tsquery(node.negative)];
        if (positive === undefined || negative === undefined) return undefined;
        const not: Query | null = negative === null ? null : { kind: 'not', child: negative };
        if (positive === null) return not;
        return not === null ? positive : { kind: 'and', children: [positive, not] };
      }
      case 'columns':
        throw new Error('column filters are predicates');
    }
  };

  /** Positions of a lexeme (or of every lexeme with a prefix) in the paper's columns, laid end to end. */
  const positionsIn = (paper: IndexedPaper, columns: readonly IndexColumn[], lexeme: string, prefix: boolean): Set<number> => {
    const found = new Set<number>();
    let shift = 0;
    for (const column of columns) {
      const lexemes = paper.columns.get(column);
      if (lexemes !== undefined) {
        if (prefix) {
          for (const [term, positions] of lexemes) if (term.startsWith(lexeme)) for (const p of positions) found.add(p + shift);
        } else for (const p of lexemes.get(lexeme) ?? []) found.add(p + shift);
      }
      shift += paper.lastPosition.get(column) ?? 0;
    }
    return found;
  };

  /** Lexemes of the window starting with a prefix (a binary search of the sorted list). */
  const withPrefix = (prefix: string): string[] => {
    let lo = 0;
    let hi = sortedLexemes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sortedLexemes[mid] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: string[] = [];
    for (let i = lo; i < sortedLexemes.length && (sortedLexemes[i] ?? '').startsWith(prefix); i += 1) found.push(sortedLexemes[i] ?? '');
    return found;
  };

  /**
   * Papers holding a lexeme (or any lexeme with a prefix) in one of the columns. Remembered: the topics of a tick
   * ask for the same words again and again. The sets are shared, so nothing may add to them.
   */
  const held = new Map<string, Set<number>>();
  const holding = (lexeme: string, prefix: boolean, columns: readonly IndexColumn[]): ReadonlySet<number> => {
    const key = `${prefix ? '*' : ' '}${columns.join(' ')}|${lexeme}`;
    let found = held.get(key);
    if (found === undefined) {
      found = new Set<number>();
      for (const term of prefix ? withPrefix(lexeme) : [lexeme]) {
        for (const column of columns) for (const i of holders.get(column)?.get(term) ?? []) found.add(i);
      }
      held.set(key, found);
    }
    return found;
  };

  /** Whether a paper holds the words of a sequence (of two or more) at their distances. */
  const sequenceMatches = (paper: IndexedPaper, columns: readonly IndexColumn[], sequence: Sequence): boolean => {
    const positions = sequence.map((s) => positionsIn(paper, columns, s.lexeme, s.prefix));
    const [first] = positions;
    for (const start of first ?? []) {
      if (sequence.every((s, i) => positions[i]?.has(start + s.offset) === true)) return true;
    }
    return false;
  };

  const queryMatches = (query: Query, columns: readonly IndexColumn[]): Set<number> => {
    switch (query.kind) {
      case 'sequence': {
        const candidates = query.sequence.map((s) => holding(s.lexeme, s.prefix, columns)).sort((a, b) => a.size - b.size);
        // One word: its holders in these columns are the answer.
        if (query.sequence.length === 1) return new Set(candidates[0]);
        const [smallest, ...rest] = candidates;
        const found = new Set<number>();
        for (const i of smallest ?? []) {
          const paper = papers[i];
          if (paper !== undefined && rest.every((set) => set.has(i)) && sequenceMatches(paper, columns, query.sequence)) found.add(i);
        }
        return found;
      }
      case 'and':
        return query.children.map((c) => queryMatches(c, columns)).reduce((a, b) => new Set([...a].filter((i) => b.has(i))));
      case 'or':
        return new Set(query.children.flatMap((c) => [...queryMatches(c, columns)]));
      case 'not': {
        const excluded = queryMatches(query.child, columns);
        return new Set([...all].filter((i) => !excluded.has(i)));
      }
    }
  };

  /** As postgres-search-index.ts's predicate: a tree with column filters is SQL's AND, OR and NOT of tsqueries. */
  const predicate = (node: MatchNode, columns: readonly IndexColumn[]): Set<number> | undefined => {
    if (!hasColumns(node)) {
      const query = tsquery(node);
      if (query === undefined) return undefined;
      // `vector @@ ''` is false: a tsquery without lexemes matches nothing.
      return query === null ? new Set() : queryMatches(query, columns);
    }
    switch (node.kind) {
      case 'columns':
        return predicate(node.child, node.columns);
      case 'and':
      case 'or': {
        const parts = node.children.map((c) => predicate(c, columns));
        if (parts.some((p) => p === undefined)) return undefined;
        const sets = parts as Set<number>[];
        return node.kind === 'and' ? sets.reduce((a, b) => new Set([...a].filter((i) => b.has(i)))) : new Set(sets.flatMap((s) => [...s]));
      }
      case 'not': {
        const [positive, negative] = [predicate(node.positive, columns), predicate(node.negative, columns)];
        if (positive === undefined || negative === undefined) return undefined;
        return new Set([...positive].filter((i) => !negative.has(i)));
      }
      case 'text':
        throw new Error('unreachable: a lone word has no column filter');
    }
  };

  let askedTheDatabase = 0;
  return {
    async matching(expression) {
      if (papers.length === 0) return [];
      const tree = parseMatchExpression(expression);
      await learnLeaves(tree);
      const found = predicate(tree, DOCUMENT_COLUMNS);
      if (found === undefined) {
        askedTheDatabase += 1;
        return matchingAmong(store, expression, docIds);
      }
      return [...found].map((i) => papers[i]?.docId ?? 0);
    },
    get askedTheDatabase() {
      return askedTheDatabase;
    },
  };
}
