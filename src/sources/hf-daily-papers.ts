// Hugging Face Daily Papers: validation and normalisation of `GET /api/daily_papers` items.
// The same parser serves live ingestion and `papers import` of a saved JSON array.
import { z } from 'zod';
import { parseArxivId } from '../core/arxiv-id.js';
import { cleanText, type PaperInput } from '../core/paper.js';
import type { ParsedBatch, SkippedItem } from './source.js';

const isoDateTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'not a date');
const nonNegativeInt = z.number().int().nonnegative();
// No whitespace and no control characters: a NUL byte, which PostgreSQL refuses in text, makes no URL either.
const httpUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s\p{Cc}]+$/iu.test(v), 'not an http(s) URL');
const organizationSchema = z.looseObject({ name: z.string().trim().min(1), fullname: z.string().nullish() });

// Upstream adds fields freely; we read what we need and ignore the rest. Optional fields may be absent or null.
const hfPaperSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  summary: z.string().nullish(),
  authors: z.array(z.looseObject({ name: z.string().nullish() })).nullish(),
  publishedAt: isoDateTime.nullish(),
  submittedOnDailyAt: isoDateTime.nullish(),
  upvotes: nonNegativeInt.nullish(),
  ai_summary: z.string().nullish(),
  ai_keywords: z.array(z.string()).nullish(),
  githubRepo: z.string().nullish(),
  githubStars: nonNegativeInt.nullish(),
  projectPage: z.string().nullish(),
  organization: organizationSchema.nullish(),
});

const hfItemSchema = z.looseObject({
  paper: hfPaperSchema,
  numComments: nonNegativeInt.nullish(),
  thumbnail: z.string().nullish(),
  organization: organizationSchema.nullish(),
});

type HfItem = z.infer<typeof hfItemSchema>;

function dayOf(isoDateTime: string): string {
  return new Date(isoDateTime).toISOString().slice(0, 10);
}

function optionalUrl(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return httpUrl.safeParse(value).success ? value.trim() : undefined;
}

function normalise(item: HfItem, dailyDateHint: string | undefined): PaperInput | string {
  const { paper } = item;
  const arxiv = parseArxivId(paper.id);
  if (arxiv === null) return `paper.id is not an arXiv id: ${JSON.stringify(paper.id.slice(0, 40))}`;
  const title = cleanText(paper.title);
  if (title === '') return 'paper.title is empty';
  const organization = paper.organization ?? item.organization;
  const keywords = (paper.ai_keywords ?? []).map(cleanText).filter((k) => k !== '');
  const input: PaperInput = {
    source: 'hf',
    id: arxiv.id,
    title,
    abstract: cleanText(paper.summary ?? ''),
    authors: (paper.authors ?? []).map((a) => cleanText(a.name ?? '')).filter((n) => n !== ''),
    upvotes: paper.upvotes ?? 0,
    numComments: item.numComments ?? 0,
    dailyDate: dailyDateHint ?? (paper.submittedOnDailyAt ? dayOf(paper.submittedOnDailyAt) : undefined),
  };
  if (paper.publishedAt) input.publishedAt = new Date(paper.publishedAt).toISOString();
  // Cleaned like every other text (control characters dropped); a name that is nothing else is no organization.
  const organizationName = organization ? cleanText(organization.name) : '';
  if (organization && organizationName !== '') {
    input.organization = { name: organizationName, fullname: cleanText(organization.fullname ?? '') || null };
  }
  const summary = cleanText(paper.ai_summary ?? '');
  if (summary !== '') input.aiSummary = summary;
  if (keywords.length > 0) input.aiKeywords = keywords;
  const repo = optionalUrl(paper.githubRepo);
  if (repo !== undefined) input.githubRepo = repo;
  if (paper.githubStars !== null && paper.githubStars !== undefined) input.githubStars = paper.githubStars;
  const page = optionalUrl(paper.projectPage);
  if (page !== undefined) input.projectPage = page;
  const thumbnail = optionalUrl(item.thumbnail);
  if (thumbnail !== undefined) input.thumbnail = thumbnail;
  return input;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid item';
  const path = issue.path.length === 0 ? 'item' : issue.path.join('.');
  return `${path}: ${issue.message}`;
}

/**
 * Validates a daily_papers response (an array of items). Items that fail validation are skipped and reported;
 * they never abort the batch. `dailyDateHint` is the date the list was requested for, when known.
 */
export function parseHfDailyPapers(payload: unknown, dailyDateHint?: string): ParsedBatch {
  if (!Array.isArray(payload)) {
    return { papers: [], skipped: [{ ref: 'response', reason: 'expected a JSON array of daily papers' }] };
  }
  const papers: PaperInput[] = [];
  const skipped: SkippedItem[] = [];
  payload.forEach((raw: unknown, index) => {
    const parsed = hfItemSchema.safeParse(raw);
    const guessId = (raw as { paper?: { id?: unknown } } | null)?.paper?.id;
    // An empty id would make an empty ref in the run record; the position is more useful then.
    const ref = typeof guessId === 'string' && guessId.trim() !== '' ? guessId.trim().slice(0, 40) : `item ${index}`;
    if (!parsed.success) {
      skipped.push({ ref, reason: describeIssue(parsed.error) });
      return;
    }
    const result = normalise(parsed.data, dailyDateHint);
    if (typeof result === 'string') skipped.push({ ref, reason: result });
    else papers.push(result);
  });
  return { papers, skipped };
}
