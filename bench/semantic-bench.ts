// Semantic layer bench: builds (or reuses) synthetic stores with bench/corpus-generator.ts, refits the LSA model
// in the worker at each size (time, peak RSS of the process while the worker runs), then in a fresh child process
// that holds only the index: its memory, query latency of semanticNeighboursOfText / OfPaper (1000 each), IVF
// recall@10 against exact scoring, and the co-occurrence effect. Prints JSON; asserts nothing.
//
//   node --max-old-space-size=8192 --import tsx bench/semantic-bench.ts [--sizes 100000,1000000] [--reuse]
//
// Co-occurrence effect: the generator gives each paper one or two topics, each a set of 40 words it repeats.
// For a one-word query taken from a topic, a top-10 hit that does not contain the word but does contain at least
// two other jargon words of the same topic was found through co-occurrence alone; the figure is their share of the
// top 10, next to the share of random papers that contain two such words (the chance level).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tokenize } from '../src/core/semantic/tokenize.js';
import { runRefit } from '../src/app/semantic/refit-runner.js';
import { indexBytes, nearest } from '../src/core/semantic/semantic-index.js';
import { embedCounts } from '../src/core/semantic/lsa-model.js';
import { queryTermCounts } from '../src/core/semantic/paper-text.js';
import { decodeModel } from '../src/core/semantic/model-codec.js';
import { currentModelRow, modelBlob } from '../src/store/semantic-rows.js';
import {
  invalidateSemantic,
  PROBES,
  semanticIndexOf,
  semanticNeighboursOfPaper,
  semanticNeighboursOfText,
} from '../src/app/semantic/semantic-search.js';
import { openStore, type Store, sqliteOf } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { importCorpus } from './import-corpus.js';
import { latencyStats, type LatencyStats } from './latency-stats.js';
import { streamFor, pick } from './prng.js';
import { buildVocabulary } from './vocabulary.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const mb = (bytes: number): number => Math.round(bytes / 1048576);

export interface SemanticBenchOptions {
  sizes: number[];
  seed: number;
  reuse: boolean;
  queries: number;
}

interface RefitFigures {
  papers: number;
  refitSeconds: number;
  breakdown: unknown;
  peakRssMb: number;
  peakMainHeapMb: number;
}

async function storeFor(size: number, options: SemanticBenchOptions): Promise<Store> {
  mkdirSync(join(benchDir, 'corpora'), { recursive: true });
  const path = join(benchDir, 'corpora', `semantic-${size}.db`);
  const reuse = options.reuse && existsSync(path);
  if (!reuse) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const store = openStore(path);
  await migrateToLatest(store);
  if (!reuse) {
    const t = performance.now();
    await importCorpus(store, { seed: options.seed, papers: size, batchSize: 5000 });
    console.error(`imported ${size} papers in ${Math.round((performance.now() - t) / 1000)} s`);
  }
  return store;
}

async function measureRefit(store: Store): Promise<RefitFigures> {
  let peakRss = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  // The worker lives in this process: sampling RSS while it runs catches its peak too.
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);
  const t = performance.now();
  const result = (await runRefit(store, {}))?.result;
  clearInterval(timer);
  invalidateSemantic(store);
  return {
    papers: result?.papers ?? 0,
    refitSeconds: Math.round(performance.now() - t) / 1000,
    breakdown: result,
    peakRssMb: mb(peakRss),
    peakMainHeapMb: mb(peakHeap),
  };
}

/** Runs in the child process: the store opened, the index loaded, queries timed. */
async function measureQueries(path: string, seed: number, queries: number): Promise<unknown> {
  const rssBefore = process.memoryUsage.rss();
  const store = openStore(path);
  const t0 = performance.now();
  const index = await semanticIndexOf(store);
  if (index === null) throw new Error('no semantic model in the bench store');
  const loadMs = performance.now() - t0;
  const rssWithIndex = process.memoryUsage.rss();
  const row = currentModelRow(sqliteOf(store));
  const model = decodeModel(modelBlob(sqliteOf(store), row?.version ?? 0));

  const vocab = buildVocabulary(seed);
  const rng = streamFor(seed, 'semantic-bench');
  const topicQueries: { words: string[]; topic: number }[] = [];
  for (let i = 0; i < queries; i += 1) {
    const topic = Math.floor(rng() * Math.min(vocab.topics.length, 50));
    const words = vocab.topics[topic]?.words ?? [];
    const count = 1 + Math.floor(rng() * 3);
    topicQueries.push({ topic, words: Array.from({ length: count }, () => vocab.content[pick(rng, words)] ?? 'model') });
  }
  const ids = sqliteOf(store).prepare('SELECT doc_id FROM paper_vectors ORDER BY random() LIMIT ?').all(queries) as { doc_id: number }[];

  const textMs: number[] = [];
  for (const q of topicQueries) {
    const t = performance.now();
    await semanticNeighboursOfText(store, q.words.join(' '), 10);
    textMs.push(performance.now() - t);
  }
  const paperMs: number[] = [];
  for (const { doc_id } of ids) {
    const t = performance.now();
    await semanticNeighboursOfPaper(store, doc_id, 10);
    paperMs.push(performance.now() - t);
  }

  // Recall@10 of the IVF search against scanning every vector, by probes.
  const recall: Record<string, number> = {};
  const sampleQueries = topicQueries.slice(0, 100).map((q) => embedCounts(model, queryTermCounts(q.words.join(' '))));
  const exact = sampleQueries.map((q) => new Set(nearest({ ...index, listOffsets: null }, q, 10, { probes: 0 }).map((n) => n.docId)));
  for (const probes of [8, 16, PROBES, 48, 96]) {
    let found = 0;
    let total = 0;
    sampleQueries.forEach((q, i) => {
      const truth = exact[i] as Set<number>;
      for (const n of nearest(index, q, 10, { probes })) if (truth.has(n.docId)) found += 1;
      total += truth.size;
    });
    recall[String(probes)] = Math.round((found / Math.max(1, total)) * 1000) / 1000;
  }

  // Co-occurrence: one-word topic queries.
  const textOf = sqliteOf(store).prepare(
    "SELECT title || ' ' || abstract || ' ' || ai_keywords || ' ' || coalesce(ai_summary, '') AS t FROM papers WHERE doc_id = ?",
  );
  const termsOf = (docId: number): Set<string> => new Set(tokenize((textOf.get(docId) as { t: string }).t));
  let hits = 0;
  let withoutWord = 0;
  let onTopicWithoutWord = 0;
  let randomOnTopic = 0;
  let randomChecked = 0;
  const randomIds = sqliteOf(store).prepare('SELECT doc_id FROM papers ORDER BY random() LIMIT 200').all() as { doc_id: number }[];
  for (const q of topicQueries.slice(0, 200)) {
    const word = tokenize(q.words[0] ?? '')[0];
    if (word === undefined) continue;
    // Only the topic's jargon (Zipf rank ≥ 1000): its head words are in a large share of all abstracts anyway.
    const jargon = (vocab.topics[q.topic]?.words ?? []).filter((w) => w >= 1000);
    const topicTerms = new Set(jargon.flatMap((w) => tokenize(vocab.content[w] ?? '')).filter((t) => t !== word));
    const onTopic = (terms: Set<string>): boolean => [...topicTerms].filter((t) => terms.has(t)).length >= 2;
    for (const n of await semanticNeighboursOfText(store, word, 10)) {
      const terms = termsOf(n.docId);
      hits += 1;
      if (terms.has(word)) continue;
      withoutWord += 1;
      if (onTopic(terms)) onTopicWithoutWord += 1;
    }
    for (const { doc_id } of randomIds.slice(0, 20)) {
      randomChecked += 1;
      if (onTopic(termsOf(doc_id))) randomOnTopic += 1;
    }
  }
  await store.close();
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    papers: index.count,
    dimensions: index.dimensions,
    lists: index.ivf?.lists ?? 0,
    probes: PROBES,
    indexLoadSeconds: round(loadMs / 1000),
    indexTypedArrayMb: mb(indexBytes(index) + model.projection.byteLength + model.idf.byteLength),
    rssBeforeMb: mb(rssBefore),
    rssWithIndexMb: mb(rssWithIndex),
    rssAfterQueriesMb: mb(process.memoryUsage.rss()),
    text: latencyStats(textMs) satisfies LatencyStats,
    paper: latencyStats(paperMs) satisfies LatencyStats,
    recallAt10ByProbes: recall,
    coOccurrence: {
      queries: Math.min(200, topicQueries.length),
      top10Hits: hits,
      shareWithoutQueryWord: round(withoutWord / Math.max(1, hits)),
      shareWithoutQueryWordButOnTopic: round(onTopicWithoutWord / Math.max(1, hits)),
      randomPaperOnTopicShare: round(randomOnTopic / Math.max(1, randomChecked)),
    },
  };
}

export async function runSemanticBench(options: SemanticBenchOptions): Promise<unknown> {
  const results: Record<string, unknown> = {};
  for (const size of options.sizes) {
    const store = await storeFor(size, options);
    const refit = await measureRefit(store);
    const path = store.path;
    await store.close();
    // A fresh process: its RSS is the bot's cost of holding this index, not the bench's import leftovers.
    const child = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--measure-queries',
        path,
        '--seed',
        String(options.seed),
        '--queries',
        String(options.queries),
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    results[String(size)] = { refit, queries: JSON.parse(child) as unknown };
    console.error(JSON.stringify({ size, ...(results[String(size)] as object) }));
  }
  return { generatedAt: new Date().toISOString(), node: process.version, options, results };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100000,1000000' },
      seed: { type: 'string', default: '42' },
      queries: { type: 'string', default: '1000' },
      reuse: { type: 'boolean', default: false },
      'measure-queries': { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  const queries = Number(values.queries);
  if (values['measure-queries'] !== undefined) {
    console.log(JSON.stringify(await measureQueries(values['measure-queries'], seed, queries)));
  } else {
    const sizes = (values.sizes ?? '').split(',').map((s) => Number(s.replace(/_/g, '')));
    console.log(JSON.stringify(await runSemanticBench({ sizes, seed, queries, reuse: values.reuse }), null, 2));
  }
}
