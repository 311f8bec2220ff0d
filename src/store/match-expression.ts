// Reads back the expressions fts-match.ts writes (FTS5's query syntax, the part of it we use): quoted words and
// phrases, `"x" *` prefixes, AND, OR, NOT, parentheses and `{column …} : (…)` filters. PostgreSQL's search
// renders the tree as tsquery predicates (postgres-search-index.ts); SQLite hands the text to FTS5 as it is.
import type { IndexColumn } from './fts-match.js';

export type MatchNode =
  | { kind: 'text'; text: string; prefix: boolean }
  | { kind: 'and' | 'or'; children: MatchNode[] }
  | { kind: 'not'; positive: MatchNode; negative: MatchNode }
  | { kind: 'columns'; columns: IndexColumn[]; child: MatchNode };

type Token =
  { kind: 'text'; text: string } | { kind: 'word'; word: string } | { kind: '(' | ')' | '*' | ':' } | { kind: 'columns'; list: string };

const COLUMNS: readonly IndexColumn[] = ['title', 'abstract', 'keywords', 'authors', 'organization', 'categories', 'summary'];

export class MatchSyntaxError extends Error {}

function tokens(expression: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const ch = expression[i] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '"') {
      let text = '';
      i += 1;
      for (;;) {
        if (i >= expression.length) throw new MatchSyntaxError('unterminated quote');
        if (expression[i] === '"') {
          if (expression[i + 1] === '"') {
            text += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        text += expression[i];
        i += 1;
      }
      out.push({ kind: 'text', text });
    } else if (ch === '{') {
      const end = expression.indexOf('}', i);
      if (end < 0) throw new MatchSyntaxError('unterminated column list');
      out.push({ kind: 'columns', list: expression.slice(i + 1, end) });
      i = end + 1;
    } else if (ch === '(' || ch === ')' || ch === '*' || ch === ':') {
      out.push({ kind: ch });
      i += 1;
    } else {
      const word = /^[A-Za-z]+/.exec(expression.slice(i))?.[0];
      if (word === undefined) throw new MatchSyntaxError(`unexpected "${ch}"`);
      out.push({ kind: 'word', word });
      i += word.length;
    }
  }
  return out;
}

/** Parses an expression; throws MatchSyntaxError for anything fts-match.ts would not have written. */
export function parseMatchExpression(expression: string): MatchNode {
  const list = tokens(expression);
  let at = 0;
  const peek = () => list[at];
  const isWord = (word: string) => {
    const t = peek();
    return t?.kind === 'word' && t.word === word;
  };

  const primary = (): MatchNode => {
    const t = list[at];
    at += 1;
    if (t === undefined) throw new MatchSyntaxError('unexpected end');
    if (t.kind === '(') {
      const inner = or();
      if (list[at]?.kind !== ')') throw new MatchSyntaxError('missing )');
      at += 1;
      return inner;
    }
    if (t.kind === 'columns') {
      const columns = t.list.split(/\s+/).filter((c) => c !== '');
      for (const c of columns) if (!(COLUMNS as readonly string[]).includes(c)) throw new MatchSyntaxError(`unknown column ${c}`);
      if (list[at]?.kind !== ':') throw new MatchSyntaxError('missing : after a column list');
      at += 1;
      return { kind: 'columns', columns: columns as IndexColumn[], child: primary() };
    }
    if (t.kind === 'text') {
      const prefix = list[at]?.kind === '*';
      if (prefix) at += 1;
      return { kind: 'text', text: t.text, prefix };
    }
    throw new MatchSyntaxError(`unexpected ${t.kind === 'word' ? t.word : t.kind}`);
  };

  const not = (): MatchNode => {
    let node = primary();
    while (isWord('NOT')) {
      at += 1;
      node = { kind: 'not', positive: node, negative: primary() };
    }
    return node;
  };

  const and = (): MatchNode => {
    const children = [not()];
    for (;;) {
      if (isWord('AND')) at += 1;
      else {
        // FTS5 reads two terms side by side as AND too.
        const t = peek();
        if (t === undefined || t.kind === ')' || (t.kind === 'word' && t.word === 'OR')) break;
      }
      children.push(not());
    }
    return children.length === 1 ? (children[0] as MatchNode) : { kind: 'and', children };
  };

  const or = (): MatchNode => {
    const children = [and()];
    while (isWord('OR')) {
      at += 1;
      children.push(and());
    }
    return children.length === 1 ? (children[0] as MatchNode) : { kind: 'or', children };
  };

  const tree = or();
  if (at !== list.length) throw new MatchSyntaxError('unexpected text after the expression');
  return tree;
}
