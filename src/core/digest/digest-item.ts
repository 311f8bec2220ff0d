// One paper as a digest shows it, platform-neutral: each front end renders these fields its own way.
import { arxivAbsUrl, arxivPdfUrl, authorLine, paperUrl, type Paper } from '../paper.js';

export interface DigestItem {
  id: string;
  title: string;
  /** Hugging Face paper page, arXiv abstract, PDF, and the code repository when there is one. */
  links: { paper: string; arxiv: string; pdf: string; code: string | null };
  githubStars: number | null;
  upvotes: number;
  /** The first authors, then "et al." when there are more. */
  authors: string;
  /** One line: the AI summary, else the abstract's first sentence, cut at a word. */
  summary: string;
  thumbnail: string | null;
  /**
   * The target's topics this paper matches (a trending paper may match some too), as labels: the topic, and what
   * it matched through when that was another name or a kind of the topic's words ("model compression (via
   * quantization)"). A label without "via" is the topic itself.
   */
  topics: string[];
}

export const SUMMARY_MAX_CHARS = 240;

/** Cuts text to at most `max` characters at a word boundary, marking the cut with an ellipsis. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max - 1);
  const lastSpace = slice.lastIndexOf(' ');
  // A single very long word is cut where it must be.
  const cut = lastSpace > max / 2 ? slice.slice(0, lastSpace) : slice;
  return `${cut.replace(/[\s,;:.-]+$/, '')}…`;
}

/** Abbreviations whose period does not end a sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|et al|etc|vs|cf|fig|figs|eq|eqs|sec|approx|resp|no)\.$/i;

/**
 * The first sentence of an abstract. A sentence ends at . ! or ? followed by a space and a capital letter (or
 * the end of the text), so "3.5x" does not end one, and neither does a known abbreviation such as "e.g.".
 */
export function firstSentence(text: string): string {
  const trimmed = text.trim();
  const ends = /[.!?](?=\s+[A-Z(]|\s*$)/g;
  for (let match = ends.exec(trimmed); match !== null; match = ends.exec(trimmed)) {
    const sentence = trimmed.slice(0, match.index + 1);
    if (!ABBREVIATION.test(sentence)) return sentence;
  }
  return trimmed;
}

/** A topic as a digest item names it: "model compression (via quantization)", or the topic alone. */
export function topicLabel(topic: string, via: readonly string[] = []): string {
  return via.length === 0 ? topic : `${topic} (via ${[...new Set(via)].join(', ')})`;
}

/** A paper's one line: its AI summary, else its abstract's first sentence, on one line and cut at a word. */
export function paperSummary(paper: Pick<Paper, 'aiSummary' | 'abstract'>, maxChars: number): string {
  const source = paper.aiSummary ?? firstSentence(paper.abstract);
  return cutAtWord(source.replace(/\s+/g, ' ').trim(), maxChars);
}

export function digestItem(paper: Paper, topics: readonly string[] = []): DigestItem {
  return {
    id: paper.id,
    title: paper.title,
    links: { paper: paperUrl(paper.id), arxiv: arxivAbsUrl(paper.id), pdf: arxivPdfUrl(paper.id), code: paper.githubRepo },
    githubStars: paper.githubRepo === null ? null : paper.githubStars,
    upvotes: paper.upvotes,
    authors: authorLine(paper.authors),
    summary: paperSummary(paper, SUMMARY_MAX_CHARS),
    thumbnail: paper.thumbnail,
    topics: [...topics],
  };
}
