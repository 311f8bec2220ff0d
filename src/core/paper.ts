// The paper as papers-bot knows it, and the normalised record every source produces.

export type SourceName = 'hf' | 'arxiv';

/** What one source says about one paper, already validated and normalised. Absent fields say nothing. */
export interface PaperInput {
  source: SourceName;
  id: string;
  title: string;
  abstract?: string;
  authors?: string[];
  organization?: { name: string; fullname: string | null };
  publishedAt?: string;
  dailyDate?: string;
  upvotes?: number;
  numComments?: number;
  githubRepo?: string;
  githubStars?: number;
  projectPage?: string;
  aiSummary?: string;
  aiKeywords?: string[];
  categories?: string[];
  thumbnail?: string;
}

/** A stored paper. */
export interface Paper {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  organization: string | null;
  organizationName: string | null;
  publishedAt: string | null;
  dailyDate: string | null;
  upvotes: number;
  numComments: number;
  githubRepo: string | null;
  githubStars: number | null;
  projectPage: string | null;
  aiSummary: string | null;
  aiKeywords: string[];
  categories: string[];
  thumbnail: string | null;
  sources: SourceName[];
  firstSeenAt: string;
  updatedAt: string;
}

/** The Hugging Face paper page, the link we show first. */
export function paperUrl(id: string): string {
  return `https://huggingface.co/papers/${id}`;
}

export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

export function arxivPdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}

// Tabs and line breaks are kept here; the whitespace rule below turns them into spaces.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Collapses runs of whitespace (arXiv titles carry line breaks) and drops control characters. */
export function cleanText(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '').replace(/\s+/g, ' ').trim();
}

/** The first authors, then "et al." when there are more. */
export function authorLine(authors: readonly string[], shown = 3): string {
  if (authors.length === 0) return 'Unknown authors';
  const head = authors.slice(0, shown).join(', ');
  return authors.length > shown ? `${head} et al.` : head;
}
