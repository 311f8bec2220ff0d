// The search index on PostgreSQL (migration 2026_12_03_0300_search_documents): expressions in fts-match.ts's
// language become tsquery predicates over paper_search's vectors. Words and phrases go through the `papers`
// configuration (unaccent, English stems, no stop words); text is cut at every character that is not a letter or
// a digit first, as FTS5's unicode61 tokenizer cuts it. Relevance is ts_rank over the weighted document, with the
// weights of BM25_WEIGHTS' order (title, keywords and organization, authors and summary, abstract).
import type { Paper } from '../core/paper.js';
import type { PostgresStore } from './database.js';
import type { IndexColumn } from './fts-match.js';
import { parseMatchExpression, type MatchNode } from './match-expression.js';
import type { Candidate, CandidateFilter, VocabularyTerm } from './search-index.js';
import { indexedColumns } from './search-index-writer.js';
import { inTransaction, sqlRow, sqlRows, sqlRun, type SqlSession } from './sql-runner.js';
import { SEARCH_VOCABULARY_LOCK } from './advisory-locks.js';
import { cachedLookup, forgetLookups } from './postgres-lookup-cache.js';

const CONFIG = "'papers'";
/** ts_rank's weights for D, C, B, A: abstract; authors and summary; keywords and organization; title. */
const RANK_WEIGHTS = "'{0.1, 0.25, 0.6, 1.0}'";
/** ts_rank's scores are a few hundredths; scaled to the size of FTS5's bm25, so ranking blends them alike. */
const RANK_SCALE = 40;

/** What FTS5's unicode61 tokenizer keeps of a text: letters and digits, every other run of characters a break. */
export function tokenText(text: string): string {
  return text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

interface Rendered {
  sql: string;
  params: unknown[];
}

/** One quoted word, phrase or prefix as a tsquery expression (its SQL and parameters). */
export function leafTsquery(node: Extract<MatchNode, { kind: 'text' }>): Rendered {
  const text = tokenText(node.text);
  if (node.prefix) {
    const word = text.split(' ').at(-1) ?? '';
    const before = text.split(' ').slice(0, -1).join(' ');
    // A prefix of a phrase: the words before it side by side, then the prefix.
    if (before === '') return { sql: `to_tsquery(${CONFIG}, ? || ':*')`, params: [word] };
    return { sql: `(phraseto_tsquery(${CONFIG}, ?) <-> to_tsquery(${CONFIG}, ? || ':*'))`, params: [before, word] };
  }
  return { sql: `phraseto_tsquery(${CONFIG}, ?)`, params: [text] };
}

/** Whether an expression's tree holds a column filter anywhere (then it is a predicate, not one tsquery). */
export const hasColumns = (node: MatchNode): boolean =>
  node.kind === 'columns' ||
  (node.kind === 'not' && (hasColumns(node.positive) || hasColumns(node.negative))) ||
  ((node.kind === 'and' || node.kind === 'or') && node.children.some(hasColumns));

/** One tsquery for a tree without column filters. */
function tsquery(node: MatchNode): Rendered {
  switch (node.kind) {
    case 'text':
      return leafTsquery(node);
    case 'and':
    case 'or': {
      const parts = node.children.map(tsquery);
      return { sql: `(${parts.map((p) => p.sql).join(node.kind === 'and' ? ' && ' : ' || ')})`, params: parts.flatMap((p) => p.params) };
    }
    case 'not': {
      const [a, b] = [tsquery(node.positive), tsquery(node.negative)];
      return { sql: `(${a.sql} && !!${b.sql})`, params: [...a.params, ...b.params] };
    }
    case 'columns':
      throw new Error('column filters are rendered as predicates');
  }
}

const vectorOf = (columns: readonly IndexColumn[] | null, alias: string): string =>
  columns === null ? `${alias}.document` : `(${columns.map((c) => `${alias}.${c}`).join(' || ')})`;

/** A predicate over paper_search (aliased `alias`) true for the papers an expression matches. */
function predicate(node: MatchNode, columns: readonly IndexColumn[] | null, alias: string): Rendered {
  if (!hasColumns(node)) {
    const q = tsquery(node);
    return { sql: `${vectorOf(columns, alias)} @@ ${q.sql}`, params: q.params };
  }
  switch (node.kind) {
    case 'columns':
      return predicate(node.child, node.columns, alias);
    case 'and':
    case 'or': {
      const parts = node.children.map((c) => predicate(c, columns, alias));
      return { sql: `(${parts.map((p) => p.sql).join(node.kind === 'and' ? ' AND ' : ' OR ')})`, params: parts.flatMap((p) => p.params) };
    }
    case 'not': {
      const [a, b] = [predicate(node.positive, columns, alias), predicate(node.negative, columns, alias)];
      return { sql: `(${a.sql} AND NOT ${b.sql})`, params: [...a.params, ...b.params] };
    }
    case 'text':
      throw new Error('unreachable: a lone word has no column filter');
  }
}

/** The expression's predicate, and the tsquery its relevance is ranked by (its words, column filters aside). */
function compile(expression: string, alias = 's'): { where: Rendered; rank: Rendered } {
  const tree = parseMatchExpression(expression);
  return { where: predicate(tree, null, alias), rank: tsquery(withoutColumns(tree)) };
}

function withoutColumns(node: MatchNode): MatchNode {
  switch (node.kind) {
    case 'columns':
      return withoutColumns(node.child);
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map(withoutColumns) };
    case 'not':
      return { kind: 'not', positive: withoutColumns(node.positive), negative: withoutColumns(node.negative) };
    case 'text':
      return node;
  }
}

/** Kept a minute (postgres-lookup-cache.ts): a phrase of common words costs up to a second to count. */
export function countMatchesUpTo(store: PostgresStore, expression: string, cap: number): Promise<number> {
  return cachedLookup(store, `count\u0000${cap}\u0000${expression}`, async () => {
    const { where } = compile(expression);
    const row = await sqlRow<{ n: number }>(
      store,
      `SELECT count(*) AS n FROM (SELECT 1 FROM paper_search s WHERE ${where.sql} LIMIT ?) m`,
      [...where.params, cap],
    );
    return Number(row?.n ?? 0);
  });
}

/** How long a kept concept count serves: a topic's concepts weigh against each other, which a week barely moves. */
export const CONCEPT_COUNT_DAYS = 7;

/**
 * countMatchesUpTo for weighing a topic's concepts, kept in concept_counts (migration 2026_12_03_0500) for
 * CONCEPT_COUNT_DAYS and shared by every process: counted when the topic is saved, read by the digest ticks that
 * follow. Not for search, whose counts decide typo corrections and must see today's papers.
 */
export function conceptCountUpTo(store: PostgresStore, expression: string, cap: number): Promise<number> {
  return cachedLookup(store, `concept\u0000${cap}\u0000${expression}`, async () => {
    const key = `${cap}|${expression}`;
    const kept = await sqlRow<{ docs: number }>(
      store,
      `SELECT docs FROM concept_counts WHERE key = md5(?) AND counted_at > now() - make_interval(days => ?)`,
      [key, CONCEPT_COUNT_DAYS],
    );
    if (kept !== undefined) return Number(kept.docs);
    const docs = await countMatchesUpTo(store, expression, cap);
    await sqlRun(
      store,
      `INSERT INTO concept_counts (key, docs, counted_at) VALUES (md5(?), ?, now())
         ON CONFLICT (key) DO UPDATE SET docs = excluded.docs, counted_at = excluded.counted_at`,
      [key, docs],
    );
    return docs;
  });
}

function filterSql(filter: CandidateFilter): Rendered {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.minDocId !== null) {
    clauses.push('p.doc_id >= ?');
    params.push(filter.minDocId);
  }
  if (filter.since !== null) {
    clauses.push('p.published_at >= ?');
    params.push(filter.since);
  }
  for (const category of filter.categories) {
    clauses.push('EXISTS (SELECT 1 FROM paper_categories c WHERE c.category = ? AND c.doc_id = p.doc_id)');
    params.push(category.toLowerCase());
  }
  for (const category of filter.excludedCategories) {
    clauses.push('NOT EXISTS (SELECT 1 FROM paper_categories c WHERE c.category = ? AND c.doc_id = p.doc_id)');
    params.push(category.toLowerCase());
  }
  if (filter.excludedExpression !== null) {
    const { where } = compile(filter.excludedExpression, 'x');
    clauses.push(`NOT EXISTS (SELECT 1 FROM paper_search x WHERE x.doc_id = p.doc_id AND ${where.sql})`);
    params.push(...where.params);
  }
  return { sql: clauses.map((c) => ` AND ${c}`).join(''), params };
}

const CANDIDATE_COLUMNS = 'p.doc_id AS "docId", p.upvotes AS upvotes, p.published_at AS "publishedAt", p.title AS title';

export function newestMatches(store: PostgresStore, expression: string | null, filter: CandidateFilter, cap: number): Promise<Candidate[]> {
  if (expression === null) {
    const f = filterSql(filter);
    return sqlRows<Candidate>(store, `SELECT ${CANDIDATE_COLUMNS} FROM papers p WHERE true${f.sql} ORDER BY p.doc_id DESC LIMIT ?`, [
      ...f.params,
      cap,
    ]);
  }
  const { where } = compile(expression);
  const f = filterSql({ ...filter, excludedExpression: null });
  return sqlRows<Candidate>(
    store,
    `SELECT ${CANDIDATE_COLUMNS} FROM paper_search s JOIN papers p ON p.doc_id = s.doc_id
      WHERE ${where.sql}${f.sql} ORDER BY s.doc_id DESC LIMIT ?`,
    [...where.params, ...f.params, cap],
  );
}

export async function bm25Scores(
  store: PostgresStore,
  expression: string,
  minDocId: number,
  maxDocId: number,
): Promise<Map<number, number>> {
  const { where, rank } = compile(expression);
  const rows = await sqlRows<{ docId: number; score: number }>(
    store,
    `SELECT s.doc_id AS "docId", ${RANK_SCALE} * ts_rank(${RANK_WEIGHTS}, s.document, ${rank.sql}) AS score
       FROM paper_search s WHERE ${where.sql} AND s.doc_id BETWEEN ? AND ?`,
    [...rank.params, ...where.params, minDocId, maxDocId],
  );
  return new Map(rows.map((r) => [Number(r.docId), Number(r.score)]));
}

export async function topBm25(store: PostgresStore, expression: string, limit: number): Promise<{ docId: number; score: number }[]> {
  const { where, rank } = compile(expression);
  const rows = await sqlRows<{ docId: number; score: number }>(
    store,
    `SELECT s.doc_id AS "docId", ${RANK_SCALE} * ts_rank(${RANK_WEIGHTS}, s.document, ${rank.sql}) AS score
       FROM paper_search s WHERE ${where.sql} ORDER BY score DESC, s.doc_id DESC LIMIT ?`,
    [...rank.params, ...where.params, limit],
  );
  return rows.map((r) => ({ docId: Number(r.docId), score: Number(r.score) }));
}

export async function matchingDocIds(store: PostgresStore, expression: string, minDocId: number, maxDocId: number): Promise<Set<number>> {
  const { where } = compile(expression);
  const rows = await sqlRows<{ docId: number }>(
    store,
    `SELECT s.doc_id AS "docId" FROM paper_search s WHERE ${where.sql} AND s.doc_id BETWEEN ? AND ?`,
    [...where.params, minDocId, maxDocId],
  );
  return new Set(rows.map((r) => Number(r.docId)));
}

/** The papers among `docIds` an expression matches (a digest window's topic index). */
export async function matchingAmong(store: SqlSession, expression: string, docIds: readonly number[]): Promise<number[]> {
  if (docIds.length === 0) return [];
  const { where } = compile(expression);
  const rows = await sqlRows<{ docId: number }>(
    store,
    `SELECT s.doc_id AS "docId" FROM paper_search s WHERE s.doc_id = ANY(?::bigint[]) AND ${where.sql}`,
    [docIds, ...where.params],
  );
  return rows.map((r) => Number(r.docId));
}

/** Stemming is a pure function of the word; remember recent answers (bounded). */
const stemCache = new Map<string, string | null>();
// A digest tick learns the words of its topics and their joins and splits: thousands at a time.
const STEM_CACHE_LIMIT = 100_000;

export async function indexStem(store: PostgresStore, word: string): Promise<string | null> {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const row = await sqlRow<{ lexeme: string }>(
    store,
    `SELECT lexeme FROM unnest(to_tsvector(${CONFIG}, ?)) ORDER BY positions[1] LIMIT 1`,
    [tokenText(word)],
  );
  const stem = row?.lexeme ?? null;
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, stem);
  return stem;
}

/** Stems of many words in one statement, kept as indexStem keeps them (a digest tick's topics hold hundreds). */
export async function learnIndexStems(store: PostgresStore, words: readonly string[]): Promise<void> {
  const unknown = [...new Set(words)].filter((word) => !stemCache.has(word));
  if (unknown.length === 0) return;
  const rows = await sqlRows<{ i: number; lexeme: string | null }>(
    store,
    `SELECT w.i, (SELECT lexeme FROM unnest(to_tsvector(${CONFIG}, w.t)) ORDER BY positions[1] LIMIT 1) AS lexeme
       FROM unnest(?::text[]) WITH ORDINALITY AS w(t, i)`,
    [unknown.map(tokenText)],
  );
  if (stemCache.size + unknown.length >= STEM_CACHE_LIMIT) stemCache.clear();
  for (const row of rows) {
    const word = unknown[Number(row.i) - 1];
    if (word !== undefined) stemCache.set(word, row.lexeme);
  }
}

export async function indexStemCounts(store: PostgresStore, text: string): Promise<Map<string, number>> {
  const rows = await sqlRows<{ lexeme: string; n: number }>(
    store,
    `SELECT lexeme, coalesce(array_length(positions, 1), 1) AS n FROM unnest(to_tsvector(${CONFIG}, ?))`,
    [tokenText(text)],
  );
  return new Map(rows.map((r) => [r.lexeme, Number(r.n)]));
}

// Byte order, as SQLite compares text: a prefix's terms are the range [prefix, prefix + U+FFFF).
const VOCAB_RANGE = `term COLLATE "C" >= ? AND term COLLATE "C" < ?`;

export function vocabularyNear(
  store: PostgresStore,
  prefix: string,
  minLength: number,
  maxLength: number,
  minDocCount: number,
): Promise<VocabularyTerm[]> {
  return sqlRows<VocabularyTerm>(
    store,
    `SELECT term, doc_count AS "docCount" FROM search_vocab WHERE ${VOCAB_RANGE} AND length(term) BETWEEN ? AND ? AND doc_count >= ?`,
    [prefix, `${prefix}\uffff`, minLength, maxLength, minDocCount],
  );
}

export function vocabularyWithPrefix(store: PostgresStore, prefix: string, limit: number): Promise<VocabularyTerm[]> {
  return sqlRows<VocabularyTerm>(
    store,
    `SELECT term, doc_count AS "docCount" FROM search_vocab WHERE ${VOCAB_RANGE} ORDER BY doc_count DESC LIMIT ?`,
    [prefix, `${prefix}\uffff`, limit],
  );
}

/** Each term's answer is kept a minute (postgres-lookup-cache.ts); the terms not kept are read in one statement. */
export async function vocabularyTerms(store: PostgresStore, terms: readonly string[]): Promise<VocabularyTerm[]> {
  const unique = [...new Set(terms)];
  if (unique.length === 0) return [];
  const keyOf = (term: string) => `vocab\u0000${term}`;
  let read: Promise<Map<string, VocabularyTerm>> | null = null;
  const answers = unique.map((term) =>
    cachedLookup(store, keyOf(term), () => {
      read ??= sqlRows<VocabularyTerm>(store, 'SELECT term, doc_count AS "docCount" FROM search_vocab WHERE term = ANY(?::text[])', [
        unique,
      ]).then((rows) => new Map(rows.map((row) => [row.term, { term: row.term, docCount: Number(row.docCount) }])));
      return read.then((found) => found.get(term) ?? null);
    }),
  );
  return (await Promise.all(answers)).filter((found): found is VocabularyTerm => found !== null);
}

const paperCounts = new WeakMap<object, Promise<number>>();

export async function refreshSearchVocabulary(store: PostgresStore): Promise<number> {
  paperCounts.delete(store);
  const terms = await inTransaction(store, writeSearchVocabulary);
  forgetLookups();
  return terms;
}

/** Rebuilds search_vocab from paper_search inside the caller's transaction; answers how many terms it holds. */
export async function writeSearchVocabulary(tx: SqlSession): Promise<number> {
  // One rebuild at a time across processes (several starting together each find it missing): two at once would
  // each delete what their snapshot holds and then insert the same terms, and the second would fail.
  await sqlRun(tx, 'SELECT pg_advisory_xact_lock(?)', [SEARCH_VOCABULARY_LOCK]);
  await sqlRun(tx, 'DELETE FROM search_vocab');
  // ts_stat's ndoc: the papers holding each term. Terms with digits are names and numbers, not misspellings.
  return sqlRun(
    tx,
    "INSERT INTO search_vocab (term, doc_count) SELECT word, ndoc FROM ts_stat('SELECT document FROM paper_search') WHERE word !~ '[0-9]'",
  );
}

export async function hasSearchVocabulary(store: PostgresStore): Promise<boolean> {
  return (await sqlRow(store, 'SELECT 1 AS one FROM search_vocab LIMIT 1')) !== undefined;
}

/** Below this many papers (by the planner's estimate) they are counted; above it, the estimate is the answer. */
const COUNTED_BELOW = 10_000;

/**
 * How many papers there are, for weighing words by rarity. count(*) reads the whole table (0.35 s at 100k
 * papers); the planner's estimate (pg_class.reltuples, kept by autovacuum and ANALYZE) is close enough for a
 * logarithm's argument. A small or never analyzed table (-1) is counted. Asked once per store and kept, as on
 * SQLite, until the vocabulary is rebuilt.
 */
export function indexedPaperCount(store: PostgresStore): Promise<number> {
  let count = paperCounts.get(store);
  if (count === undefined) {
    count = sqlRow<{ n: number }>(store, "SELECT reltuples AS n FROM pg_class WHERE oid = 'papers'::regclass").then(async (estimate) => {
      const n = Number(estimate?.n ?? -1);
      if (n >= COUNTED_BELOW) return Math.round(n);
      return Number((await sqlRow<{ n: number }>(store, 'SELECT count(*) AS n FROM papers'))?.n ?? 0);
    });
    paperCounts.set(store, count);
    count.catch(() => paperCounts.delete(store));
  }
  return count;
}

const SEARCH_COLUMNS = 'doc_id, title, abstract, keywords, authors, organization, categories, summary, document';
/** The weighted document of one paper's field vectors (named as in putSearchDocuments), in RANK_WEIGHTS' order. */
const WEIGHTED_DOCUMENT =
  "setweight(t, 'A') || setweight(k, 'B') || setweight(o, 'B') || setweight(au, 'C') || setweight(su, 'C') || setweight(a, 'D') || setweight(c, 'D')";

/** The columns `document` holds, in the order putSearchDocuments lays them end to end (WEIGHTED_DOCUMENT). */
export const DOCUMENT_COLUMNS: readonly IndexColumn[] = [
  'title',
  'keywords',
  'organization',
  'authors',
  'summary',
  'abstract',
  'categories',
];

/** Rows per statement: seven text arrays of a few kilobytes a paper stay far below what a statement can carry. */
const DOCUMENTS_PER_STATEMENT = 500;
const FIELDS = ['t', 'a', 'k', 'au', 'o', 'c', 'su'] as const;

/**
 * Writes (or replaces) the search vectors of papers, a statement per DOCUMENTS_PER_STATEMENT: one array per field.
 * MATERIALIZED computes each field's vector once; inlined, the planner computed it again for the weighted
 * document, doubling the cost of every write.
 */
export async function putSearchDocuments(tx: SqlSession, papers: readonly { docId: number; paper: Paper }[]): Promise<void> {
  for (let start = 0; start < papers.length; start += DOCUMENTS_PER_STATEMENT) {
    const batch = papers.slice(start, start + DOCUMENTS_PER_STATEMENT);
    const fields: string[][] = FIELDS.map(() => []);
    for (const { paper } of batch) indexedColumns(paper).forEach((text, i) => fields[i]?.push(tokenText(text)));
    const vector = (field: string) => `to_tsvector(${CONFIG}, u.${field}) AS ${field}`;
    await sqlRun(
      tx,
      `WITH f AS MATERIALIZED (
         SELECT u.d, ${FIELDS.map(vector).join(', ')}
           FROM unnest(?::bigint[], ${FIELDS.map(() => '?::text[]').join(', ')}) AS u(d, ${FIELDS.join(', ')}))
       INSERT INTO paper_search (${SEARCH_COLUMNS}) SELECT d, ${FIELDS.join(', ')}, ${WEIGHTED_DOCUMENT} FROM f
       ON CONFLICT (doc_id) DO UPDATE SET title = excluded.title, abstract = excluded.abstract, keywords = excluded.keywords,
         authors = excluded.authors, organization = excluded.organization, categories = excluded.categories,
         summary = excluded.summary, document = excluded.document`,
      [batch.map((p) => p.docId), ...fields],
    );
  }
}
