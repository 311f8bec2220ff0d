// The `papers` command line against a real SQLite file: in process for what the commands do, and as the real
// executable (the compiled dist/) for what only a process shows.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_SAMPLE } from '../helpers/bundled-sample.js';
import { ARXIV_SAMPLE } from '../helpers/search-corpus.js';
import { PAPERS_BIN, runPapers, runPapersProcess } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-store.js';

/** 10 KiB: a query nobody types, which must be refused, not searched. Named so test titles stay short. */
const LONG_QUERY = 'x'.repeat(10_240);

let env: Record<string, string>;
beforeAll(async () => {
  env = { DATABASE_URL: join(tempDir(), 'db', 'papers.db') };
  const imported = await runPapers(['import', BUNDLED_SAMPLE, ARXIV_SAMPLE], env);
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
});

describe('the papers executable', () => {
  it('runs the compiled code: --help exits 0, an unknown command exits 2 with one line on stderr', async () => {
    const help = await runPapersProcess(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: papers COMMAND/);
    const unknown = await runPapersProcess(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('papers: unknown command "frobnicate". Run papers --help for the list.\n');
  });

  it('a failing command exits 1 with its reason, and search answers as JSON', async () => {
    const search = await runPapersProcess(['search', 'zeroth-order', '--json'], env);
    expect(search.code).toBe(0);
    expect((JSON.parse(search.stdout) as { title: string }[])[0]?.title).toMatch(/zeroth-order/i);
    const missing = await runPapersProcess(['import', join(tempDir(), 'nothing-here.json')], env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/nothing-here\.json: FAILED/);
  });

  it('stack traces from the compiled code point at the TypeScript lines (source maps)', () => {
    // The executable turns source maps on and loads dist/bundle/cli.js; a stack taken inside runCli shows its line.
    const script = `process.setSourceMapsEnabled(true);
      const { runCli } = await import(${JSON.stringify(new URL('../../dist/bundle/cli.js', import.meta.url).href)});
      await runCli(['--help'], { out() { console.log(new Error('here').stack); }, err() {} });`;
    const stack = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(stack).toMatch(/at runCli \(.*\/src\/cli\.ts:\d+:\d+\)/);
    expect(readFileSync(PAPERS_BIN, 'utf8')).toContain("import('../dist/bundle/cli.js')");
  });
});

describe('papers', () => {
  it('--help lists every command; no command is a usage error', async () => {
    const help = await runPapers(['--help'], env);
    expect(help.code).toBe(0);
    for (const name of ['run', 'migrate', 'ingest', 'import', 'search', 'stats']) expect(help.stdout).toContain(`  ${name}`);
    expect((await runPapers([], env)).code).toBe(2);
    const unknown = await runPapers(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it.each(['migrate', 'ingest', 'import', 'search', 'stats', 'run'])('%s --help explains itself', async (name) => {
    const result = await runPapers([name, '--help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: papers ${name}`));
  });

  it('migrate reports an up-to-date schema', async () => {
    const result = await runPapers(['migrate'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/schema is up to date/);
  });

  it('import of the same file again changes nothing', async () => {
    const result = await runPapers(['import', BUNDLED_SAMPLE], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/0 new, 0 updated, 53 unchanged, 0 skipped/);
  });

  it('search --json prints the stable shape, best first', async () => {
    const result = await runPapers(['search', 'zeroth-order fine-tuning', '--json', '--limit', '5'], env);
    expect(result.code).toBe(0);
    const hits = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(5);
    for (const hit of hits) {
      expect(typeof hit.id).toBe('string');
      expect(typeof hit.title).toBe('string');
      expect(typeof hit.score).toBe('number');
      expect(typeof hit.upvotes).toBe('number');
      expect(hit.url).toBe(`https://huggingface.co/papers/${String(hit.id)}`);
      expect('publishedAt' in hit).toBe(true);
    }
    const scores = hits.map((h) => h.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('search with no match prints [] and exits 0', async () => {
    const result = await runPapers(['search', 'qwertyuiopasdf', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it('search prints readable text by default: how many papers match, then the papers', async () => {
    const result = await runPapers(['search', 'deepmind'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+ papers? match(es)?\n1\. POLCA: Stochastic Generative Optimization with LLM/);
    expect(result.stdout).toContain('https://huggingface.co/papers/2603.14769');
  });

  it('search pages: a count with the papers shown, the command for the next page, and the end said plainly', async () => {
    const first = await runPapers(['search', 'language models', '--limit', '3'], env);
    expect(first.code).toBe(0);
    const total = Number(/^(\d+) papers match; 1–3 shown\n/.exec(first.stdout)?.[1]);
    expect(total).toBeGreaterThan(6);
    expect(first.stdout).toMatch(/\n1\. .*\n[\s\S]*\n3\. /);
    expect(first.stdout.trimEnd().split('\n').at(-1)).toBe("next: papers search 'language models' --page 2 --limit 3");
    const second = await runPapers(['search', 'language models', '--limit', '3', '--page', '2'], env);
    expect(second.stdout).toMatch(new RegExp(`^${total} papers match; 4–6 shown\n`));
    expect(second.stdout).toMatch(/\n4\. /);
    const pages = Math.ceil(total / 3);
    const past = await runPapers(['search', 'language models', '--limit', '3', '--page', String(pages + 1)], env);
    expect(past.stdout.trim()).toBe(`${total} papers match; page ${pages + 1} is past the end (${pages} pages).`);
    const json = await runPapers(['search', 'language models', '--limit', '3', '--page', '2', '--json'], env);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((hit) => hit.id)).toEqual(
      [...second.stdout.matchAll(/papers\/([\d.]+)\n/g)].map((m) => m[1]),
    );
  });

  it.each([
    [['search', ''], /Give a search query/],
    [['search', 'LONG'], /too long/],
    [['search', 'model', '--limit', '0'], /limit must be a whole number/],
    [['search', 'since:soon'], /YYYY-MM-DD/],
    [['search', 'model', '--bogus'], /Unknown option '--bogus'/],
    [['search', 'model', '--page', '0'], /--page must be a whole number from 1/],
    [['ingest', '--date', '2026-02-30'], /--date needs a day/],
    [['ingest', '--date', '2026-01-01', '--since', '2026-01-01'], /either --date or --since/],
    [['ingest', '--source', 'rss'], /--source must be hf or arxiv/],
    [['import'], /at least one file/],
  ])('%j exits 2 with a one-line reason', async (args: string[], reason: RegExp) => {
    const result = await runPapers(
      args.map((a) => (a === 'LONG' ? LONG_QUERY : a)),
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(reason);
  });

  it('a file that cannot be imported exits 1 and names the file', async () => {
    const result = await runPapers(['import', '/nonexistent/papers.json'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\/nonexistent\/papers\.json: FAILED/);
  });

  it('an invalid setting is refused before anything runs', async () => {
    const result = await runPapers(['stats'], { ...env, HF_API_URL: 'not a url' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/HF_API_URL/);
  });

  it('stats --json counts what was imported', async () => {
    const result = await runPapers(['stats', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ papers: 59, bySource: { hf: 53, arxiv: 6 } });
  });
});
