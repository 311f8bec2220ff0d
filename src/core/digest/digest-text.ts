// A digest as plain text: what the console prints and what `papers digest` shows.
import type { Digest } from './digest.js';
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

function itemLines(item: DigestItem, position: number): string[] {
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

export function emptyDigestText(digest: Digest): string {
  const days = trendingDaysLabel(digest.window.trendingDays);
  return days === ''
    ? 'Nothing new since the last digest.'
    : `Nothing new: no papers on Daily Papers for ${days}, and nothing new on the topics followed here.`;
}

export function digestText(digest: Digest): string {
  const lines = [digestHeadline(digest)];
  if (digest.empty) return [...lines, emptyDigestText(digest)].join('\n');
  if (digest.trending.length > 0) {
    lines.push('', `Trending on Daily Papers (${trendingDaysLabel(digest.window.trendingDays)})`);
    digest.trending.forEach((item, i) => lines.push(...itemLines(item, i + 1)));
  }
  const topics = digest.topics.filter((t) => t.items.length > 0);
  if (topics.length > 0) {
    lines.push('', 'Your topics');
    for (const topic of topics) {
      const more = topic.more > 0 ? ` (${topic.more} more: /papers search ${topic.topic})` : '';
      lines.push(`Topic: ${topic.topic}${more}`);
      // Under its topic's heading, an item names its topics only when it matches others too.
      topic.items.forEach((item, i) => lines.push(...itemLines(item.topics.length > 1 ? item : { ...item, topics: [] }, i + 1)));
    }
  }
  return lines.join('\n');
}
