// A digest as plain text: what the console prints and what `papers digest` shows.
import type { Digest, DigestContext } from './digest.js';
import type { DigestItem } from './digest-item.js';

const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

function dayLabel(day: string, format: Intl.DateTimeFormat): string {
  return format.format(new Date(`${day}T00:00:00Z`));
}

/** "Thu 26 Nov", or "Fri 27 Nov to Sun 29 Nov" for a roll-up; empty when the window holds no whole day. */
export function trendingDaysLabel(days: readonly string[]): string {
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return '';
  return first === last ? dayLabel(first, SHORT) : `${dayLabel(first, SHORT)} to ${dayLabel(last, SHORT)}`;
}

export function digestHeadline(digest: Digest): string {
  return `Papers digest for ${dayLabel(digest.date, WEEKDAY)}`;
}

/** 1234 -> "1.2k", 12345 -> "12k": GitHub stars at a glance. */
export function compactCount(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(n >= 10_000 ? 0 : 1)}k` : String(n);
}

/** One paper of a digest as text: its number, title and upvotes, authors, summary, links, and topics. */
export function itemLines(item: DigestItem, position: number): string[] {
  const links = [`HF ${item.links.paper}`, `arXiv ${item.links.arxiv}`, `PDF ${item.links.pdf}`];
  if (item.links.code !== null) {
    links.push(`code ${item.links.code}${item.githubStars !== null ? ` (${compactCount(item.githubStars)} stars)` : ''}`);
  }
  const upvotes = item.upvotes > 0 ? `  [${item.upvotes} upvote${item.upvotes === 1 ? '' : 's'}]` : '';
  const lines = [
    `${String(position).padStart(2)}. ${item.title}${upvotes}`,
    `    ${item.authors}`,
    `    ${item.summary}`,
    `    ${links.join('  ')}`,
  ];
  if (item.topics.length > 0) lines.push(`    matches your topic${item.topics.length === 1 ? '' : 's'}: ${item.topics.join(', ')}`);
  return lines;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Why the trending section is empty, as a clause: nothing listed on the days, the upvote floor (naming it and the
 * command that lifts it), or papers sent before. Null when the digest asks for no trending papers (topics only).
 */
function trendingEmptyReason(digest: Digest, context: DigestContext): string | null {
  if (context.size === 0) return null;
  const days = trendingDaysLabel(digest.window.trendingDays);
  if (days === '') return 'no day of Daily Papers has ended since the last digest';
  const { all, belowFloor } = context.listed ?? { all: 0, belowFloor: 0 };
  if (all === 0) return `no papers on Daily Papers for ${days}`;
  const person = context.audience === 'person';
  const floor = `${person ? 'your' : "this channel's"} upvote floor of ${context.minUpvotes} (/papers settings${person ? ' me' : ''} min-upvotes 0 removes it)`;
  const listed = `${plural(all, 'paper')} on Daily Papers for ${days}`;
  if (belowFloor >= all)
    return all === 1 ? `the 1 paper on Daily Papers for ${days} is under ${floor}` : `the ${listed} are all under ${floor}`;
  if (belowFloor > 0)
    return `of the ${listed}, ${belowFloor} ${belowFloor === 1 ? 'is' : 'are'} under ${floor} and the rest were sent before`;
  return all === 1 ? `the 1 paper on Daily Papers for ${days} was sent before` : `the ${listed} were all sent before`;
}

/**
 * Why no topic shows a paper, as a clause: none followed (and how to follow one), or which topics matched no new
 * paper since which day, and how many papers matching them were sent before.
 */
function topicsEmptyReason(digest: Digest, context: DigestContext): string {
  const person = context.audience === 'person';
  if (digest.topics.length === 0) {
    return person
      ? 'you follow no topics (/papers subscribe me TOPIC adds one)'
      : 'no topics are followed here (/papers subscribe TOPIC adds one)';
  }
  const names = digest.topics.map((t) => t.topic).join(', ');
  const whose = person ? `none of your topics (${names})` : `none of the topics followed here (${names})`;
  const sent = digest.topics.reduce((n, t) => n + (context.matched[t.topic] ?? 0), 0);
  const before =
    sent > 0
      ? ` (${plural(sent, 'paper')} matching ${digest.topics.length === 1 ? 'it' : 'them'} ${sent === 1 ? 'was' : 'were'} sent before)`
      : '';
  return `${whose} matched a new paper since ${dayLabel(context.topicsFrom, SHORT)}${before}`;
}

/** Why a digest with nothing in it is empty, section by section. */
export function emptyDigestText(digest: Digest): string {
  const days = trendingDaysLabel(digest.window.trendingDays);
  const { context } = digest;
  if (context === undefined) {
    // A digest stored before its context was recorded: the older wording.
    return days === ''
      ? 'Nothing new since the last digest.'
      : `Nothing new: no papers on Daily Papers for ${days}, and nothing new on the topics followed here.`;
  }
  const trending = trendingEmptyReason(digest, context);
  // A topics-only digest with no topics has only that to say.
  const topics = topicsEmptyReason(digest, context);
  return `Nothing new: ${[trending, topics].filter((part): part is string => part !== null).join('; ')}.`;
}

/**
 * Lines a digest with papers adds about its empty parts: the trending section asked for but empty (and why), the
 * topics that matched no new paper. Empty for a digest stored before its context was recorded.
 */
export function emptySectionNotes(digest: Digest): string[] {
  const { context } = digest;
  if (context === undefined || digest.empty) return [];
  const notes: string[] = [];
  const trending = digest.trending.length === 0 ? trendingEmptyReason(digest, context) : null;
  if (trending !== null) notes.push(`No trending papers: ${trending}.`);
  const quiet = digest.topics.filter((t) => t.items.length === 0).map((t) => t.topic);
  if (quiet.length > 0) notes.push(`No new papers since ${dayLabel(context.topicsFrom, SHORT)} on: ${quiet.join(', ')}.`);
  return notes;
}

/** "Your topics: rlhf, quantization — 3 new papers": a person's digest speaks of their topics, not of Daily Papers. */
export function personalTopicsLine(digest: Digest): string | null {
  if (digest.context?.audience !== 'person' || digest.topics.length === 0) return null;
  const count = digest.topics.reduce((n, t) => n + t.items.length, 0);
  return `Your topics: ${digest.topics.map((t) => t.topic).join(', ')} — ${plural(count, 'new paper')}`;
}

/**
 * What the chat platforms say under a digest's headline, before its papers: a person's topics and their count,
 * then the notes about empty parts (the console's text puts the person's line over the topic sections instead).
 */
export function digestIntroLines(digest: Digest): string[] {
  const personal = personalTopicsLine(digest);
  return [...(personal === null ? [] : [personal]), ...emptySectionNotes(digest)];
}

export function digestText(digest: Digest): string {
  const lines = [digestHeadline(digest)];
  if (digest.empty) return [...lines, emptyDigestText(digest)].join('\n');
  lines.push(...emptySectionNotes(digest));
  if (digest.trending.length > 0) {
    lines.push('', `Trending on Daily Papers (${trendingDaysLabel(digest.window.trendingDays)})`);
    digest.trending.forEach((item, i) => lines.push(...itemLines(item, i + 1)));
  }
  const topics = digest.topics.filter((t) => t.items.length > 0);
  if (topics.length > 0) {
    lines.push('', personalTopicsLine(digest) ?? 'Your topics');
    for (const topic of topics) {
      const more = topic.more > 0 ? ` (${topic.more} more: /papers search ${topic.topic})` : '';
      lines.push(`Topic: ${topic.topic}${more}`);
      // Under its topic's heading, an item names its topics only when it matches others too.
      topic.items.forEach((item, i) => lines.push(...itemLines(item.topics.length > 1 ? item : { ...item, topics: [] }, i + 1)));
    }
  }
  return lines.join('\n');
}
