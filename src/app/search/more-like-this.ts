// The lexical half of "more like this": a paper's most telling words as one query (as Lucene's MoreLikeThis does).
// Each content word (no stop words) of the title (counted three times: it says what the paper is about), of the
// abstract's opening (twice: the problem the paper addresses) and of the rest of the abstract and AI keywords is
// weighed by (1 + ln of how often the paper uses it) × how rare it is in the store (idf); the top MLT_TERMS that
// some other paper shares, and that are not in most papers, are ORed and the store is ranked by bm25 on them.
import type { Store } from '../../store/database.js';
import { anyOf } from '../../store/fts-match.js';
import { indexedPaperCount, indexStemCounts, topBm25, vocabularyTerms } from '../../store/search-index.js';
import type { Paper } from '../../core/paper.js';
import type { MatchTerm } from '../../core/search/match-term.js';
import { tokenize } from '../../core/semantic/tokenize.js';
import { COMMON_TERM_DOCS } from './term-groups.js';

export const MLT_TERMS = 12;
/** As Lucene's MoreLikeThis (minDocFreq 5): a word fewer papers share is more likely chance than a theme. */
export const MLT_MIN_DOCS = 5;
/** Stems of one or two letters, and numbers, say little about what a paper is like. */
const TELLING = /^\p{L}[\p{L}\p{N}]{2,}$/u;

/** The abstract's first two sentences: where a paper states the problem it addresses. */
function openingSentences(abstract: string): string {
  const ends = [...abstract.matchAll(/[.!?](?=\s+[A-Z])/g)];
  const cut = ends[1]?.index;
  return cut === undefined ? abstract : abstract.slice(0, cut + 1);
}

/** The words that carry content (no stop words such as "via", "we", "paper"). */
function content(text: string): string {
  return tokenize(text).join(' ');
}

/** The store's papers most like `paper` by shared telling words, best first, the paper itself left out. */
export async function moreLikeThis(store: Store, paper: Paper, docId: number, limit: number): Promise<{ docId: number; score: number }[]> {
  const opening = openingSentences(paper.abstract);
  const text = [paper.title, paper.title, paper.title, opening, opening, paper.abstract, paper.aiKeywords.join(' ')].map(content).join(' ');
  const counts = await indexStemCounts(store, text);
  const stems = [...counts.keys()].filter((stem) => TELLING.test(stem));
  const papers = Math.max(1, await indexedPaperCount(store));
  const telling = (await vocabularyTerms(store, stems))
    // Shared with another paper, and not so common that it would scan much of the index.
    .filter((v) => v.docCount >= MLT_MIN_DOCS && v.docCount < COMMON_TERM_DOCS)
    .map((v) => ({ stem: v.term, weight: (1 + Math.log(counts.get(v.term) ?? 1)) * Math.log(papers / v.docCount) }))
    .sort((a, b) => b.weight - a.weight || a.stem.localeCompare(b.stem))
    .slice(0, MLT_TERMS);
  if (telling.length === 0) return [];
  // One more than asked: the paper itself is usually among them.
  const best = await topBm25(store, anyOf(telling.map((t): MatchTerm => ({ kind: 'stem', stem: t.stem, exact: true }))), limit + 1);
  return best.filter((b) => b.docId !== docId).slice(0, limit);
}
