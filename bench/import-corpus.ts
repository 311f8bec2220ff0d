// Phase 1 of the bench: stream the synthetic corpus into a fresh store through upsertPapers (the real import
// path, FTS index included) and measure throughput and the bytes each paper costs on disk.
import { existsSync, statSync } from 'node:fs';
import type { PaperInput } from '../src/core/paper.js';
import { type Store, sqliteOf } from '../src/store/database.js';
import { paperCount, upsertPapers } from '../src/store/papers-repository.js';
import { refreshSearchVocabulary } from '../src/store/search-index.js';
import { CORPUS_NOW, generateCorpus } from './corpus-generator.js';

export interface ImportResult {
  papers: number;
  inputs: number;
  batchSize: number;
  /** Time inside upsertPapers plus the one vocabulary refresh after it: the import, without the generator. */
  importSeconds: number;
  upsertSeconds: number;
  /** refreshSearchVocabulary, which `papers import` and ingestion run once after their upserts (typo correction). */
  vocabularyRefreshSeconds: number;
  /** Everything, generator included. */
  wallSeconds: number;
  papersPerSecond: number;
  inputsPerSecond: number;
  peakRssBytes: number;
}

export interface StorageResult {
  /** Main file plus WAL, after a truncating checkpoint. */
  dbBytes: number;
  bytesPerPaper: number;
  /** Bytes per paper by part (table, indexes, search index), when SQLite has the dbstat table. */
  bytesPerPaperByPart: Record<string, number> | null;
}

export async function importCorpus(
  store: Store,
  options: { seed: number; papers: number; batchSize: number; onProgress?: (papers: number, importSeconds: number) => void },
): Promise<ImportResult> {
  const started = performance.now();
  let importMs = 0;
  let inputs = 0;
  let peakRss = 0;
  let batch: PaperInput[] = [];
  const flush = async (): Promise<void> => {
    const t = performance.now();
    await upsertPapers(store, batch, CORPUS_NOW);
    importMs += performance.now() - t;
    inputs += batch.length;
    batch = [];
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  };
  const progressEvery = Math.max(options.batchSize, Math.round(options.papers / 10));
  let nextProgress = progressEvery;
  for (const input of generateCorpus({ seed: options.seed, papers: options.papers })) {
    batch.push(input);
    if (batch.length >= options.batchSize) {
      await flush();
      if (inputs >= nextProgress) {
        options.onProgress?.(inputs, importMs / 1000);
        nextProgress += progressEvery;
      }
    }
  }
  if (batch.length > 0) await flush();
  const upsertMs = importMs;
  const t = performance.now();
  await refreshSearchVocabulary(store);
  importMs += performance.now() - t;
  const papers = await paperCount(store);
  const importSeconds = importMs / 1000;
  return {
    papers,
    inputs,
    batchSize: options.batchSize,
    importSeconds: Math.round(importSeconds * 100) / 100,
    upsertSeconds: Math.round(upsertMs / 10) / 100,
    vocabularyRefreshSeconds: Math.round((importMs - upsertMs) / 10) / 100,
    wallSeconds: Math.round((performance.now() - started) / 10) / 100,
    papersPerSecond: Math.round(papers / importSeconds),
    inputsPerSecond: Math.round(inputs / importSeconds),
    peakRssBytes: peakRss,
  };
}

const fileBytes = (path: string): number => (existsSync(path) ? statSync(path).size : 0);

// Groups SQLite objects into the parts worth reporting separately.
function partOf(name: string): string {
  if (name.startsWith('papers_fts')) return 'searchIndex';
  if (name === 'papers') return 'papersTable';
  if (name.startsWith('paper_categories')) return 'categories';
  if (name.startsWith('sqlite_autoindex_papers') || name.startsWith('papers_')) return 'papersIndexes';
  return 'other';
}

export function measureStorage(store: Store, papers: number): StorageResult {
  sqliteOf(store).pragma('wal_checkpoint(TRUNCATE)');
  const dbBytes = fileBytes(store.path) + fileBytes(`${store.path}-wal`);
  let byPart: Record<string, number> | null = null;
  try {
    const rows = sqliteOf(store).prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as {
      name: string;
      bytes: number;
    }[];
    byPart = {};
    for (const { name, bytes } of rows) byPart[partOf(name)] = (byPart[partOf(name)] ?? 0) + bytes;
    for (const key of Object.keys(byPart)) byPart[key] = Math.round((byPart[key] ?? 0) / papers);
  } catch {
    // dbstat is a compile-time option; without it we still have the total.
  }
  return { dbBytes, bytesPerPaper: Math.round(dbBytes / papers), bytesPerPaperByPart: byPart };
}
