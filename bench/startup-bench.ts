// Start-up times a person feels, on the compiled code as users run it (bin/papers.js → dist/): `papers --help`,
// `papers search X --json` on the bundled sample, and `npm start` to its first prompt at a terminal (through
// util-linux `script`, a real pseudo-terminal), offline with the sample loaded. Each is the median of `runs` cold
// processes (after one unmeasured run that warms the file cache), with the node that runs the bench.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAPERS_BIN } from './bot-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = join(ROOT, 'assets', 'hf-daily-papers-sample.json');

export const STARTUP_TARGETS = { helpMs: 250, searchJsonMs: 450, firstPromptMs: 1500 };

export interface StartupResult {
  node: string;
  runs: number;
  helpMs: number[];
  searchJsonMs: number[];
  firstPromptMs: number[];
  median: { helpMs: number; searchJsonMs: number; firstPromptMs: number };
  targetsMet: { helpMs: boolean; searchJsonMs: boolean; firstPromptMs: boolean };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Wall time of one `papers` process from spawn to exit; it must succeed. */
function timeCommand(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [PAPERS_BIN, ...args], { env, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`papers ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/** `npm start` in a pseudo-terminal until the prompt shows; then Ctrl-D, and the process is waited for. */
function timeFirstPrompt(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qefc', 'npm start --silent', '/dev/null'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'inherit'] });
    let screen = '';
    let elapsed: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      if (elapsed === null && screen.includes('papers> ')) {
        elapsed = performance.now() - started;
        child.stdin.write('\u0004');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (elapsed === null || code !== 0) reject(new Error(`npm start ended (code ${code}) without a prompt:\n${screen}`));
      else resolve(elapsed);
    });
  });
}

export async function measureStartup(runs: number, log: (line: string) => void): Promise<StartupResult> {
  const folder = mkdtempSync(join(tmpdir(), 'papers-startup-'));
  try {
    // Offline: the sources point at a closed port, and the store already holds the sample (no first-start fetch).
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TERM: 'xterm-256color',
      DATABASE_URL: join(folder, 'papers.db'),
      HF_API_URL: 'http://127.0.0.1:1',
      ARXIV_API_URL: 'http://127.0.0.1:1/api/query',
      PORT: '0',
    };
    timeCommand(['import', SAMPLE], env);
    const help: number[] = [];
    const search: number[] = [];
    const prompt: number[] = [];
    timeCommand(['--help'], env);
    for (let i = 0; i < runs; i += 1) help.push(timeCommand(['--help'], env));
    timeCommand(['search', 'quantization', '--json'], env);
    for (let i = 0; i < runs; i += 1) search.push(timeCommand(['search', 'quantization', '--json'], env));
    await timeFirstPrompt(env);
    for (let i = 0; i < runs; i += 1) prompt.push(await timeFirstPrompt(env));
    const result: StartupResult = {
      node: process.version,
      runs,
      helpMs: help.map(round),
      searchJsonMs: search.map(round),
      firstPromptMs: prompt.map(round),
      median: { helpMs: round(median(help)), searchJsonMs: round(median(search)), firstPromptMs: round(median(prompt)) },
      targetsMet: {
        helpMs: median(help) <= STARTUP_TARGETS.helpMs,
        searchJsonMs: median(search) <= STARTUP_TARGETS.searchJsonMs,
        firstPromptMs: median(prompt) <= STARTUP_TARGETS.firstPromptMs,
      },
    };
    log(`\nstart-up on Node ${process.version} (median of ${runs} cold processes)`);
    log(`  papers --help                 ${result.median.helpMs} ms   (target ≤ ${STARTUP_TARGETS.helpMs})`);
    log(`  papers search X --json        ${result.median.searchJsonMs} ms   (target ≤ ${STARTUP_TARGETS.searchJsonMs})`);
    log(`  npm start to the first prompt ${result.median.firstPromptMs} ms   (target ≤ ${STARTUP_TARGETS.firstPromptMs})`);
    return result;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
