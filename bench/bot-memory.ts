// The running bot's memory through a semantic refit (issue target: under 600 MB with a 1M-paper store).
//
//   node --import tsx bench/bot-memory.ts [--db bench/corpora/bench-1000000.db] [--out bench/results.json]
//
// Starts `papers run` as `npm start` does (console only, no ingest) on the bench store left by
// `npm run bench -- --sizes 1000000 --only search --keep`, with the store's model marked as fitted on half its papers,
// so the bot starts a refit at once, exactly as after an ingest that grew the store 1.5×: the old model and its
// index answer while the worker thread fits, folds every paper and builds the new index in the old one's memory.
// The bot's RSS is read from /proc every 250 ms until it logs "semantic model refitted"; the peak is the kernel's
// high-water mark (VmHWM), so nothing between two samples is missed. Writes `botMemory` into --out.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { PAPERS_BIN, processMemory, START_NODE_FLAGS } from './bot-process.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: fileURLToPath(new URL('./corpora/bench-1000000.db', import.meta.url)) },
    out: { type: 'string', default: fileURLToPath(new URL('./results.json', import.meta.url)) },
  },
});
const MB = 1024 * 1024;

const path = values.db;
if (!existsSync(path)) throw new Error(`${path} is missing: run npm run bench -- --sizes 1000000 --only search --keep first`);
const setup = new SQLite(path);
const papers = (setup.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
const marked = setup
  .prepare('UPDATE semantic_models SET docs_fitted = ? WHERE version = (SELECT max(version) FROM semantic_models)')
  .run(Math.floor(papers / 2)).changes;
setup.close();
if (marked === 0) throw new Error(`${path} has no semantic model: run the search phase on it first`);

const started = performance.now();
const child = spawn(process.execPath, [...START_NODE_FLAGS, PAPERS_BIN, 'run'], {
  env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: path, INGEST_INTERVAL_MINUTES: '0', LOG_LEVEL: 'info' },
  stdio: ['pipe', 'ignore', 'pipe'],
});
const pid = child.pid ?? 0;
const samples: { seconds: number; rss: number }[] = [];
let readyRss = 0;
let readySeconds = 0;
const seconds = () => Math.round(performance.now() - started) / 1000;
const timer = setInterval(() => samples.push({ seconds: seconds(), rss: processMemory(pid, 'VmRSS') }), 250);
const refit = await new Promise<Record<string, unknown>>((resolve, reject) => {
  let buffered = '';
  child.stderr.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('"search knowledge ready"')) {
        readyRss = processMemory(pid, 'VmRSS');
        readySeconds = seconds();
      }
      if (line.includes('"semantic model refitted"')) resolve((JSON.parse(line) as { refit: Record<string, unknown> }).refit);
      if (line.includes('fitting the semantic model failed')) reject(new Error(`the refit failed: ${line}`));
    }
  });
  child.on('close', (code) => reject(new Error(`the bot exited (${code}) before the refit ended`)));
});
clearInterval(timer);
const peak = processMemory(pid, 'VmHWM');
const after = processMemory(pid, 'VmRSS');
child.kill('SIGTERM');
await new Promise((resolve) => child.on('close', resolve));

const byPhase = (from: number, to: number) => Math.max(0, ...samples.filter((s) => s.seconds >= from && s.seconds < to).map((s) => s.rss));
const result = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  papers,
  startSeconds: readySeconds,
  rssAtStartMb: Math.round(readyRss / MB),
  peakRssMb: Math.round(peak / MB),
  rssDuringRefitMaxMb: Math.round(byPhase(readySeconds, seconds()) / MB),
  rssAfterRefitMb: Math.round(after / MB),
  refitSeconds: Math.round((seconds() - readySeconds) * 10) / 10,
  refit,
  targetMb: 600,
};
console.log(JSON.stringify(result, null, 2));
const previous = existsSync(values.out) ? (JSON.parse(readFileSync(values.out, 'utf8')) as Record<string, unknown>) : {};
writeFileSync(values.out, `${JSON.stringify({ ...previous, botMemory: result }, null, 2)}\n`);
