// A digest window's topic index on PostgreSQL answers from memory (src/store/postgres-window-index.ts): every
// expression must match exactly the papers PostgreSQL's own tsquery predicate matches among the same papers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/app/import-files.js';
import { topicExpression } from '../../src/app/search/topic-expression.js';
import { anyOf, inColumns } from '../../src/store/fts-match.js';
import type { PostgresStore } from '../../src/store/database.js';
import { matchingAmong } from '../../src/store/postgres-search-index.js';
import { parseSequence, parseTsvector, postgresWindowIndex, type WindowIndex } from '../../src/store/postgres-window-index.js';
import { sqlRows } from '../../src/store/sql-runner.js';
import { upsertPapers } from '../../src/store/papers-repository.js';
import { BUNDLED_SAMPLE } from '../helpers/bundled-sample.js';
import { loadSearchCorpus } from '../helpers/search-corpus.js';
import { createTempPostgresStore, type TempPostgresStore } from '../helpers/temp-store.js';

const ABOUT = ['title', 'keywords', 'summary'] as const;

describe('reading PostgreSQL text forms', () => {
  it('reads a tsvector: quoted lexemes, positions with or without weights, a lexeme without positions', () => {
    expect(parseTsvector(`'larg':1A,7 'o''brien':3 'model':2B 'bare'`)).toEqual(
      new Map([
        ['larg', [1, 7]],
        ["o'brien", [3]],
        ['model', [2]],
        ['bare', []],
      ]),
    );
    expect(parseTsvector('')).toEqual(new Map());
  });

  it('reads a phrase or prefix tsquery as a sequence, and refuses anything else', () => {
    expect(parseSequence(`'larg' <-> 'languag' <2> 'mod':*`)).toEqual([
      { lexeme: 'larg', offset: 0, prefix: false },
      { lexeme: 'languag', offset: 1, prefix: false },
      { lexeme: 'mod', offset: 3, prefix: true },
    ]);
    expect(parseSequence(`'transform':*`)).toEqual([{ lexeme: 'transform', offset: 0, prefix: true }]);
    for (const other of [`'a' & 'b'`, `'a' | 'b'`, `!'a'`, `( 'a' <-> 'b' ) <-> 'c'`, `'a' <->`, `'a':*B`]) {
      expect(parseSequence(other), other).toBeNull();
    }
  });
});

describe('a window index on PostgreSQL', () => {
  let temp: TempPostgresStore;
  let store: PostgresStore;
  let docIds: number[];
  let index: WindowIndex;

  beforeAll(async () => {
    temp = await createTempPostgresStore();
    store = temp.store;
    await loadSearchCorpus(store);
    await importFiles(store, [BUNDLED_SAMPLE], new Date('2026-11-29T00:00:00Z'));
    // A paper whose title ends where its keywords begin: in `document` the columns follow one another.
    await upsertPapers(
      store,
      [
        {
          source: 'hf',
          id: '2611.00199',
          title: 'Sparse Routing for Vision',
          abstract: 'Naïve baselines, GPT-4o and 4-bit quantisation compared; state-of-the-art results.',
          authors: ['Zoë Müller'],
          publishedAt: '2026-11-20T00:00:00.000Z',
          dailyDate: '2026-11-21',
          upvotes: 3,
          aiKeywords: ['transformers', 'routing'],
        },
      ],
      '2026-11-29T00:00:00.000Z',
    );
    docIds = (await sqlRows<{ d: number }>(store, 'SELECT doc_id AS d FROM paper_search ORDER BY doc_id')).map((r) => Number(r.d));
    index = await postgresWindowIndex(store, docIds);
  }, 60_000);

  afterAll(async () => {
    await temp.cleanup();
  });

  const sameAsTheDatabase = async (expressions: readonly string[]) => {
    for (const expression of expressions) {
      const inMemory = [...(await index.matching(expression))].sort((a, b) => a - b);
      const asked = [...(await matchingAmong(store, expression, docIds))].sort((a, b) => a - b);
      expect(inMemory, expression).toEqual(asked);
    }
  };

  it('holds the corpus', () => {
    expect(docIds.length).toBeGreaterThan(80);
  });

  it('matches words, phrases and prefixes as the database does, in the whole document and in columns', async () => {
    const titles = await sqlRows<{ title: string }>(store, 'SELECT title FROM papers ORDER BY doc_id');
    const expressions: string[] = [];
    for (const { title } of titles) {
      const words = title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      const [a, b, c] = words;
      if (a === undefined) continue;
      expressions.push(anyOf([{ kind: 'word', word: a, prefix: false }]));
      expressions.push(anyOf([{ kind: 'word', word: a.slice(0, 4), prefix: true }]));
      if (b !== undefined) expressions.push(anyOf([{ kind: 'phrase', words: [a, b] }]));
      if (b !== undefined && c !== undefined) {
        expressions.push(anyOf([{ kind: 'phrase', words: [a, b, c] }]));
        expressions.push(`"${a} ${b} ${c.slice(0, 3)}" *`);
        expressions.push(inColumns(ABOUT, anyOf([{ kind: 'phrase', words: [b, c] }])));
        expressions.push(`"${a}" NOT "${b}"`);
        expressions.push(`("${a}" OR "${c}") AND "${b}"`);
      }
    }
    expect(expressions.length).toBeGreaterThan(300);
    await sameAsTheDatabase(expressions);
    expect(index.askedTheDatabase).toBe(0);
  });

  it('follows the edge cases: text without lexemes, accents, digits, a phrase across two columns, filters', async () => {
    await sameAsTheDatabase([
      '"naive"',
      '"naïve baselines"',
      '"zoe muller"',
      '"gpt 4o"',
      '"4 bit"',
      '"state of the art"',
      '"vision transformers"',
      '"vision transformer" *',
      '{title} : ("vision")',
      '{keywords} : ("vision")',
      '{title keywords} : ("vision transformers")',
      '"-"',
      '"-" OR "routing"',
      '"routing" NOT "-"',
      '"-" NOT "routing"',
      '{title} : ("-") OR "routing"',
      '{categories} : ("cs lg")',
      '({title keywords summary} : ("sparse")) NOT ({abstract} : ("routing"))',
      '"mixture of experts" NOT {authors} : ("pemberton")',
    ]);
  });

  it('matches every expression a saved topic is scored by, as the database does', async () => {
    const topics = [
      'mixture of experts',
      'LLM reasoning',
      'diffusion models',
      'model compression',
      'reinforcement learning from human feedback',
      'vision transformer* -video',
      '"language model" agents',
      'quantization cat:cs.LG',
      'author:pemberton optimisers',
    ];
    for (const text of topics) {
      const topic = await topicExpression(store, text);
      const expressions = [topic.expression];
      for (const concept of topic.concepts) {
        for (const expression of [concept.typed, ...concept.names.map((n) => n.expression)]) {
          expressions.push(expression, inColumns(ABOUT, expression));
        }
      }
      await sameAsTheDatabase(expressions);
    }
    expect(index.askedTheDatabase).toBe(0);
  });
});
