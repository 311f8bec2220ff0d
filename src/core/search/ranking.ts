// How a matching paper's score is made. Three factors, multiplied:
//
//   score = relevance × popularity × freshness
//
//   relevance  how well the paper matches the query's words: see lexical-ranking.ts (coverage of the query's
//              concepts, bm25 over the index's weighted fields, concepts found in the title).
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

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * Milliseconds of a stored ISO date ("2026-11-20" or "2026-11-20T08:30:00.000Z", UTC): read by its digits, as
 * Date.parse was a twentieth of a fused search's time (a thousand candidates, each scored twice). Anything else
 * goes to Date.parse.
 */
function parsedDate(text: string): number {
  const m = ISO_INSTANT.exec(text);
  if (m === null || (m[4] !== undefined && text.length > 19 && !text.endsWith('Z'))) return Date.parse(text);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
}

export function freshness(publishedAt: string | null, now: Date): number {
  if (publishedAt === null) return FRESHNESS_FLOOR;
  const published = parsedDate(publishedAt);
  if (Number.isNaN(published)) return FRESHNESS_FLOOR;
  const ageDays = Math.max(0, (now.getTime() - published) / DAY_MS);
  return FRESHNESS_FLOOR + (1 - FRESHNESS_FLOOR) * 2 ** (-ageDays / FRESHNESS_HALF_LIFE_DAYS);
}

export function blendedScore(relevance: number, upvotes: number, publishedAt: string | null, now: Date): number {
  return relevance * popularity(upvotes) * freshness(publishedAt, now);
}
