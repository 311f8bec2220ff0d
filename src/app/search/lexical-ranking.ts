// How well a candidate matches the words of a query (before popularity and freshness, see ranking.ts):
//
//   relevance = coverage² × (1 + Σ bm25 of each concept + 0.5 × concepts found in the title) × (1 + 0.25 × side by side)
//
//   coverage   the share of the query a paper matches (a concept of several words of which it has only some
//              counts PARTS_WEIGHT of the share of its words it has), each concept weighted by its rarity (idf), and a match
//              of another name counting EQUIVALENT_WEIGHT (a kind of it: NARROWER_WEIGHT) of a match of the
//              words typed. A paper with every word has coverage 1; one missing a rare word loses much, one
//              missing a word most papers have ("for", "model") almost nothing. So papers that match all of
//              the query rank first, then those that match most of it.
//   bm25       per concept, over title, abstract, AI keywords and summary, authors and organization (see
//              BM25_WEIGHTS: which fields matched), for concepts in fewer than COMMON_TERM_DOCS papers (for the
//              others it would scan much of the index, and be tiny anyway); the best of the concept's forms.
//   side by side  the share of the query's neighbouring concepts that a paper has next to each other, as typed
//              ("Muon optimizer": a paper that names "the Muon optimizer" over one that mentions Muon and, far
//              away, its own optimizer), the proximity signal of Lucene's phrase boost and of bm25 proximity
//              variants; only pairs of concepts each in fewer than COMMON_TERM_DOCS papers are looked up.
import type { Store } from '../../store/database.js';
import { anyOf } from '../../store/fts-match.js';
import { bm25Scores, indexedPaperCount, matchingDocIds, type Candidate } from '../../store/search-index.js';
import { EQUIVALENT_WEIGHT, NARROWER_WEIGHT, type Concept } from './query-concepts.js';
import type { MatchTerm } from '../../core/search/match-term.js';
import { COMMON_TERM_DOCS } from './term-groups.js';
import { titleMatcher } from './title-match.js';

export interface LexicalScore {
  relevance: number;
  coverage: number;
}

/** Robertson–Spärck Jones idf, as bm25 uses it (never negative): how much a concept of the query weighs. */
export function idf(papers: number, docs: number): number {
  const n = Math.max(papers, docs + 1);
  return Math.log(1 + (n - docs + 0.5) / (docs + 0.5));
}

interface ConceptScores {
  weight: number;
  selective: boolean;
  typed: Map<number, number>;
  equivalent: Map<number, number>;
  narrower: Map<number, number>;
  title: (title: string) => number;
  /** The words of a concept of several words, each scored alone (see Concept.parts). */
  parts: ConceptScores[];
}

/** A paper with only some words of a concept of several words matches at most this much of it. */
const PARTS_WEIGHT = 0.5;

const NONE = new Map<number, number>();

/** A paper with every pair of neighbouring concepts side by side scores this much more (see the top). */
const ADJACENT_BOOST = 0.25;
/** Forms of each concept combined into side-by-side phrases, at most (the typed word first). */
const ADJACENT_FORMS = 3;

/** A form's words as they would stand in a phrase; null for a prefix, which a phrase cannot hold. */
function phraseWords(term: MatchTerm): string[] | null {
  if (term.kind === 'phrase') return term.words;
  if (term.kind === 'stem') return term.exact ? [term.stem] : null;
  return term.prefix ? null : [term.word];
}

/** An FTS5 expression for two concepts side by side, in the order typed, in any of their first forms. */
function adjacentExpression(first: Concept, second: Concept): string | null {
  const formsOf = (c: Concept) =>
    c.typed
      .map(phraseWords)
      .filter((w): w is string[] => w !== null)
      .slice(0, ADJACENT_FORMS);
  const phrases: MatchTerm[] = [];
  for (const a of formsOf(first)) for (const b of formsOf(second)) phrases.push({ kind: 'phrase', words: [...a, ...b] });
  return phrases.length === 0 ? null : anyOf(phrases);
}

/**
 * The papers among [low, high] that hold each pair of neighbouring concepts side by side. Only pairs of concepts
 * in fewer than COMMON_TERM_DOCS papers each are looked up, as for bm25: a phrase with a common word reads that
 * word's long position lists (a millisecond or more per pair at a million papers).
 */
async function adjacentPairs(store: Store, concepts: readonly Concept[], low: number, high: number): Promise<Set<number>[]> {
  const pairs: Set<number>[] = [];
  for (let i = 0; i + 1 < concepts.length; i += 1) {
    const [first, second] = [concepts[i], concepts[i + 1]];
    if (first === undefined || second === undefined) continue;
    if (first.docs === 0 || second.docs === 0) continue;
    if (Math.max(first.docs, second.docs) >= COMMON_TERM_DOCS) continue;
    const expression = adjacentExpression(first, second);
    if (expression !== null) pairs.push(await matchingDocIds(store, expression, low, high));
  }
  return pairs;
}

/**
 * Scores candidates against the query's concepts. `allMatched` holds the candidates known to match every concept
 * (the strict pass), so common concepts need no look-up for them; for the others, a common concept counts when
 * it is in the title.
 */
export async function lexicalScorer(
  store: Store,
  concepts: readonly Concept[],
  candidates: readonly Candidate[],
  allMatched: ReadonlySet<number>,
): Promise<(candidate: Candidate) => LexicalScore> {
  const counted = concepts.filter((c) => c.docs > 0 || c.parts.some((p) => p.docs > 0));
  if (counted.length === 0 || candidates.length === 0) return () => ({ relevance: 1, coverage: 1 });
  const papers = await indexedPaperCount(store);
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const c of candidates) {
    low = Math.min(low, c.docId);
    high = Math.max(high, c.docId);
  }
  const scoresOf = (expression: string | null, selective: boolean) =>
    expression === null || !selective ? Promise.resolve(NONE) : bm25Scores(store, expression, low, high);
  const scored = async (c: Concept): Promise<ConceptScores> => {
    const selective = c.docs < COMMON_TERM_DOCS;
    return {
      weight: idf(papers, c.docs),
      selective,
      typed: await scoresOf(c.typedExpression, selective),
      equivalent: await scoresOf(c.equivalentExpression, selective),
      narrower: await scoresOf(c.narrowerExpression, selective),
      title: await titleMatcher(store, [[...c.typed, ...c.equivalent]]),
      parts: await Promise.all(c.parts.filter((p) => p.docs > 0).map(scored)),
    };
  };
  const scores = await Promise.all(counted.map(scored));
  const pairs = await adjacentPairs(store, concepts, low, high);
  const totalWeight = scores.reduce((sum, s) => sum + s.weight, 0);

  /** How much of a concept a candidate matches (0 to 1), its bm25, and whether its title has it. */
  const matchOf = (s: ConceptScores, candidate: Candidate): { share: number; bm25: number; inTitle: boolean } => {
    const inTitle = s.title(candidate.title) > 0;
    if (!s.selective) return { share: allMatched.has(candidate.docId) || inTitle ? 1 : 0, bm25: 0, inTitle };
    const typed = s.typed.get(candidate.docId);
    const equivalent = s.equivalent.get(candidate.docId);
    const narrower = s.narrower.get(candidate.docId);
    const share = typed !== undefined ? 1 : equivalent !== undefined ? EQUIVALENT_WEIGHT : narrower !== undefined ? NARROWER_WEIGHT : 0;
    const bm25 = Math.max(typed ?? 0, EQUIVALENT_WEIGHT * (equivalent ?? 0), NARROWER_WEIGHT * (narrower ?? 0), 0);
    if (share > 0 || s.parts.length === 0) return { share, bm25, inTitle };
    let partsWeight = 0;
    let matchedParts = 0;
    let partsBm25 = 0;
    for (const part of s.parts) {
      const m = matchOf(part, candidate);
      partsWeight += part.weight;
      matchedParts += m.share * part.weight;
      partsBm25 = Math.max(partsBm25, m.bm25);
    }
    const partShare = partsWeight > 0 ? matchedParts / partsWeight : 0;
    return { share: PARTS_WEIGHT * partShare, bm25: PARTS_WEIGHT * partsBm25, inTitle: false };
  };

  return (candidate) => {
    let matchedWeight = 0;
    let bm25 = 0;
    let titleHits = 0;
    for (const s of scores) {
      const m = matchOf(s, candidate);
      matchedWeight += m.share * s.weight;
      bm25 += m.bm25;
      if (m.inTitle) titleHits += 1;
    }
    const coverage = totalWeight > 0 ? matchedWeight / totalWeight : 1;
    const sideBySide = pairs.length === 0 ? 0 : pairs.filter((p) => p.has(candidate.docId)).length / pairs.length;
    return { relevance: coverage * coverage * (1 + bm25 + 0.5 * titleHits) * (1 + ADJACENT_BOOST * sideBySide), coverage };
  };
}
