// A digest as Slack Block Kit messages: per paper a section (numbered title linking to its Hugging Face page,
// authors, one line of summary, thumbnail), a context line (upvotes, stars, topics) and buttons (its links, and
// Similar: the papers most like it, answered to whoever presses it), split across
// messages so that every message stays inside Slack's limits and the order is kept. The words mirror Discord's
// rendering (digest-messages.ts). Pure: the messenger sends what this returns.
import type { DigestItem } from '../../core/digest/digest-item.js';
import { compactCount, digestHeadline, digestIntroLines, emptyDigestText, trendingDaysLabel } from '../../core/digest/digest-text.js';
import type { Digest } from '../../core/digest/digest.js';
import { cutText, escapeMrkdwn, escapeSlackText, isWebUrl, slackLink } from './slack-text.js';

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
  buttonValue: 2000,
  actionId: 255,
  imageUrl: 3000,
  altText: 2000,
  fallbackText: 4000,
} as const;

export interface PlainText {
  type: 'plain_text';
  text: string;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  /** true: Slack links no bare URL or #channel and parses no @mention in the text; `<…>` forms still work. */
  verbatim?: boolean;
}

export interface ImageElement {
  type: 'image';
  image_url: string;
  alt_text: string;
}

export interface LinkButton {
  type: 'button';
  text: PlainText;
  url: string;
  action_id: string;
}

/** A button that sends the bot a block_actions interaction; `value` says what it is about (a paper's id). */
export interface ActionButton {
  type: 'button';
  text: PlainText;
  action_id: string;
  value: string;
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}

export interface SectionBlock {
  type: 'section';
  text: MrkdwnText;
  accessory?: ImageElement;
}

export interface ContextBlock {
  type: 'context';
  elements: MrkdwnText[];
}

export interface ActionsBlock {
  type: 'actions';
  elements: (LinkButton | ActionButton)[];
}

export interface DividerBlock {
  type: 'divider';
}

export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock | DividerBlock;

export interface SlackMessage {
  /** The notification (and screen reader) text: plain words, escaped, short. */
  text: string;
  blocks: SlackBlock[];
}

// Budgets of a paper's section text, in escaped characters: together (with the link's URL and syntax) under the
// section's 3000, so the cut that guards the whole never falls inside the link.
const TITLE_MAX = 300;
const LINK_URL_MAX = 600;
const AUTHORS_MAX = 500;
const SUMMARY_MAX = 1500;
const TOPICS_MAX = 1000;

/** A mrkdwn text object of upstream words: verbatim, so no bare `@here`, URL or #channel in them is parsed. */
function mrkdwn(text: string): MrkdwnText {
  return { type: 'mrkdwn', text, verbatim: true };
}

function sectionOf(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(cutText(text, SLACK_LIMITS.sectionText)) };
}

function headerOf(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: cutText(escapeSlackText(text), SLACK_LIMITS.headerText) } };
}

function paperSection(item: DigestItem, position: number, thumbnails: boolean): SectionBlock {
  // A URL too long for the budget is no link (slackLink then gives the title alone).
  const url = item.links.paper.length <= LINK_URL_MAX ? item.links.paper : '';
  const lines = [
    `*${slackLink(url, `${position}. ${item.title}`, TITLE_MAX)}*`,
    cutText(escapeMrkdwn(item.authors), AUTHORS_MAX),
    cutText(escapeMrkdwn(item.summary), SUMMARY_MAX),
  ];
  const section = sectionOf(lines.filter((line) => line !== '').join('\n'));
  const thumbnail = item.thumbnail;
  // Slack fetches the image itself when the message is posted (and refuses the message when it cannot: hence the
  // option to leave thumbnails out); only https, so no one on the way can see or swap it.
  if (thumbnails && thumbnail !== null && thumbnail.length <= SLACK_LIMITS.imageUrl && isWebUrl(thumbnail, { httpsOnly: true })) {
    section.accessory = { type: 'image', image_url: thumbnail, alt_text: 'Paper thumbnail' };
  }
  return section;
}

function paperContext(item: DigestItem): ContextBlock {
  const facts = [`▲ ${item.upvotes}`];
  if (item.links.code !== null && item.githubStars !== null) facts.push(`★ ${compactCount(item.githubStars)}`);
  if (item.topics.length > 0) facts.push(`topics: ${cutText(escapeMrkdwn(item.topics.join(', ')), TOPICS_MAX)}`);
  return { type: 'context', elements: facts.slice(0, SLACK_LIMITS.contextElements).map((fact) => mrkdwn(fact)) };
}

/** Every Similar button's action_id starts so (the bot listens for it); the rest keeps ids unique in a message. */
export const SIMILAR_ACTION_PREFIX = 'papers-similar-';
export const SIMILAR_ACTION = /^papers-similar-/;

/** The Similar button of a paper; null when its id could not be the button's value. */
export function similarButton(paperId: string, key: string): ActionButton | null {
  const actionId = `${SIMILAR_ACTION_PREFIX}${key}`;
  if (paperId === '' || paperId.length > SLACK_LIMITS.buttonValue || actionId.length > SLACK_LIMITS.actionId) return null;
  return { type: 'button', text: { type: 'plain_text', text: 'Similar' }, action_id: actionId, value: paperId };
}

/**
 * Link buttons for the links the paper has that are plain http(s), then its Similar button: five at most, far
 * under an actions block's 25. `key` makes their action_ids unique in the digest.
 */
function paperButtons(item: DigestItem, key: string): (LinkButton | ActionButton)[] {
  const links: [string, string, string | null][] = [
    ['hf', 'HF', item.links.paper],
    ['arxiv', 'arXiv', item.links.arxiv],
    ['pdf', 'PDF', item.links.pdf],
    ['code', 'code', item.links.code],
  ];
  const linkButtons = links.flatMap(([id, label, url]): LinkButton[] =>
    url === null || url.length > SLACK_LIMITS.buttonUrl || !isWebUrl(url)
      ? []
      : [{ type: 'button', text: { type: 'plain_text', text: label }, url, action_id: `${key}-${id}` }],
  );
  const similar = similarButton(item.id, key);
  return similar === null ? linkButtons : [...linkButtons, similar];
}

function paperBlocks(item: DigestItem, position: number, key: string, thumbnails: boolean): SlackBlock[] {
  const blocks: SlackBlock[] = [paperSection(item, position, thumbnails), paperContext(item)];
  const buttons = paperButtons(item, key).slice(0, SLACK_LIMITS.actionsElements);
  // An actions block needs at least one element.
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return blocks;
}

interface Section {
  heading: string;
  items: DigestItem[];
}

function sectionsOf(digest: Digest): Section[] {
  const sections: Section[] = [];
  if (digest.trending.length > 0) {
    sections.push({ heading: `*Trending on Daily Papers (${trendingDaysLabel(digest.window.trendingDays)})*`, items: digest.trending });
  }
  for (const topic of digest.topics) {
    if (topic.items.length === 0) continue;
    const name = escapeMrkdwn(topic.topic);
    const more = topic.more > 0 ? ` (+${topic.more} more: /papers search ${name})` : '';
    // A topic's items name it in the heading; their own context lines keep only the other topics they match.
    const items = topic.items.map((item) => ({ ...item, topics: item.topics.filter((t) => t !== topic.topic) }));
    // The topic stays outside the bold: an inert marker at its end must not sit against the closing `*`.
    sections.push({ heading: `*Your topic:* ${name}${more}`, items });
  }
  return sections;
}

/** Papers in the digest, across its sections. */
function paperCount(digest: Digest): number {
  return digest.trending.length + digest.topics.reduce((n, topic) => n + topic.items.length, 0);
}

/**
 * Consecutive runs of blocks that must share a message (a paper's blocks, its section's heading with the first of
 * them) packed in order into as few messages as Slack's block limit allows. A divider that would open a message
 * is dropped: it only separates sections within one.
 */
function packed(units: readonly SlackBlock[][]): SlackBlock[][] {
  const messages: SlackBlock[][] = [];
  let current: SlackBlock[] = [];
  for (const unit of units) {
    if (current.length > 0 && current.length + unit.length > SLACK_LIMITS.blocksPerMessage) {
      messages.push(current);
      current = [];
    }
    current.push(...(current.length === 0 && unit[0]?.type === 'divider' ? unit.slice(1) : unit));
  }
  if (current.length > 0) messages.push(current);
  return messages;
}

/**
 * The digest's messages, in order. The first opens with the headline (left out inside a thread, whose header
 * message already says it); each section opens with its heading, and numbers its papers from 1 across messages.
 * `thumbnails: false` leaves the images out, for a retry after Slack could not fetch one.
 */
export function digestBlockMessages(digest: Digest, options: { headline?: boolean; thumbnails?: boolean } = {}): SlackMessage[] {
  const withHeadline = options.headline ?? true;
  const thumbnails = options.thumbnails ?? true;
  const headline = digestHeadline(digest);
  if (digest.empty) {
    const empty = emptyDigestText(digest);
    return [
      {
        text: cutText(escapeSlackText(`${headline} · ${empty}`), SLACK_LIMITS.fallbackText),
        blocks: [headerOf(headline), sectionOf(escapeSlackText(empty))],
      },
    ];
  }
  const units: SlackBlock[][] = [];
  for (const [index, section] of sectionsOf(digest).entries()) {
    for (const [i, item] of section.items.entries()) {
      const unit = paperBlocks(item, i + 1, `s${index}-p${i + 1}`, thumbnails);
      if (i === 0) unit.unshift(...(index > 0 ? [{ type: 'divider' } as const] : []), sectionOf(section.heading));
      units.push(unit);
    }
  }
  // The first message opens with the headline, then the person's topics and the notes about empty parts.
  const intro = digestIntroLines(digest);
  if (intro.length > 0) units[0]?.unshift(sectionOf(escapeSlackText(intro.join('\n'))));
  if (withHeadline) units[0]?.unshift(headerOf(headline));
  const messages = packed(units);
  const count = paperCount(digest);
  const summary = escapeSlackText(`${headline} · ${count} paper${count === 1 ? '' : 's'}`);
  return messages.map((blocks, part) => ({
    text: cutText(messages.length === 1 ? summary : `${summary} (${part + 1}/${messages.length})`, SLACK_LIMITS.fallbackText),
    blocks,
  }));
}

/**
 * The one line a thread-laid-out digest puts in the channel, in Discord's words; the papers follow in a thread
 * under it. An empty digest is only this line (there is nothing to put in a thread).
 */
export function slackThreadHeader(digest: Digest): SlackMessage {
  const headline = escapeSlackText(digestHeadline(digest));
  let rest: string;
  if (digest.empty) rest = escapeSlackText(emptyDigestText(digest));
  else {
    const count = paperCount(digest);
    const topics = digest.topics.filter((t) => t.items.length > 0).length;
    const parts = [`${count} paper${count === 1 ? '' : 's'}`];
    if (digest.trending.length > 0) parts.push(`${digest.trending.length} trending`);
    if (topics > 0) parts.push(`${topics} topic${topics === 1 ? '' : 's'}`);
    rest = `${parts.join(', ')} · in the thread below`;
  }
  return {
    text: cutText(`${headline} · ${rest}`, SLACK_LIMITS.fallbackText),
    blocks: [sectionOf(`*${headline}* · ${rest}`)],
  };
}
