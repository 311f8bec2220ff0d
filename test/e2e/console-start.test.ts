// `npm start` with no tokens: the console bot on SQLite, driven through piped stdin, as a newcomer (or a script)
// would use it. The sources are local doubles, or unreachable.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { upsertPapers } from '../../src/store/papers-repository.js';
import { ensureTarget, saveTargetSettings } from '../../src/store/targets-repository.js';
import { CONSOLE_CHANNEL } from '../../src/platforms/console/console-bot.js';
import { startArxivDouble, type ArxivDouble } from '../doubles/arxiv-double.js';
import { hfItem, startHfDouble, type HfDouble } from '../doubles/hf-double.js';
import { startConsole, type ConsoleSession } from '../helpers/console-session.js';
import { createTempStore, tempDir } from '../helpers/temp-store.js';
import {
  arxivIdOn,
  dailyScheduleAt,
  HOUR,
  MINUTE,
  startOfMinute,
  utcDayFrom,
  weeklyScheduleThatRan,
  zoneWhereDayIsYoung,
} from '../helpers/test-clock.js';

const UNREACHABLE = 'http://127.0.0.1:9';

describe('npm start: the console bot', () => {
  let session: ConsoleSession | undefined;
  let hf: HfDouble | undefined;
  let arxiv: ArxivDouble | undefined;
  afterEach(async () => {
    session?.kill();
    await hf?.close();
    await arxiv?.close();
    session = hf = arxiv = undefined;
  });

  it('fetches papers on a first start, then answers /papers commands typed one after another', async () => {
    const now = new Date();
    // The channel's digest last ran three days ago (a weekly schedule), so the papers Daily Papers listed two
    // days ago are in the preview's window at any hour, even if the clock passes midnight during the test.
    const schedule = weeklyScheduleThatRan(now, 3, 'Europe/Berlin');
    const listed = utcDayFrom(now, -2);
    const [moe, grasping, weather] = [1, 2, 3].map((n) => arxivIdOn(listed, 7000 + n)) as [string, string, string];
    hf = await startHfDouble();
    hf.setDay(listed, [
      hfItem({
        id: moe,
        day: listed,
        upvotes: 42,
        title: 'Sparse Mixture of Experts for Protein Folding',
        githubRepo: 'https://github.com/lab/moe-fold',
        githubStars: 1234,
      }),
      hfItem({
        id: grasping,
        day: listed,
        upvotes: 7,
        title: 'Diffusion Policies for Robot Grasping',
        aiSummary: 'Diffusion policies grasp unseen objects.',
      }),
    ]);
    // On arXiv only (never on a Daily Papers list), so it can only appear under the topic.
    arxiv = await startArxivDouble({
      entries: [
        {
          id: `${weather}v1`,
          title: 'Latent Diffusion for Weather Forecasting',
          summary: 'We forecast the weather with a latent diffusion model.',
          authors: ['Ada Example'],
          published: new Date(now.getTime() - HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          primaryCategory: 'cs.LG',
          categories: ['cs.LG'],
        },
      ],
    });
    session = startConsole({
      DATABASE_URL: join(tempDir(), 'papers.db'),
      HF_API_URL: hf.url,
      ARXIV_API_URL: arxiv.url,
      HF_REFRESH_DAYS: '3',
      ARXIV_MIN_INTERVAL_MS: '3000',
    });
    await session.waitFor(/papers-bot console/);
    expect(session.output).toContain('Empty store: fetching papers');
    expect(session.output).not.toContain('bundled sample');

    let mark = session.output.length;
    session.send('/papers search protein folding');
    await session.waitFor(/Sparse Mixture of Experts for Protein Folding/, mark);

    mark = session.output.length;
    session.send('/papers subscribe diffusion');
    await session.waitFor(/Subscribed this channel to "diffusion"/, mark);

    mark = session.output.length;
    session.send('/papers subscribe diffusion');
    await session.waitFor(/already follows "diffusion"/, mark);

    mark = session.output.length;
    session.send(`/papers settings time ${schedule.time} tz ${schedule.timeZone} days ${schedule.days}`);
    await session.waitFor(/time +12:00 Europe\/Berlin/, mark);

    mark = session.output.length;
    session.send('/papers digest');
    const out = await session.waitFor(/Trending on Daily Papers[\s\S]*Your topics/, mark);
    const digest = out.slice(mark);
    // Most upvoted first, with links, stars and the summary line; the topic's match is not repeated under it.
    expect(digest.indexOf('Sparse Mixture of Experts')).toBeLessThan(digest.indexOf('Diffusion Policies'));
    expect(digest).toContain(`https://arxiv.org/pdf/${moe}`);
    expect(digest).toContain('code https://github.com/lab/moe-fold (1.2k stars)');
    expect(digest).toContain('[42 upvotes]');
    expect(digest).toMatch(
      /A preview; nothing is used up\. This channel's next digest: \w{3} \d{1,2} \w{3}, 12:00 Europe\/Berlin, UTC\+0[12]:00\./,
    );
    // The trending paper that matches the channel's topic says so; the topic's own section has the other one.
    expect(digest).toMatch(/Diffusion Policies for Robot Grasping[^]*matches your topic: diffusion/);
    expect(digest).toMatch(/Your topics\nTopic: diffusion\n 1\. Latent Diffusion for Weather Forecasting/);

    mark = session.output.length;
    session.send('/papers settings time 9am');
    await session.waitFor(/"9am" is not a time of day\. Use 24-hour HH:MM/, mark);

    session.send('quit');
    expect(await session.exited).toBe(0);
    expect(session.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('loads the bundled sample when the sources cannot be reached, and says so in one line', async () => {
    session = startConsole({
      DATABASE_URL: join(tempDir(), 'papers.db'),
      HF_API_URL: UNREACHABLE,
      ARXIV_API_URL: `${UNREACHABLE}/api/query`,
      HTTP_TIMEOUT_MS: '2000',
    });
    await session.waitFor(/papers-bot console/);
    const sampleLines = session.output.split('\n').filter((line) => line.includes('bundled sample'));
    expect(sampleLines).toEqual(['The paper sources could not be reached, so 53 bundled sample papers were loaded to try the bot with.']);
    // Before the prompt, a sample digest of the sample's most upvoted papers, labelled as such, with real links.
    const sample = session.output.slice(session.output.indexOf('Sample digest (offline)'), session.output.indexOf('papers-bot console'));
    expect(sample).toMatch(/^Sample digest \(offline\): the 5 most upvoted of the 53 bundled papers\n.*not today's/);
    expect(sample).toMatch(
      / 1\. COAT: Compressing Optimizer states and Activation for Memory-Efficient FP8 Training {2}\[5 upvotes\]\n.* · 2024-10-25\n/,
    );
    expect(sample).toContain('HF https://huggingface.co/papers/2410.19313  arXiv https://arxiv.org/abs/2410.19313');
    expect(sample.match(/^ ?\d\. /gm)).toHaveLength(5);

    let mark = session.output.length;
    session.send('/papers digest');
    // The sample's days are long past: the preview shows the latest day in the store, and says so. That day,
    // 17 April 2026, has two papers on Daily Papers.
    await session.waitFor(/showing the latest day in the store, 2026-04-17[\s\S]*Trending on Daily Papers \(Fri 17 Apr\)/, mark);
    await session.waitFor(/Compiler-First State Space Duality and Portable O\(1\) Autoregressive Caching for Inference/, mark);
    await session.waitFor(/Beyond Outliers: A Study of Optimizers Under Quantization[\s\S]*https:\/\/arxiv\.org\/abs\/2509\.23500/, mark);

    // Real papers, with their real authors.
    mark = session.output.length;
    session.send('/papers search author:dettmers');
    await session.waitFor(/1\. 8-bit Optimizers via Block-wise Quantization[\s\S]*https:\/\/huggingface\.co\/papers\/2110\.02861/, mark);
    session.send('quit');
    expect(await session.exited).toBe(0);
  });

  it('prints a digest missed while it was down once, on the same day, and not again after a restart', async () => {
    const { store, path, dir } = await createTempStore();
    const now = new Date();
    // Due five minutes ago, in a zone where that is still today (so the missed digest is not yet over), every day.
    const scheduled = new Date(startOfMinute(now).getTime() - 5 * MINUTE);
    const timeZone = zoneWhereDayIsYoung(scheduled);
    const yesterday = utcDayFrom(scheduled, -1);
    await upsertPapers(
      store,
      [
        {
          source: 'hf',
          id: arxivIdOn(yesterday, 8001),
          title: 'Missed But Not Lost: Digest Recovery',
          dailyDate: yesterday,
          upvotes: 9,
          publishedAt: `${yesterday}T00:00:00.000Z`,
        },
      ],
      now.toISOString(),
    );
    const target = await ensureTarget(store, CONSOLE_CHANNEL, now, 'you');
    const { minuteOfDay, weekdays } = dailyScheduleAt(scheduled, timeZone);
    const settings = { ...target.settings, timeZone, minuteOfDay, weekdays };
    await saveTargetSettings(store, target, settings, now, 'you');
    // As if the bot had been stopped just before the digest was due.
    await store.db.updateTable('targets').set({ next_run_at: scheduled.toISOString() }).where('id', '=', target.id).execute();
    await store.close();
    const env = { DATABASE_URL: path, INGEST_INTERVAL_MINUTES: '0' };

    try {
      session = startConsole(env);
      await session.waitFor(/--- scheduled digest for this console channel ---[\s\S]*Missed But Not Lost[\s\S]*\n---\n/);
      session.send('quit');
      expect(await session.exited).toBe(0);
      expect(session.output.match(/--- scheduled digest/g)).toHaveLength(1);

      // Restarted the same day: the digest is in the ledger as sent, so nothing is printed again.
      session = startConsole(env);
      await session.waitFor(/papers-bot console/);
      const mark = session.output.length;
      session.send('/papers settings');
      await session.waitFor(/Next digest:/, mark);
      session.send('quit');
      expect(await session.exited).toBe(0);
      expect(session.output).not.toContain('--- scheduled digest');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
