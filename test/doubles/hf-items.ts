// Builds Hugging Face Daily Papers items in the shape `GET /api/daily_papers` really returns (see
// assets/hf-daily-papers-sample.json): the paper under `item.paper`, numComments and thumbnail on the item,
// the title and summary repeated on the item, authors as objects, organization as {_id, name, fullname}.

export interface HfOrganizationJson {
  _id: string;
  name: string;
  fullname: string;
}

export interface HfItemOptions {
  /** arXiv id as HF writes it, e.g. "2601.01234" (HF never adds a version, but tests may). */
  id: string;
  title?: string;
  summary?: string;
  authors?: string[];
  /** The day the paper was on Daily Papers (YYYY-MM-DD); becomes submittedOnDailyAt at midnight UTC. */
  day?: string;
  publishedAt?: string;
  upvotes?: number;
  numComments?: number;
  githubRepo?: string;
  githubStars?: number;
  projectPage?: string;
  aiSummary?: string;
  aiKeywords?: string[];
  /** Organization name (the slug, e.g. "deepmind"); fullname defaults to the capitalised slug. */
  organization?: string | { name: string; fullname: string };
}

/** One item as JSON. Typed loosely on purpose: tests break items by patching fields to wrong types. */
export type HfItemJson = Record<string, unknown> & { paper: Record<string, unknown> };

const DEFAULT_DAY = '2026-01-07';

/** A deterministic 24-hex id, like HF's Mongo ObjectIds, so payloads are stable across runs. */
function objectId(seed: string, salt: number): string {
  let hash = salt;
  for (const ch of seed) hash = (hash * 33 + ch.charCodeAt(0)) >>> 0;
  return hash.toString(16).padStart(8, '0').repeat(3);
}

export function hfItem(options: HfItemOptions): HfItemJson {
  const day = options.day ?? DEFAULT_DAY;
  const title = options.title ?? `A study of ${options.id}`;
  const summary = options.summary ?? `We present the findings of paper ${options.id}.`;
  const publishedAt = options.publishedAt ?? `${day}T00:00:00.000Z`;
  const organization: HfOrganizationJson | undefined =
    options.organization === undefined
      ? undefined
      : typeof options.organization === 'string'
        ? {
            _id: objectId(options.organization, 7),
            name: options.organization,
            fullname: options.organization.charAt(0).toUpperCase() + options.organization.slice(1),
          }
        : { _id: objectId(options.organization.name, 7), ...options.organization };

  const paper: Record<string, unknown> = {
    id: options.id,
    authors: (options.authors ?? [`Author 1 of ${options.id}`]).map((name, i) => ({ _id: objectId(name, i), name, hidden: false })),
    publishedAt,
    submittedOnDailyAt: `${day}T00:00:00.000Z`,
    title,
    summary,
    upvotes: options.upvotes ?? 0,
    discussionId: objectId(options.id, 99),
  };
  if (options.githubRepo !== undefined) paper.githubRepo = options.githubRepo;
  if (options.githubStars !== undefined) paper.githubStars = options.githubStars;
  if (options.projectPage !== undefined) paper.projectPage = options.projectPage;
  if (options.aiSummary !== undefined) paper.ai_summary = options.aiSummary;
  if (options.aiKeywords !== undefined) paper.ai_keywords = options.aiKeywords;
  if (organization !== undefined) paper.organization = organization;

  const item: HfItemJson = {
    paper,
    publishedAt,
    title,
    summary,
    thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${options.id}.png`,
    numComments: options.numComments ?? 0,
    isAuthorParticipating: false,
  };
  if (organization !== undefined) item.organization = organization;
  return item;
}

/** A copy of `item` with fields of `item.paper` replaced; `undefined` removes the field. */
export function patchPaper(item: HfItemJson, patch: Record<string, unknown>): HfItemJson {
  const paper: Record<string, unknown> = { ...item.paper, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete paper[key];
  return { ...item, paper };
}

/** `count` well-formed items for one day, ids 2601.1NNNN from `firstNumber`. */
export function hfItems(count: number, day = DEFAULT_DAY, firstNumber = 10_000): HfItemJson[] {
  return Array.from({ length: count }, (_, i) => hfItem({ id: `2601.${String(firstNumber + i)}`, day, upvotes: i % 7 }));
}
