// `papers run` with no tokens: the console bot on a fresh store, seeded with the bundled sample.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAPERS_BIN, runPapers, runPapersProcess } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-store.js';
import { childEnv } from '../helpers/child-env.js';

describe('papers run (console bot)', () => {
  it('seeds an empty store, answers /papers lines, and stops on quit', async () => {
    const env = { DATABASE_URL: join(tempDir(), 'papers.db'), INGEST_INTERVAL_MINUTES: '0' };
    const input = ['/papers search zeroth-order', 'search', '/papers nope', '/papers help', 'quit', '/papers search never'].join('\n');
    const result = await runPapersProcess(['run'], env, `${input}\n`);
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(
      /^Ingestion is off \(INGEST_INTERVAL_MINUTES=0\), so 53 bundled sample papers were loaded to try the bot with\.\n\nSample digest \(offline\)[\s\S]*\npapers-bot console/,
    );
    expect(out).toMatch(/1\. (ZO2|Fine-tuning Quantized)/);
    expect(out).toContain('Type something to search for.');
    expect(out).toContain('Unknown command "nope"');
    expect(out).toMatch(/\/papers search <query>\n +Search the stored papers/);
    // Lines after quit are not answered.
    expect(out).not.toContain('No papers match "never"');
    const stats = await runPapers(['stats', '--json'], env);
    expect(JSON.parse(stats.stdout)).toMatchObject({ papers: 53 });
  });
});

describe('papers run, stopped by a signal', () => {
  it('exits on SIGTERM although its input is still open', async () => {
    const child = spawn(process.execPath, [PAPERS_BIN, 'run'], {
      env: childEnv({ DATABASE_URL: join(tempDir(), 'papers.db'), INGEST_INTERVAL_MINUTES: '0' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('papers-bot console')) resolve();
      });
    });
    // stdin is never ended: a terminal, or a pipe nobody closes.
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
