// The digest a newcomer sees first when the paper sources cannot be reached: the bundled sample's most upvoted
// papers, labelled as a sample and dated, so nobody mistakes papers from past years for today's news.
import type { Paper } from '../paper.js';
import { digestItem } from './digest-item.js';
import { itemLines } from './digest-text.js';

export const SAMPLE_DIGEST_SIZE = 5;

/** `top`: the sample's most upvoted papers, best first; `total`: how many papers the sample holds. */
export function sampleDigestText(top: readonly Paper[], total: number): string {
  const lines = [
    `Sample digest (offline): the ${top.length} most upvoted of the ${total} bundled papers`,
    "Real papers from Hugging Face Daily Papers, with their dates; not today's. The bot fetches the latest days",
    'once Hugging Face and arXiv can be reached (at the next ingest, or the next start).',
  ];
  top.forEach((paper, i) => {
    const item = digestItem(paper);
    const dated = paper.publishedAt === null ? item : { ...item, authors: `${item.authors} · ${paper.publishedAt.slice(0, 10)}` };
    lines.push('', ...itemLines(dated, i + 1));
  });
  return lines.join('\n');
}
