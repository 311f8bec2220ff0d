// A /papers answer as a Slack response: ephemeral unless it changed the channel, its text escaped (upstream titles
// in search results can never mention anyone), a list of papers laid out with a Similar button on each, and a
// digest preview rendered as the digest's own blocks.
import type { CommandReply } from '../../../commands/command.js';
import { digestBlockMessages, SLACK_LIMITS, type SlackBlock } from './digest-blocks.js';
import { listingBlocks, type ListingSection } from './listing-blocks.js';
import { escapeReplyText } from './slack-text.js';

export interface SlackResponse {
  response_type: 'ephemeral' | 'in_channel';
  /** The whole answer as text: what Slack notifies with, and shows where blocks cannot be. */
  text: string;
  blocks?: (SlackBlock | ListingSection)[];
}

/** Slack shows up to 40,000 characters of text; answers are far shorter, but a cap keeps a bug from flooding. */
const REPLY_TEXT_MAX = 12_000;

export function slackResponse(reply: CommandReply): SlackResponse {
  const responseType = reply.ephemeral ? 'ephemeral' : 'in_channel';
  const text = escapeReplyText(reply.text).slice(0, REPLY_TEXT_MAX);
  if (reply.digest === undefined) {
    const blocks = listingBlocks(reply.text, reply.papers ?? []);
    return blocks === null ? { response_type: responseType, text } : { response_type: responseType, text, blocks };
  }
  // A preview: the note above it, then the digest's blocks, as many as one message holds.
  const blocks = digestBlockMessages(reply.digest).flatMap((message) => message.blocks);
  const room = SLACK_LIMITS.blocksPerMessage - 1;
  const shown = blocks.length <= room ? blocks : blocks.slice(0, room - 1);
  const note: SlackBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: text.slice(0, SLACK_LIMITS.sectionText) }] };
  const more: SlackBlock[] =
    blocks.length <= room
      ? []
      : [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'The rest is in the scheduled digest (too long for one preview).' }] }];
  return { response_type: responseType, text, blocks: [note, ...shown, ...more] };
}
