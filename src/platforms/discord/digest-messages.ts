// A digest as Discord messages: one embed per paper (title linking to its Hugging Face page, authors, one line of
// summary, upvotes and stars, thumbnail) with link buttons and a Similar button, split across messages so that every message stays
// inside Discord's limits and the order is kept. Pure: the messenger sends what this returns.
import type { DigestItem } from '../../core/digest/digest-item.js';
import { compactCount, digestHeadline, digestIntroLines, emptyDigestText, trendingDaysLabel } from '../../core/digest/digest-text.js';
import type { Digest } from '../../core/digest/digest.js';
import { similarButton, type DiscordActionButton } from './similar-buttons.js';
import { cut } from './text-limit.js';

export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  footer: 2048,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  buttonLabel: 80,
  url: 512,
  threadName: 100,
} as const;

/**
 * Papers per message: each gets a row of buttons (at most four links, HF, arXiv, PDF and code, then Similar: five,
 * a full row), and a message has at most five rows.
 */
export const PAPERS_PER_MESSAGE = LIMITS.rowsPerMessage;

export interface DiscordEmbed {
  title: string;
  url: string;
  description: string;
  footer?: { text: string };
  thumbnail?: { url: string };
  color?: number;
}

export interface DiscordLinkButton {
  type: 2;
  style: 5;
  label: string;
  url: string;
}

export interface DiscordMessage {
  content: string;
  embeds: DiscordEmbed[];
  components: { type: 1; components: (DiscordLinkButton | DiscordActionButton)[] }[];
}

const TRENDING_COLOR = 0xffd21e;
const TOPIC_COLOR = 0x5865f2;

/** Markdown that would render (or link, or hide text) in Discord, neutralised: upstream text is shown as typed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|>[\]()#-])/g, '\\$1');
}

function embedOf(item: DigestItem, position: number, color: number): DiscordEmbed {
  const facts = [`▲ ${item.upvotes}`];
  if (item.links.code !== null && item.githubStars !== null) facts.push(`★ ${compactCount(item.githubStars)}`);
  if (item.topics.length > 0) facts.push(`topics: ${item.topics.join(', ')}`);
  const embed: DiscordEmbed = {
    title: cut(`${position}. ${escapeMarkdown(item.title)}`, LIMITS.title),
    url: item.links.paper,
    description: cut(`${escapeMarkdown(item.authors)}\n${escapeMarkdown(item.summary)}`, LIMITS.description),
    footer: { text: cut(facts.join(' · '), LIMITS.footer) },
    color,
  };
  if (item.thumbnail !== null && item.thumbnail.length <= LIMITS.url) embed.thumbnail = { url: item.thumbnail };
  return embed;
}

/** The paper's link buttons, then its Similar button (answered privately to whoever presses it). */
function buttonsOf(item: DigestItem, position: number): (DiscordLinkButton | DiscordActionButton)[] {
  const links: [string, string | null][] = [
    ['HF', item.links.paper],
    ['arXiv', item.links.arxiv],
    ['PDF', item.links.pdf],
    ['code', item.links.code],
  ];
  const linkButtons = links.flatMap(([label, url]): DiscordLinkButton[] =>
    url === null || url.length > LIMITS.url || !/^https?:\/\//.test(url)
      ? []
      : [{ type: 2, style: 5, label: cut(`${position} · ${label}`, LIMITS.buttonLabel), url }],
  );
  const similar = similarButton(item.id, position);
  return similar === null ? linkButtons : [...linkButtons, similar];
}

function embedSize(embed: DiscordEmbed): number {
  return embed.title.length + embed.description.length + (embed.footer?.text.length ?? 0);
}

/** Consecutive embeds grouped into messages: at most PAPERS_PER_MESSAGE each, and within the embed total. */
function groupsWithinLimits(embeds: readonly DiscordEmbed[]): number[][] {
  const groups: number[][] = [];
  let size = 0;
  for (const [i, embed] of embeds.entries()) {
    const current = groups.at(-1);
    if (
      current === undefined ||
      current.length >= Math.min(PAPERS_PER_MESSAGE, LIMITS.embedsPerMessage) ||
      size + embedSize(embed) > LIMITS.embedTotal
    ) {
      groups.push([i]);
      size = embedSize(embed);
    } else {
      current.push(i);
      size += embedSize(embed);
    }
  }
  return groups;
}

interface Section {
  heading: string;
  items: DigestItem[];
  color: number;
}

const SHORT_DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Papers in the digest, across its sections. */
function paperCount(digest: Digest): number {
  return digest.trending.length + digest.topics.reduce((n, topic) => n + topic.items.length, 0);
}

/**
 * The one line a thread-laid-out digest puts in the channel; the papers follow in a thread under it. An empty
 * digest is only this line (there is nothing to put in a thread).
 */
export function threadHeader(digest: Digest): DiscordMessage {
  const headline = `**${digestHeadline(digest)}**`;
  if (digest.empty) return { content: cut(`${headline} · ${emptyDigestText(digest)}`, LIMITS.content), embeds: [], components: [] };
  const count = paperCount(digest);
  const topics = digest.topics.filter((t) => t.items.length > 0).length;
  const parts = [`${count} paper${count === 1 ? '' : 's'}`];
  if (digest.trending.length > 0) parts.push(`${digest.trending.length} trending`);
  if (topics > 0) parts.push(`${topics} topic${topics === 1 ? '' : 's'}`);
  return { content: cut(`${headline} · ${parts.join(', ')} · in the thread below`, LIMITS.content), embeds: [], components: [] };
}

/** The name of the thread a digest's papers go into: short, and tells one day from another. */
export function threadName(digest: Digest): string {
  return cut(`Papers digest · ${SHORT_DAY.format(new Date(`${digest.date}T00:00:00Z`))}`, LIMITS.threadName);
}

/**
 * The digest's messages, in order. The first carries the headline (left out inside a thread, whose header
 * message already says it) and what the digest says about itself; each section starts a new message.
 */
export function digestMessages(digest: Digest, options: { headline?: boolean } = {}): DiscordMessage[] {
  const withHeadline = options.headline ?? true;
  const headline = `**${digestHeadline(digest)}**`;
  if (digest.empty) return [{ content: cut(`${headline}\n${emptyDigestText(digest)}`, LIMITS.content), embeds: [], components: [] }];
  const sections: Section[] = [];
  if (digest.trending.length > 0) {
    sections.push({
      heading: `Trending on Daily Papers (${trendingDaysLabel(digest.window.trendingDays)})`,
      items: digest.trending,
      color: TRENDING_COLOR,
    });
  }
  for (const topic of digest.topics) {
    if (topic.items.length === 0) continue;
    const more = topic.more > 0 ? ` (+${topic.more} more: /papers search ${escapeMarkdown(topic.topic)})` : '';
    // A topic's items name it in the heading; their own footers keep only the other topics they match.
    const items = topic.items.map((item) => ({ ...item, topics: item.topics.filter((t) => t !== topic.topic) }));
    sections.push({ heading: `Your topic: ${escapeMarkdown(topic.topic)}${more}`, items, color: TOPIC_COLOR });
  }

  // The first message opens with the headline, then the person's topics and the notes about empty parts.
  const opening = [...(withHeadline ? [headline] : []), ...digestIntroLines(digest).map(escapeMarkdown)];
  const messages: DiscordMessage[] = [];
  for (const [index, section] of sections.entries()) {
    const papers = section.items.map((item, i) => ({ embed: embedOf(item, i + 1, section.color), buttons: buttonsOf(item, i + 1) }));
    for (const [part, group] of groupsWithinLimits(papers.map((p) => p.embed)).entries()) {
      const heading = part > 0 ? '' : [...(index === 0 ? opening : []), `**${section.heading}**`].join('\n');
      messages.push({
        content: cut(heading, LIMITS.content),
        embeds: group.map((i) => papers[i]?.embed).filter((e): e is DiscordEmbed => e !== undefined),
        components: group.flatMap((i) => {
          const buttons = papers[i]?.buttons ?? [];
          return buttons.length === 0 ? [] : [{ type: 1 as const, components: buttons.slice(0, LIMITS.buttonsPerRow) }];
        }),
      });
    }
  }
  return messages;
}
