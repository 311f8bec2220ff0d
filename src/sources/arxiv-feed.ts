// arXiv export API: validation and normalisation of one Atom page (`GET /api/query`).
// One bad entry is skipped and reported; only a payload that is not a feed at all, or arXiv's "Error" entry, throws.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { parseArxivId } from '../core/arxiv-id.js';
import { cleanText, type PaperInput } from '../core/paper.js';
import { UpstreamPayloadError, type ParsedBatch, type SkippedItem } from './source.js';

export type ArxivFeedPage = ParsedBatch & {
  totalResults: number | null;
  startIndex: number | null;
  itemsPerPage: number | null;
};

// Prefixes are dropped so that `opensearch:totalResults` and `arxiv:primary_category` are found whether arXiv
// declares the namespaces on the root (current output) or on every element (older output).
// Repeatable elements are always arrays, so "one author" and "one category" look like "many".
const REPEATABLE = new Set(['entry', 'author', 'category', 'link']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (tagName) => REPEATABLE.has(tagName),
});

/** An element's text: a plain string, or `#text` when the element also has attributes; '' for attribute-only elements. */
function textOf(value: unknown): unknown {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const inner = (value as Record<string, unknown>)['#text'];
    return inner === undefined ? '' : inner;
  }
  return value;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const text = z.preprocess(textOf, z.string({ error: (issue) => (issue.input === undefined ? 'missing' : 'not text') }));

/** Reads `child` of an element; an empty `<author/>` or `<category/>` yields '' and is dropped later, not fatal. */
function childText(child: string): (value: unknown) => unknown {
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return '';
    const inner = textOf((value as Record<string, unknown>)[child]);
    return inner === undefined ? '' : inner;
  };
}
const term = z.preprocess(childText('@_term'), z.string());

const entrySchema = z.looseObject({
  id: text.transform((v) => v.trim()).pipe(z.string().min(1, 'empty')),
  title: text.transform(cleanText).pipe(z.string().min(1, 'empty')),
  summary: text.optional(),
  published: text.transform((v) => v.trim()).refine((v) => ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)), 'not an ISO date-time'),
  author: z.array(z.preprocess(childText('name'), z.string())).optional(),
  category: z.array(term).optional(),
  primary_category: term.optional(),
});

type Entry = z.infer<typeof entrySchema>;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}`).join('; ');
}

function countOf(feed: Record<string, unknown>, key: string): number | null {
  const raw = textOf(feed[key]);
  return typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : null;
}

/** arXiv answers a bad query with HTTP 200 and a feed whose one entry is titled "Error" and explains in `summary`. */
function errorEntryMessage(entry: unknown): string | null {
  if (entry === null || typeof entry !== 'object') return null;
  const record = entry as Record<string, unknown>;
  const id = textOf(record.id);
  const title = textOf(record.title);
  const isErrorId = typeof id === 'string' && /\/api\/errors/i.test(id);
  const isErrorTitle = typeof title === 'string' && cleanText(title) === 'Error' && (typeof id !== 'string' || parseArxivId(id) === null);
  if (!isErrorId && !isErrorTitle) return null;
  const summary = textOf(record.summary);
  const message = typeof summary === 'string' ? cleanText(summary) : '';
  return message === '' ? 'unspecified error' : message;
}

function normalise(entry: Entry): PaperInput | string {
  const arxiv = parseArxivId(entry.id);
  if (arxiv === null) return `id is not an arXiv abs URL: ${JSON.stringify(entry.id.slice(0, 80))}`;
  const terms = [entry.primary_category ?? '', ...(entry.category ?? [])];
  const categories = [...new Set(terms.map(cleanText).filter((t) => t !== ''))];
  return {
    source: 'arxiv',
    id: arxiv.id,
    title: entry.title,
    abstract: cleanText(entry.summary ?? ''),
    authors: (entry.author ?? []).map(cleanText).filter((n) => n !== ''),
    publishedAt: new Date(entry.published).toISOString(),
    categories,
  };
}

function refOf(entry: unknown, position: number): string {
  const id = entry !== null && typeof entry === 'object' ? textOf((entry as Record<string, unknown>).id) : undefined;
  return typeof id === 'string' && id.trim() !== '' ? id.trim().slice(0, 120) : `entry ${position}`;
}

export function parseArxivFeed(xml: string): ArxivFeedPage {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const snippet = xml.slice(0, 60).replace(/\s+/g, ' ').trim();
    throw new UpstreamPayloadError(`arXiv answered with something that is not XML (${validation.err.msg}): ${JSON.stringify(snippet)}`);
  }
  const document = parser.parse(xml) as Record<string, unknown>;
  const root = document.feed;
  if (root === undefined) {
    const rootName = Object.keys(document).find((k) => !k.startsWith('?')) ?? 'none';
    throw new UpstreamPayloadError(`arXiv answered with XML that is not an Atom feed (root element: ${rootName})`);
  }
  // `<feed/>` or a feed with only text parses to a string: a feed with nothing in it.
  const feed = root !== null && typeof root === 'object' ? (root as Record<string, unknown>) : {};
  const entries: unknown[] = Array.isArray(feed.entry) ? (feed.entry as unknown[]) : [];

  for (const entry of entries) {
    const message = errorEntryMessage(entry);
    if (message !== null) throw new UpstreamPayloadError(`arXiv API error: ${message}`);
  }

  const papers: PaperInput[] = [];
  const skipped: SkippedItem[] = [];
  entries.forEach((raw, index) => {
    const ref = refOf(raw, index + 1);
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      skipped.push({ ref, reason: describeIssues(parsed.error) });
      return;
    }
    const result = normalise(parsed.data);
    if (typeof result === 'string') skipped.push({ ref, reason: result });
    else papers.push(result);
  });

  return {
    papers,
    skipped,
    totalResults: countOf(feed, 'totalResults'),
    startIndex: countOf(feed, 'startIndex'),
    itemsPerPage: countOf(feed, 'itemsPerPage'),
  };
}
