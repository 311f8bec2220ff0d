// `papers backup FILE` taken by another process while this one keeps writing: the copy opens, passes
// integrity_check, and holds one consistent state (its papers and its search index agree).
import Database from 'better-sqlite3';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaperInput } from '../../src/core/paper.js';
import { upsertPapers } from '../../src/store/papers-repository.js';
import { runPapers } from '../helpers/run-cli.js';
import { loadSearchCorpus } from '../helpers/search-corpus.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

let temp: TempStore;

afterEach(async () => temp.cleanup());

function batch(n: number): PaperInput[] {
  return Array.from({ length: 50 }, (_, i) => ({
    source: 'hf' as const,
    id: `2612.${String(n * 50 + i).padStart(5, '0')}`,
    title: `Written during the backup ${n}-${i}: ${'sparse attention '.repeat(10)}`,
    abstract: 'A paper written while the backup runs. '.repeat(20),
    authors: ['Ada Lovelace'],
    publishedAt: '2026-12-01T00:00:00.000Z',
    dailyDate: '2026-12-02',
    upvotes: i,
  }));
}

describe('papers backup', () => {
  it('copies the database consistently while another process writes to it', { timeout: 60_000 }, async () => {
    temp = await createTempStore();
    await loadSearchCorpus(temp.store);
    const target = join(temp.dir, 'backup.db');
    const backup = runPapers(['backup', target], { DATABASE_URL: temp.path });
    // Write batch after batch until the backup is done.
    let done = false;
    let batches = 0;
    void backup.finally(() => (done = true));
    // At most 1,000 batches (the ids run out after that); the backup normally ends long before.
    while (!done && batches < 1000) {
      await upsertPapers(temp.store, batch(batches), new Date().toISOString());
      batches += 1;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const { code, stdout, stderr } = await backup;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/backup\.db: [\d,]+ pages \([\d.]+ MiB\), integrity ok\./);
    expect(batches).toBeGreaterThan(0);
    // One finished file: no partial copy, and no WAL or shared-memory file beside it.
    expect(readdirSync(temp.dir).filter((name) => name.startsWith('backup.db'))).toEqual(['backup.db']);
    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const papers = (copy.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
      // Whole batches only: a write is in the copy entirely or not at all.
      expect(papers % 50).toBe((await countSample()) % 50);
    } finally {
      copy.close();
    }
  });

  it('refuses to replace an existing file unless told to with --force', async () => {
    temp = await createTempStore();
    await loadSearchCorpus(temp.store);
    const target = join(temp.dir, 'backup.db');
    expect((await runPapers(['backup', target], { DATABASE_URL: temp.path })).code).toBe(0);
    const first = statSync(target).mtimeMs;
    const again = await runPapers(['backup', target], { DATABASE_URL: temp.path });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; add --force to replace it');
    expect(statSync(target).mtimeMs).toBe(first);
    const forced = await runPapers(['backup', target, '--force'], { DATABASE_URL: temp.path });
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(readdirSync(temp.dir).filter((name) => name.startsWith('backup.db'))).toEqual(['backup.db']);
    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
    // Opening the copy read-only left nothing beside it either.
    expect(readdirSync(temp.dir).filter((name) => name.startsWith('backup.db'))).toEqual(['backup.db']);
  });

  it('refuses a missing file name, and the database itself', async () => {
    temp = await createTempStore();
    const missing = await runPapers(['backup'], { DATABASE_URL: temp.path });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('name one file to write the backup to');
    const itself = await runPapers(['backup', temp.path], { DATABASE_URL: temp.path });
    expect(itself.code).toBe(2);
    expect(itself.stderr).toContain('cannot overwrite the database itself');
  });
});

/** Papers the corpus alone holds, to tell whole batches apart from it. */
async function countSample(): Promise<number> {
  const fresh = await createTempStore();
  try {
    await loadSearchCorpus(fresh.store);
    return (fresh.store.sqlite.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
  } finally {
    await fresh.cleanup();
  }
}
