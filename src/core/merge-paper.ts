// Merges what one source says about a paper into what we already know. Pure: no I/O, no clock.
//
// Ownership: arXiv is authoritative for title, abstract, authors, publication date and categories; Hugging Face
// owns community data (upvotes, comments, AI summary and keywords, code link, thumbnail, organization, the day
// it appeared on Daily Papers). A field a source leaves out never erases what another source said.
import type { Paper, PaperInput, SourceName } from './paper.js';

export interface MergeResult {
  paper: Paper;
  /** Something stored changed (so updatedAt moved). */
  changed: boolean;
  /** A searchable field changed, so the search index must be rewritten. */
  searchableChanged: boolean;
}

const SOURCE_ORDER: SourceName[] = ['arxiv', 'hf'];

/** The same values in the same order (authors, categories, keywords are ordered lists). */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function newPaperFrom(input: PaperInput, now: string): Paper {
  return mergePaper(null, input, now).paper;
}

export function mergePaper(existing: Paper | null, input: PaperInput, now: string): MergeResult {
  const base: Paper = existing ?? {
    id: input.id,
    title: input.title,
    abstract: '',
    authors: [],
    organization: null,
    organizationName: null,
    publishedAt: null,
    dailyDate: null,
    upvotes: 0,
    numComments: 0,
    githubRepo: null,
    githubStars: null,
    projectPage: null,
    aiSummary: null,
    aiKeywords: [],
    categories: [],
    thumbnail: null,
    sources: [],
    firstSeenAt: now,
    updatedAt: now,
  };
  // arXiv wins shared fields; Hugging Face fills them only until arXiv has spoken.
  const ownsShared = input.source === 'arxiv' || !base.sources.includes('arxiv');
  const shared = <T>(current: T, incoming: T | undefined, isEmpty: (v: T) => boolean): T =>
    incoming !== undefined && !isEmpty(incoming) && (ownsShared || isEmpty(current)) ? incoming : current;
  const emptyText = (v: string | null) => v === null || v === '';
  const emptyList = (v: readonly string[]) => v.length === 0;
  const hf = <T>(current: T, incoming: T | undefined): T => (input.source === 'hf' && incoming !== undefined ? incoming : current);

  const next: Paper = {
    ...base,
    title: shared(base.title, input.title, emptyText),
    abstract: shared(base.abstract, input.abstract, emptyText),
    authors: shared(base.authors, input.authors, emptyList),
    publishedAt: shared(base.publishedAt, input.publishedAt, emptyText),
    categories:
      input.source === 'arxiv' && input.categories !== undefined && input.categories.length > 0 ? input.categories : base.categories,
    // The first day a paper appeared on Daily Papers is the one digests care about.
    dailyDate: base.dailyDate ?? input.dailyDate ?? null,
    upvotes: hf(base.upvotes, input.upvotes),
    numComments: hf(base.numComments, input.numComments),
    githubRepo: hf(base.githubRepo, input.githubRepo),
    githubStars: hf(base.githubStars, input.githubStars),
    projectPage: hf(base.projectPage, input.projectPage),
    aiSummary: hf(base.aiSummary, input.aiSummary),
    aiKeywords: hf(base.aiKeywords, input.aiKeywords),
    thumbnail: hf(base.thumbnail, input.thumbnail),
    organization: hf(base.organization, input.organization?.name),
    organizationName: hf(base.organizationName, input.organization === undefined ? undefined : input.organization.fullname),
    sources: SOURCE_ORDER.filter((s) => s === input.source || base.sources.includes(s)),
  };

  const searchableChanged =
    existing === null ||
    next.title !== base.title ||
    next.abstract !== base.abstract ||
    !sameList(next.authors, base.authors) ||
    !sameList(next.aiKeywords, base.aiKeywords) ||
    !sameList(next.categories, base.categories) ||
    next.organization !== base.organization ||
    next.organizationName !== base.organizationName;
  const changed =
    existing === null ||
    searchableChanged ||
    next.publishedAt !== base.publishedAt ||
    next.dailyDate !== base.dailyDate ||
    next.upvotes !== base.upvotes ||
    next.numComments !== base.numComments ||
    next.githubRepo !== base.githubRepo ||
    next.githubStars !== base.githubStars ||
    next.projectPage !== base.projectPage ||
    next.aiSummary !== base.aiSummary ||
    next.thumbnail !== base.thumbnail ||
    !sameList(next.sources, base.sources);
  return { paper: changed ? { ...next, updatedAt: now } : base, changed, searchableChanged };
}
