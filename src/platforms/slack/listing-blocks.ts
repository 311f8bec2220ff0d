// An answer that lists papers (a search, a similar answer) as Block Kit: each paper its own section with a Similar
// button beside it, the answer's other lines (its header, notes) as sections around them. Pure.
import type { ListedPaper } from '../../../commands/command.js';
import { similarButton, SLACK_LIMITS, type ActionButton, type MrkdwnText } from './digest-blocks.js';
import { cutText, escapeMrkdwn, escapeReplyText, isWebUrl } from './slack-text.js';

export interface ListingSection {
  type: 'section';
  text: MrkdwnText;
  accessory?: ActionButton;
}

/** Verbatim: a bare `@here` or URL in upstream words is not parsed; our own links are written as `<…>`. */
function section(text: string, accessory?: ActionButton): ListingSection {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: cutText(text, SLACK_LIMITS.sectionText), verbatim: true },
    ...(accessory ? { accessory } : {}),
  };
}

/** A paper's lines (upstream words): markers made inert, its link line a link, since verbatim text links nothing. */
function paperMrkdwn(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const url = line.trim();
      return isWebUrl(url) ? `${line.slice(0, line.indexOf(url))}<${url.replace(/&/g, '&amp;')}>` : escapeMrkdwn(line);
    })
    .join('\n');
}

/** Our own lines (a header that may quote a title, notes naming channels as `<#C…>`): escaped, channel links kept. */
function ownMrkdwn(text: string): string {
  return escapeReplyText(text);
}

/**
 * The blocks of an answer listing `papers`, whose texts appear in `text` in order; null when they do not (the
 * answer is then shown as text alone). Within Slack's 50 blocks a message: one for the lines before the papers,
 * one for those after, and one per paper with its Similar button (up to 48); if there are more papers than that,
 * the last block holds the rest without buttons.
 */
export function listingBlocks(text: string, papers: readonly ListedPaper[]): ListingSection[] | null {
  if (papers.length === 0) return null;
  let from = 0;
  const starts: number[] = [];
  for (const paper of papers) {
    const at = paper.text === '' ? -1 : text.indexOf(paper.text, from);
    if (at === -1) return null;
    starts.push(at);
    from = at + paper.text.length;
  }
  const intro = text.slice(0, starts[0]).trim();
  const outro = text.slice(from).trim();
  const room = SLACK_LIMITS.blocksPerMessage - (intro === '' ? 0 : 1) - (outro === '' ? 0 : 1);
  const buttoned = papers.length <= room ? papers : papers.slice(0, room - 1);
  const rest = papers.slice(buttoned.length);
  const seen = new Set<string>();
  const blocks: ListingSection[] = [];
  if (intro !== '') blocks.push(section(ownMrkdwn(intro)));
  for (const paper of buttoned) {
    // Slack wants each action_id once in a message; the rank is unique in a list.
    const button = similarButton(paper.id, String(paper.rank));
    const fresh = button !== null && !seen.has(button.action_id);
    if (button !== null) seen.add(button.action_id);
    blocks.push(section(paperMrkdwn(paper.text), fresh ? button : undefined));
  }
  if (rest.length > 0) blocks.push(section(paperMrkdwn(rest.map((paper) => paper.text).join('\n'))));
  if (outro !== '') blocks.push(section(ownMrkdwn(outro)));
  return blocks;
}
