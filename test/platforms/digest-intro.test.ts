// Discord and Slack say what the console says about a digest before its papers: a person's digest names their
// topics and how many new papers they brought, and a partly empty digest says which part is empty and why.
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/core/digest/digest.js';
import { digestWindow } from '../../src/core/digest/digest-window.js';
import { defaultSettings } from '../../src/core/targets/target.js';
import { digestMessages } from '../../src/platforms/discord/digest-messages.js';
import { digestBlockMessages } from '../../src/platforms/slack/digest-blocks.js';
import { storedPaper } from '../helpers/stored-paper.js';

const window = digestWindow(defaultSettings('channel'), new Date('2026-01-13T09:00:00Z'), null);
const listed = storedPaper({ id: '2601.20001', dailyDate: '2026-01-12', upvotes: 3, title: 'Listed but quiet' });
const popular = storedPaper({ id: '2601.20002', dailyDate: '2026-01-12', upvotes: 40, title: 'Reward models for RLHF' });

function digestOf(audience: 'person' | 'channel', minUpvotes: number) {
  const { digest } = buildDigest({
    date: '2026-01-13',
    window,
    size: audience === 'person' ? 0 : 10,
    minUpvotes,
    trendingCandidates: [listed, popular].filter((p) => p.upvotes >= minUpvotes),
    topicMatches: [
      { topic: 'rlhf', papers: [popular] },
      { topic: 'quantization', papers: [] },
    ],
    alreadyDelivered: new Set<string>(),
    audience,
  });
  if (digest.context !== undefined) digest.context.listed = { all: 2, belowFloor: 2 };
  return digest;
}

/** Every text a Slack message's blocks show, in order. */
function slackTexts(blocks: unknown[]): string {
  return JSON.stringify(blocks.map((b) => (b as { text?: { text?: string } }).text?.text ?? null));
}

describe('what a digest says before its papers, on the chat platforms', () => {
  it('a person’s digest: their topics and count first, then the topics with nothing new (Discord and Slack)', () => {
    const digest = digestOf('person', 0);
    const discord = digestMessages(digest)[0]?.content ?? '';
    const [headline, topics, quiet, heading] = discord.split('\n');
    expect(headline).toMatch(/^\*\*.+\*\*$/);
    expect(topics).toBe('Your topics: rlhf, quantization — 1 new paper');
    expect(quiet).toMatch(/^No new papers since .+ on: quantization\.$/);
    expect(heading).toBe('**Your topic: rlhf**');
    expect(discord).not.toContain('Daily Papers');
    const slack = slackTexts(digestBlockMessages(digest)[0]?.blocks ?? []);
    expect(slack).toContain('Your topics: rlhf, quantization — 1 new paper\\nNo new papers since');
    expect(slack).not.toContain('Daily Papers');
  });

  it('a channel’s digest with its trending part emptied by the upvote floor says so, and why', () => {
    const digest = digestOf('channel', 50);
    expect(digest.trending).toHaveLength(0);
    const note = "No trending papers: the 2 papers on Daily Papers for Mon 12 Jan are all under this channel's upvote floor of 50";
    const discord = digestMessages(digest)[0]?.content ?? '';
    // Discord's text is escaped markdown: parentheses and such carry a backslash.
    expect(discord.replace(/\\/g, '')).toContain(note);
    expect(discord).not.toContain('Your topics:');
    expect(slackTexts(digestBlockMessages(digest)[0]?.blocks ?? [])).toContain(note);
  });

  it('a digest with nothing to add opens with its headline and first section directly', () => {
    const { digest } = buildDigest({
      date: '2026-01-13',
      window,
      size: 10,
      minUpvotes: 0,
      trendingCandidates: [listed, popular],
      topicMatches: [],
      alreadyDelivered: new Set<string>(),
    });
    expect(digestMessages(digest)[0]?.content).toMatch(/^\*\*.+\*\*\n\*\*Trending on Daily Papers \(Mon 12 Jan\)\*\*$/);
  });
});
