// `papers ingest` as a real process against the local Hugging Face and arXiv doubles.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startArxivDouble, type ArxivDouble } from '../doubles/arxiv-double.js';
import { hfItem, patchPaper, startHfDouble, type HfDouble } from '../doubles/hf-double.js';
import { runPapersProcess as runPapers, startPapers } from '../helpers/run-cli.js';
import { freePort } from '../helpers/free-port.js';
import { tempDir } from '../helpers/temp-store.js';

const DAY = '2026-01-06';
const doubles: (HfDouble | ArxivDouble)[] = [];
afterEach(async () => {
  for (const double of doubles.splice(0)) await double.close();
});

async function setup() {
  const hf = await startHfDouble();
  const arxiv = await startArxivDouble({
    entries: [
      {
        id: '2601.01234v2',
        title: 'Scaling Laws for Data Pruning in\n  Reinforcement Learning from Human Feedback',
        summary: 'We study which preference data can be pruned.',
        authors: ['Li Wei', 'Hannah Schmidt'],
        published: '2026-01-06T13:25:44Z',
        primaryCategory: 'cs.CL',
        categories: ['cs.CL', 'cs.LG'],
      },
    ],
  });
  doubles.push(hf, arxiv);
  hf.setDay(DAY, [
    hfItem({ id: '2601.01234', day: DAY, upvotes: 42, title: 'Scaling Laws for Data Pruning in RLHF', organization: 'deepmind' }),
    hfItem({ id: '2601.05555', day: DAY, upvotes: 7, title: 'Another Paper' }),
    patchPaper(hfItem({ id: '2601.06666', day: DAY }), { upvotes: 'lots' }),
  ]);
  const env = {
    DATABASE_URL: join(tempDir(), 'papers.db'),
    HF_API_URL: hf.url,
    ARXIV_API_URL: arxiv.url,
    HTTP_TIMEOUT_MS: '2000',
  };
  return { hf, arxiv, env };
}

describe('papers ingest', () => {
  it('reads one day from both sources, merges the shared paper, and records the runs', async () => {
    const { hf, arxiv, env } = await setup();
    const result = await runPapers(['ingest', '--date', DAY, '--json'], env);
    expect(result.code).toBe(0);
    // The malformed item is logged (JSON on stderr) with its id and reason, and nothing else is.
    const logs = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs).toEqual([expect.objectContaining({ msg: 'skipped a malformed upstream item', ref: '2601.06666' })]);
    expect(String(logs[0]?.reason)).toMatch(/upvotes/);
    const reports = JSON.parse(result.stdout) as { source: string; status: string; counts: Record<string, number> }[];
    expect(reports.map((r) => [r.source, r.status, r.counts.new, r.counts.skipped])).toEqual([
      ['hf', 'succeeded', 2, 1],
      ['arxiv', 'succeeded', 0, 0],
    ]);
    expect(reports[1]?.counts.updated).toBe(1);
    expect(hf.requests[0]?.params).toMatchObject({ date: DAY, p: '0' });
    expect(arxiv.requests[0]?.params.search_query).toContain('submittedDate:[202601060000 TO 202601062359]');

    const search = await runPapers(['search', 'pruning', '--json'], env);
    const [hit] = JSON.parse(search.stdout) as { id: string; upvotes: number; title: string; categories: string[] }[];
    expect(hit).toMatchObject({ id: '2601.01234', upvotes: 42, categories: ['cs.CL', 'cs.LG'] });
    expect(hit?.title).toBe('Scaling Laws for Data Pruning in Reinforcement Learning from Human Feedback');

    const stats = await runPapers(['stats', '--json'], env);
    const { recentIngestRuns } = JSON.parse(stats.stdout) as { recentIngestRuns: { source: string; skipped: number }[] };
    expect(recentIngestRuns.map((r) => [r.source, r.skipped])).toEqual([
      ['arxiv', 0],
      ['hf', 1],
    ]);
  });

  it('exits 1 and says why when an upstream keeps failing, keeping what other sources brought', async () => {
    const { hf, env } = await setup();
    hf.script({ kind: 'status', status: 503, times: Number.POSITIVE_INFINITY });
    const result = await runPapers(['ingest', '--date', DAY], { ...env, HTTP_MAX_ATTEMPTS: '1' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^hf 2026-01-06\.\.2026-01-06: 0 fetched.*FAILED: 2026-01-06: .*HTTP 503/m);
    expect(result.stdout).toMatch(/^arxiv 2026-01-06\.\.2026-01-06: 1 fetched, 1 new/m);
  });

  it('with the sources unreachable, prints one line per source and nothing else, and exits 1 at once', async () => {
    const { env } = await setup();
    // A port nothing listens on refuses the connection: not retried like a 503. LOG_LEVEL unset: the command's default.
    const closed = `http://127.0.0.1:${await freePort()}`;
    const unreachable = { ...env, HF_API_URL: closed, ARXIV_API_URL: `${closed}/api/query`, LOG_LEVEL: undefined };
    const result = await runPapers(['ingest', '--date', DAY], unreachable);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^hf 2026-01-06\.\.2026-01-06: 0 fetched.*FAILED: 2026-01-06: cannot reach 127\.0\.0\.1:\d+: .*refused/);
    expect(lines[1]).toMatch(/^arxiv 2026-01-06\.\.2026-01-06: 0 fetched.*FAILED: .*cannot reach 127\.0\.0\.1:\d+/);
    expect(result.stderr).toBe('');
  });

  it('Ctrl-C stops a hanging ingest, records the run, and the next run is not blocked', async () => {
    const { hf, env } = await setup();
    hf.script({ kind: 'hang', times: 1 });
    const { child, result } = startPapers(['ingest', '--source', 'hf', '--date', DAY], { ...env, HTTP_TIMEOUT_MS: '600000' });
    await hf.waitForRequests(1);
    child.kill('SIGINT');
    const stopped = await result;
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toMatch(/FAILED: 2026-01-06: stopped before the request finished/);
    const again = await runPapers(['ingest', '--source', 'hf', '--date', DAY], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/3 fetched, 2 new/);
  });
});
