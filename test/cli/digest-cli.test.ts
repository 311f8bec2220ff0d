// `papers digest` previews and `papers subscribe|topics|unsubscribe` for operators, run as the real executable
// on a store filled from the bundled sample (53 real papers, mostly one Daily Papers paper a day, on days scattered
// from 2021 to April 2026).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Digest } from '../../src/core/digest/digest.js';
import { runPapers } from '../helpers/run-cli.js';
import { BUNDLED_SAMPLE } from '../helpers/bundled-sample.js';
import { tempDir } from '../helpers/temp-store.js';

describe('papers digest / subscribe / topics / unsubscribe', () => {
  const dir = tempDir();
  const env = { DATABASE_URL: join(dir, 'papers.db') };
  beforeAll(async () => {
    expect((await runPapers(['import', BUNDLED_SAMPLE], env)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("previews Monday's digest with the weekend rolled up, as JSON and as text", async () => {
    const json = await runPapers(['digest', '--target', 'console', '--date', '2026-03-16', '--json'], env);
    expect(json.code).toBe(0);
    const digest = JSON.parse(json.stdout) as Digest;
    expect(digest.date).toBe('2026-03-16');
    // Default schedule, Monday to Friday 09:00 UTC: the window runs from Friday's digest to Monday's.
    expect(digest.window).toEqual({
      start: '2026-03-13T09:00:00.000Z',
      end: '2026-03-16T09:00:00.000Z',
      trendingDays: ['2026-03-13', '2026-03-14', '2026-03-15'],
    });
    expect(digest.trending.map((i) => i.id)).toEqual(['2603.14769', '2603.19311']);
    expect(digest.trending[0]).toMatchObject({
      title: 'POLCA: Stochastic Generative Optimization with LLM',
      links: { pdf: 'https://arxiv.org/pdf/2603.14769' },
    });
    expect(digest.empty).toBe(false);

    const text = await runPapers(['digest', '--target', 'console', '--date', '2026-03-16'], env);
    expect(text.stdout).toMatch(
      /^Papers digest for Monday, 16 March 2026\n\nTrending on Daily Papers \(Fri 13 Mar to Sun 15 Mar\)\n 1\. POLCA/,
    );
  });

  it('says so when a day had nothing on Daily Papers', async () => {
    const result = await runPapers(['digest', '--target', 'console', '--date', '2026-03-12'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Nothing new: no papers on Daily Papers for Wed 11 Mar; no topics are followed here (/papers subscribe TOPIC adds one).',
    );
  });

  it('manages a target’s topics, and a topic shows up in the preview under its name', async () => {
    const subscribe = await runPapers(['subscribe', '--target', 'console', 'cuda', 'kernels'], env);
    expect(subscribe).toMatchObject({ code: 0 });
    expect(subscribe.stdout).toContain('Subscribed this channel to "cuda kernels".');
    const again = await runPapers(['subscribe', '--target', 'console', 'CUDA  Kernels'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already follows');

    const topics = await runPapers(['topics', '--target', 'console', '--json'], env);
    expect((JSON.parse(topics.stdout) as { topic: string }[]).map((t) => t.topic)).toEqual(['cuda kernels']);

    // Tuesday 10 March: Monday's paper is trending; the CUDA paper of Saturday 7 March is new for the topic.
    const preview = JSON.parse(
      (await runPapers(['digest', '--target', 'console', '--date', '2026-03-10', '--json'], env)).stdout,
    ) as Digest;
    expect(preview.trending.map((i) => i.id)).toEqual(['2603.08239']);
    expect(preview.topics).toEqual([
      { topic: 'cuda kernels', items: [expect.objectContaining({ id: '2603.07169', topics: ['cuda kernels'] })], more: 0 },
    ]);

    const removed = await runPapers(['unsubscribe', '--target', 'console', 'cuda kernels'], env);
    expect(removed).toMatchObject({ code: 0 });
    const missing = await runPapers(['unsubscribe', '--target', 'console', 'cuda kernels'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('This channel does not follow "cuda kernels". This channel follows no topics.');
  });

  it('answers bad input with exit code 2 and one line', async () => {
    const cases: [string[], RegExp][] = [
      [['digest', '--target', 'discord'], /"discord" is not a target\. Use console, console:me, PLATFORM:WORKSPACE:CHANNEL/],
      [['digest', '--date', '2026-03-16'], /--target is required/],
      [['digest', '--target', 'console', '--date', '2026-02-30'], /--date must be a calendar day written YYYY-MM-DD/],
      [['subscribe', '--target', 'console', '--', '-vision'], /at least one word/],
      [['subscribe', '--target', 'console'], /Give a topic/],
    ];
    for (const [args, message] of cases) {
      const result = await runPapers(args, env);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });

  it('keeps personal and channel topics apart, and accepts a platform target', async () => {
    expect((await runPapers(['subscribe', '--target', 'console:me', 'mamba'], env)).stdout).toContain('Subscribed you to "mamba"');
    expect((await runPapers(['subscribe', '--target', 'slack:T01:C02', 'rlhf'], env)).code).toBe(0);
    expect((await runPapers(['topics', '--target', 'console:me'], env)).stdout.trim()).toBe('mamba');
    expect((await runPapers(['topics', '--target', 'slack:T01:C02'], env)).stdout.trim()).toBe('rlhf');
    expect((await runPapers(['topics', '--target', 'slack:T01:user:U03'], env)).stdout.trim()).toBe('No topics.');
  });
});
