// `papers import`: saved Hugging Face daily_papers JSON arrays and arXiv Atom XML files, through the same
// validation and merge as live ingestion. Importing a file twice changes nothing the second time.
import { readFile } from 'node:fs/promises';
import { parseArxivFeed } from '../sources/arxiv-feed.js';
import { parseHfDailyPapers } from '../sources/hf-daily-papers.js';
import type { ParsedBatch, SkippedItem } from '../sources/source.js';
import type { Store } from '../store/database.js';
import { upsertPapers, type UpsertCounts } from '../store/papers-repository.js';
import { refreshSearchKnowledge } from './search/refresh-search-knowledge.js';

export type ImportFormat = 'hf-json' | 'arxiv-atom';

export interface FileImportReport {
  file: string;
  format: ImportFormat | null;
  counts: UpsertCounts & { skipped: number };
  skipped: SkippedItem[];
  error: string | null;
}

/** Upserts run in slices so one huge file does not hold the write lock for long. */
const BATCH_SIZE = 5000;

export function parseImportText(text: string): { format: ImportFormat; batch: ParsedBatch } {
  const start = text.trimStart()[0];
  if (start === '[' || start === '{') {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (error) {
      throw new Error(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!Array.isArray(payload)) throw new Error('expected a JSON array of Hugging Face daily papers');
    return { format: 'hf-json', batch: parseHfDailyPapers(payload) };
  }
  if (start === '<') return { format: 'arxiv-atom', batch: parseArxivFeed(text) };
  throw new Error('neither a Hugging Face daily_papers JSON array nor an arXiv Atom XML feed');
}

export async function importFile(store: Store, file: string, now: Date): Promise<FileImportReport> {
  const counts = { new: 0, updated: 0, unchanged: 0, reindexed: 0, skipped: 0 };
  try {
    const { format, batch } = parseImportText(await readFile(file, 'utf8'));
    for (let i = 0; i < batch.papers.length; i += BATCH_SIZE) {
      const written = await upsertPapers(store, batch.papers.slice(i, i + BATCH_SIZE), now.toISOString());
      counts.new += written.new;
      counts.updated += written.updated;
      counts.unchanged += written.unchanged;
      counts.reindexed += written.reindexed;
    }
    counts.skipped = batch.skipped.length;
    return { file, format, counts, skipped: batch.skipped, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { file, format: null, counts, skipped: [], error: message.replace(/^ENOENT: /, '') };
  }
}

export async function importFiles(store: Store, files: readonly string[], now: Date): Promise<FileImportReport[]> {
  const reports: FileImportReport[] = [];
  for (const file of files) reports.push(await importFile(store, file, now));
  // The typo-correction vocabulary only changes when searchable text does.
  if (reports.some((r) => r.counts.reindexed > 0)) await refreshSearchKnowledge(store);
  return reports;
}
