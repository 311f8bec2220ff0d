// Lexical and semantic rankings fused into one: each paper's lexical score over the best lexical score, plus
// SEMANTIC_WEIGHT (search.ts) × its cosine similarity over the best similarity (CombSUM of normalised scores).
// Measured on the graded set (`npm run bench -- --only relevance`, 80 queries over the 53 seed papers), against
// reciprocal rank fusion (Cormack et al. 2009, k = 60): RRF at weights 0.5 to 1.5 gave nDCG@10 0.848 to 0.862 and
// success@3 0.925, below the lexical ranking alone on names (0.959 against 0.979), because ranks erase the gap
// between a paper that matches every word strongly and the partial matches after it ("COAT FP8" put a 4-bit paper
// first). Score fusion keeps that gap: weights 0.2, 0.35, 0.5, 0.8 gave nDCG@10 0.877, 0.882, 0.879, 0.881 and
// success@3 0.938, 0.950, 0.950, 0.950; 0.35 is used. Popularity and freshness then move a paper by a few percent
// at most: enough to order near-ties, never to lift a weak match over a strong one.
import { freshness, popularity } from './ranking.js';

/** How much popularity and freshness may move a fused score (1 ± TIE_BREAK at the extremes). */
export const TIE_BREAK = 0.06;

/** A factor near 1: popularity × freshness (0.8 to about 2) squeezed into 1 ± TIE_BREAK. */
export function tieBreaker(upvotes: number, publishedAt: string | null, now: Date): number {
  const blended = popularity(upvotes) * freshness(publishedAt, now);
  return 1 + TIE_BREAK * Math.tanh(blended - 1);
}

/**
 * Score fusion (CombSUM of normalised scores): each lexical score over the best one, plus `weight` × each cosine
 * similarity over the best one. Unlike RRF it keeps the gap between a paper that matches every word strongly and
 * the partial matches after it.
 */
export function scoreFusion(
  lexical: readonly { docId: number; score: number }[],
  semantic: readonly (readonly [number, number])[],
  weight: number,
): Map<number, number> {
  const fused = new Map<number, number>();
  const lexMax = Math.max(...lexical.map((l) => l.score), Number.MIN_VALUE);
  const simMax = Math.max(...semantic.map(([, sim]) => sim), Number.MIN_VALUE);
  for (const l of lexical) fused.set(l.docId, l.score / lexMax);
  for (const [docId, sim] of semantic) fused.set(docId, (fused.get(docId) ?? 0) + (weight * Math.max(0, sim)) / simMax);
  return fused;
}

/**
 * Fused scores as a ranking, best first: each moved by its paper's tie-breaker (`known` papers' upvotes and date;
 * a paper not known is left as fused), ties broken by the newer doc id.
 */
export function rankFused(
  fused: ReadonlyMap<number, number>,
  known: (docId: number) => { upvotes: number; publishedAt: string | null } | undefined,
  now: Date,
): { docId: number; score: number }[] {
  return [...fused]
    .map(([docId, score]) => {
      const paper = known(docId);
      return { docId, score: paper === undefined ? score : score * tieBreaker(paper.upvotes, paper.publishedAt, now) };
    })
    .sort((a, b) => b.score - a.score || b.docId - a.docId);
}
