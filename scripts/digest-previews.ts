// The README's example digest, as Discord and Slack show it: a fixed sample Digest rendered by the real platform
// code (the same payloads the bot posts), then drawn as text. Generated, so the example cannot drift from the bot.
import type { Digest } from '../src/core/digest/digest.js';
import type { DigestItem } from '../src/core/digest/digest-item.js';
import { digestMessages, type DiscordMessage } from '../src/platforms/discord/digest-messages.js';
import { digestBlockMessages, type SlackMessage } from '../src/platforms/slack/digest-blocks.js';

function examplePaper(n: number, title: string, authors: string, summary: string, upvotes: number, stars: number | null): DigestItem {
  const id = `2611.${String(n).padStart(5, '0')}`;
  return {
    id,
    title,
    links: {
      paper: `https://huggingface.co/papers/${id}`,
      arxiv: `https://arxiv.org/abs/${id}`,
      pdf: `https://arxiv.org/pdf/${id}`,
      code: stars === null ? null : `https://github.com/example/paper-${n}`,
    },
    githubStars: stars,
    upvotes,
    authors,
    summary,
    thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${id}.png`,
    topics: [],
  };
}

/** Monday's digest: Friday to Sunday on Daily Papers, and the channel's topic `rlhf`. */
export const EXAMPLE_DIGEST: Digest = {
  date: '2026-11-30',
  window: { start: '2026-11-27T09:00:00.000Z', end: '2026-11-30T09:00:00.000Z', trendingDays: ['2026-11-27', '2026-11-28', '2026-11-29'] },
  trending: [
    examplePaper(
      1101,
      'Sparse Attention at Scale',
      'Ada Lovelace, Ben Sample, Chen Wu et al.',
      'Sparse attention matches dense attention on long-context benchmarks at a tenth of the compute.',
      142,
      1250,
    ),
    {
      ...examplePaper(
        1102,
        'Reward Models That Know When They Are Wrong',
        'Eve Park, Femi Ade',
        'Calibrated reward models cut reward hacking in RLHF by a third.',
        97,
        null,
      ),
      topics: ['rlhf'],
    },
  ],
  topics: [
    {
      topic: 'rlhf',
      items: [
        examplePaper(1103, 'Preference Data at Low Cost', 'Gus Li', 'Synthetic preference pairs reach 94% of human-label quality.', 12, 88),
      ],
      more: 2,
    },
  ],
  empty: false,
};

/** Discord's markdown as it reads on screen: bold markers and escapes gone. */
const discordShown = (text: string) => text.replace(/\*\*/g, '').replace(/\\(.)/g, '$1');

export function discordPreview(messages: readonly DiscordMessage[]): string {
  const lines: string[] = [];
  for (const message of messages) {
    if (lines.length > 0) lines.push('');
    lines.push(...discordShown(message.content).split('\n'));
    for (const embed of message.embeds) {
      lines.push(`┃ ${discordShown(embed.title)}${embed.thumbnail === undefined ? '' : '   [thumbnail]'}`);
      lines.push(
        ...discordShown(embed.description)
          .split('\n')
          .map((line) => `┃ ${line}`),
      );
      if (embed.footer !== undefined) lines.push(`┃ ${embed.footer.text}`);
    }
    for (const row of message.components) lines.push(row.components.map((button) => `[${button.label}]`).join(' '));
  }
  return lines.join('\n');
}

/** Slack's mrkdwn as it reads on screen: `<url|text>` shows its text, `*bold*` its words, entities decoded. */
const slackShown = (text: string) =>
  text
    .replace(/<[^|>]+\|([^>]+)>/g, '$1')
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function slackPreview(messages: readonly SlackMessage[]): string {
  const lines: string[] = [];
  for (const message of messages) {
    if (lines.length > 0) lines.push('');
    for (const block of message.blocks) {
      if (block.type === 'header') lines.push(block.text.text);
      else if (block.type === 'section') {
        const [first = '', ...rest] = slackShown(block.text.text).split('\n');
        lines.push(`${first}${block.accessory === undefined ? '' : '   [thumbnail]'}`, ...rest);
      } else if (block.type === 'context') lines.push(block.elements.map((element) => slackShown(element.text)).join('   '));
      else if (block.type === 'actions') lines.push(block.elements.map((button) => `[${button.text.text}]`).join(' '));
      else lines.push('─'.repeat(40));
    }
  }
  return lines.join('\n');
}

export const discordExample = () => ['```', discordPreview(digestMessages(EXAMPLE_DIGEST)), '```'].join('\n');
export const slackExample = () => ['```', slackPreview(digestBlockMessages(EXAMPLE_DIGEST)), '```'].join('\n');
