// `papers run` with no tokens: the console bot on a fresh store, seeded with the bundled sample.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPapers } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-store.js';

describe('papers run (console bot)', () => {
  it('seeds an empty store, answers /papers lines, and stops on quit', async () => {
    const env = { DATABASE_URL: join(tempDir(), 'papers.db'), INGEST_INTERVAL_MINUTES: '0' };
    const input = ['/papers search zeroth-order', 'search', '/papers nope', '/papers help', 'quit', '/papers search never'].join('\n');
    const result = await runPapers(['run'], env, `${input}\n`);
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(
      /^Ingestion is off \(INGEST_INTERVAL_MINUTES=0\), so 27 bundled sample papers were loaded to try the bot with\.\npapers-bot console/,
    );
    expect(out).toMatch(/1\. (ZO2|Fine-tuning Quantized)/);
    expect(out).toContain('Type something to search for.');
    expect(out).toContain('Unknown command "nope"');
    expect(out).toMatch(/\/papers search <query>\n +Search the stored papers/);
    // Lines after quit are not answered.
    expect(out).not.toContain('No papers match "never"');
    const stats = await runPapers(['stats', '--json'], env);
    expect(JSON.parse(stats.stdout)).toMatchObject({ papers: 27 });
  });
});
