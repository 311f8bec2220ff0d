// /papers digest never contradicts itself: an empty digest (or section) says why it is empty (the upvote floor,
// nothing listed, papers sent before, no topic matched, naming the topics), and a person's digest speaks of their
// topics, not of Daily Papers days. On the bundled sample, whose latest Daily Papers day is Fri 17 Apr 2026.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/command.js';
import { buildDigest } from '../../src/core/digest/digest.js';
import { digestText, emptyDigestText } from '../../src/core/digest/digest-text.js';
import { digestWindow } from '../../src/core/digest/digest-window.js';
import { importFile } from '../../src/app/import-files.js';
import { defaultSettings } from '../../src/core/targets/target.js';
import { answerConsoleLine, CONSOLE_CALLER } from '../../src/platforms/console/console-bot.js';
import { BUNDLED_SAMPLE } from '../helpers/bundled-sample.js';
import { storedPaper } from '../helpers/stored-paper.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

/** A Monday an hour after the default 09:00 run: the window holds no whole day, so the preview shows Fri 17 Apr. */
const NOW = new Date('2026-04-20T10:00:00Z');

let temp: TempStore;
let context: CommandContext;
beforeEach(async () => {
  temp = await createTempStore();
  await importFile(temp.store, BUNDLED_SAMPLE, NOW);
  context = { store: temp.store, now: () => NOW, caller: CONSOLE_CALLER };
});
afterEach(async () => temp.cleanup());

async function say(line: string): Promise<string> {
  return (await answerConsoleLine(line, context)) ?? '';
}

describe('an empty channel digest says why', () => {
  it('names the upvote floor that removed the day’s papers, and how to change it', async () => {
    const before = await say('/papers digest');
    expect(before).toContain('Trending on Daily Papers (Fri 17 Apr)');
    await say('/papers settings min-upvotes 5');
    const text = await say('/papers digest');
    expect(text).toContain(
      "Nothing new: the 2 papers on Daily Papers for Fri 17 Apr are all under this channel's upvote floor of 5 (/papers settings min-upvotes 0 removes it); no topics are followed here (/papers subscribe TOPIC adds one).",
    );
    expect(text).not.toContain('no papers on Daily Papers');
  });

  it('says why the trending section is empty when the topics still have papers', async () => {
    await say('/papers settings min-upvotes 5');
    await say('/papers subscribe quantization');
    const text = await say('/papers digest');
    expect(text).toContain(
      "No trending papers: the 2 papers on Daily Papers for Fri 17 Apr are all under this channel's upvote floor of 5 (/papers settings min-upvotes 0 removes it).",
    );
    expect(text).toMatch(/Topic: quantization\n 1\. Beyond Outliers/);
    expect(text).not.toContain('Nothing new');
  });
});

describe('a personal digest speaks of the person’s topics', () => {
  it('with nothing new, names the topics that matched nothing and since when, never Daily Papers', async () => {
    await say('/papers subscribe me rlhf');
    const text = await say('/papers digest me');
    expect(text).toContain('Nothing new: none of your topics (rlhf) matched a new paper since Fri 17 Apr.');
    expect(text).not.toContain('Daily Papers');
  });

  it('heads its papers with the topics and the count, and names the topics with nothing new', async () => {
    await say('/papers subscribe me rlhf');
    await say('/papers subscribe me quantization');
    const text = await say('/papers digest me');
    expect(text).toContain('Your topics: rlhf, quantization — 1 new paper\nTopic: quantization\n 1. Beyond Outliers');
    expect(text).toContain('No new papers since Fri 17 Apr on: rlhf.');
    expect(text).not.toContain('Daily Papers');
  });

  it('with no topics at all, says how to follow one', async () => {
    // A person's digest of their own: topics only (size 0) once they have settings.
    await say('/papers settings me time 08:00');
    const text = await say('/papers digest me');
    expect(text).toContain('Nothing new: you follow no topics (/papers subscribe me TOPIC adds one).');
  });
});

describe('the reasons, one by one', () => {
  const window = digestWindow(defaultSettings('channel'), new Date('2026-01-13T09:00:00Z'), null);
  const listed = storedPaper({ id: '2601.20001', dailyDate: '2026-01-12', upvotes: 3 });
  const popular = storedPaper({ id: '2601.20002', dailyDate: '2026-01-12', upvotes: 40 });
  const digestOf = (fields: { minUpvotes?: number; delivered?: string[]; all: number; belowFloor: number; audience?: 'person' }) => {
    const { digest } = buildDigest({
      date: '2026-01-13',
      window,
      size: 10,
      minUpvotes: fields.minUpvotes ?? 0,
      trendingCandidates: [listed, popular].filter((p) => p.upvotes >= (fields.minUpvotes ?? 0)),
      topicMatches: [{ topic: 'rlhf', papers: [popular] }],
      alreadyDelivered: new Set(fields.delivered ?? []),
      ...(fields.audience === undefined ? {} : { audience: fields.audience }),
    });
    // What the collector reads from the store for an empty trending section.
    if (digest.context !== undefined) digest.context.listed = { all: fields.all, belowFloor: fields.belowFloor };
    return digest;
  };

  it('papers sent before, in either section', () => {
    const digest = digestOf({ delivered: [listed.id, popular.id], all: 2, belowFloor: 0 });
    expect(digest.empty).toBe(true);
    expect(emptyDigestText(digest)).toBe(
      'Nothing new: the 2 papers on Daily Papers for Mon 12 Jan were all sent before; none of the topics followed here (rlhf) matched a new paper since Fri 9 Jan (1 paper matching it was sent before).',
    );
  });

  it('some under the floor, the rest sent before; a person is pointed to their own settings', () => {
    const digest = digestOf({ minUpvotes: 10, delivered: [popular.id], all: 2, belowFloor: 1, audience: 'person' });
    expect(emptyDigestText(digest)).toContain(
      'of the 2 papers on Daily Papers for Mon 12 Jan, 1 is under your upvote floor of 10 (/papers settings me min-upvotes 0 removes it) and the rest were sent before',
    );
  });

  it('nothing listed on the days', () => {
    const digest = digestOf({ delivered: [listed.id, popular.id], all: 0, belowFloor: 0 });
    expect(digestText(digest)).toContain('Nothing new: no papers on Daily Papers for Mon 12 Jan; none of the topics followed here (rlhf)');
  });
});
