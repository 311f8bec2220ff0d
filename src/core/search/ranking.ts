// How a matching paper's score is made. Three factors, multiplied:
//
//   score = relevance × popularity × freshness
//
//   relevance  = 1 + bm25 + 0.5 × (query terms found in the title)
//                bm25 runs over title, abstract, AI keywords, authors and organization, with the title weighted
//                5× the abstract (see BM25_WEIGHTS), for the selective terms only: for a term in more than
//                COMMON_TERM_DOCS papers it would cost a scan of much of the index, and its weight would be tiny
//                anyway. bm25 gives words found in most papers almost no weight, so the title term keeps a
//                paper titled with the query words ahead; the 1 keeps the rest ordered by popularity and
//                freshness instead of all tying at zero.
//   popularity = 1 + 0.15 × ln(1 + upvotes / 5)         0-2 upvotes: ≤1.05, 10: 1.16, 100: 1.46, 1000: 1.80
//   freshness  = 0.8 + 0.2 × 2^(−age in days / 180)     new: 1.0, 6 months: 0.9, 2 years: 0.81, floor 0.8
//
// Popularity and freshness only reorder papers of similar relevance: a strong textual match that is old and
// unvoted still beats a weak one that is new and popular (together they move a score by at most ~2.2×, and
// a handful of upvotes, which is noise, by almost nothing).

const DAY_MS = 86_400_000;
export const FRESHNESS_HALF_LIFE_DAYS = 180;
const FRESHNESS_FLOOR = 0.8;

export function popularity(upvotes: number): number {
  return 1 + 0.15 * Math.log1p(Math.max(0, upvotes) / 5);
}

export function freshness(publishedAt: string | null, now: Date): number {
  if (publishedAt === null) return FRESHNESS_FLOOR;
  const published = Date.parse(publishedAt);
  if (Number.isNaN(published)) return FRESHNESS_FLOOR;
  const ageDays = Math.max(0, (now.getTime() - published) / DAY_MS);
  return FRESHNESS_FLOOR + (1 - FRESHNESS_FLOOR) * 2 ** (-ageDays / FRESHNESS_HALF_LIFE_DAYS);
}

export function relevance(bm25: number, titleHits: number): number {
  return 1 + Math.max(0, bm25) + 0.5 * titleHits;
}

export function blendedScore(relevance: number, upvotes: number, publishedAt: string | null, now: Date): number {
  return relevance * popularity(upvotes) * freshness(publishedAt, now);
}
