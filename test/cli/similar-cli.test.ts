// `papers similar`, run as a real process against a real SQLite file holding the bundled sample, imported as a user
// would (`papers import`).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_SAMPLE } from '../helpers/bundled-sample.js';
import { runPapers } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-store.js';

/** "8-bit Optimizers via Block-wise Quantization", in the bundled sample. */
const PAPER = '2110.02861';
/** Past the 500 characters a paper is compared with; named so test titles stay short. */
const LONG_INPUT = 'x'.repeat(600);

let env: Record<string, string>;
beforeAll(async () => {
  env = { DATABASE_URL: join(tempDir(), 'db', 'papers.db') };
  const imported = await runPapers(['import', BUNDLED_SAMPLE], env);
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
});

describe('papers similar', () => {
  it('--json prints the papers most like one, as search --json does, without the paper itself', async () => {
    const result = await runPapers(['similar', PAPER, '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const hits = JSON.parse(result.stdout) as { id: string; title: string; url: string; score: number }[];
    expect(Array.isArray(hits)).toBe(true);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(10);
    expect(hits.map((h) => h.id)).not.toContain(PAPER);
    for (const hit of hits) {
      expect(hit.url).toBe(`https://huggingface.co/papers/${hit.id}`);
      expect(typeof hit.score).toBe('number');
    }
  });

  it('takes a Hugging Face or arXiv link and a limit, and prints readable text by default', async () => {
    const result = await runPapers(['similar', `https://arxiv.org/abs/${PAPER}v2`, '--limit', '3'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Papers similar to "8-bit Optimizers via Block-wise Quantization" \\(${PAPER}\\):\\n1\\. `));
    expect(result.stdout).not.toMatch(/^4\. /m);
    expect(result.stdout).not.toContain(`https://huggingface.co/papers/${PAPER}`);
  });

  it.each([
    [[''], /Name a paper or give a few words/],
    [['2501.12345'], /Paper 2501\.12345 is not in the store yet/],
    [['https://huggingface.co/papers/'], /That link names no paper/],
    [['LONG'], /at most 500 characters/],
    [[PAPER, '--limit', '0'], /--limit must be a whole number from 1 to 50/],
    [[PAPER, '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const result = await runPapers(['similar', ...args.map((arg) => (arg === 'LONG' ? LONG_INPUT : arg))], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--help explains itself', async () => {
    const result = await runPapers(['similar', '--help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: papers similar /);
  });
});
