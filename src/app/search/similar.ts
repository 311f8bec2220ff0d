// "More like this": the papers nearest to one paper (named by arXiv id, or a Hugging Face or arXiv URL) or to
// a few words. The paper itself is never among the answers.
import type { Store } from '../../store/database.js';
import { docIdOfPaper, findPaper, findPapersByDocIds } from '../../store/papers-repository.js';
import { semanticNeighboursOfPaper } from '../semantic/semantic-search.js';
import { rankFused, scoreFusion } from '../../core/search/fusion.js';
import { moreLikeThis } from './more-like-this.js';
import { parseArxivId } from '../../core/arxiv-id.js';
import type { Paper } from '../../core/paper.js';
import { QueryError } from '../../core/search/query-parser.js';
import { searchPapers } from './search.js';
import { DEFAULT_SEARCH_LIMIT, type SearchHit } from '../../core/search/search-response.js';

export interface SimilarOptions {
  limit?: number;
  offset?: number;
  now?: Date;
}

export interface SimilarResponse {
  /** The paper the answer is like, when the input named one; null when it was words. */
  source: Paper | null;
  /** The words the answer is like, when the input was words. */
  words: string | null;
  hits: SearchHit[];
  /** Neighbours considered. */
  total: number;
}

const PAPER_URL =
  /^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co\/papers|(?:export\.)?arxiv\.org\/(?:abs|pdf|html))\/([^\s?#]+?)(?:\.pdf)?\/?(?:[?#].*)?$/i;

/** The arXiv id an input names (an id, or a Hugging Face or arXiv paper URL), or null when it is words. */
export function paperIdIn(input: string): string | null {
  const text = input.trim();
  const url = PAPER_URL.exec(text);
  return parseArxivId(url?.[1] ?? text)?.id ?? null;
}

/** Neighbours read from each half before fusing: enough for a few pages of answers. */
const NEIGHBOURS = 60;
/** For "more like this" the semantic half counts as much as the shared words (see fusion.ts for the method). */
const SIMILAR_SEMANTIC_WEIGHT = 1;

/**
 * The papers nearest to a stored paper: its semantic neighbours fused with the papers sharing its most telling
 * words (see more-like-this.ts), popularity and freshness as tie-breakers; the paper itself left out.
 */
async function nearestPapers(store: Store, source: Paper, count: number, now: Date): Promise<{ docId: number; score: number }[]> {
  const docId = await docIdOfPaper(store, source.id);
  if (docId === null) return [];
  const depth = Math.max(NEIGHBOURS, count);
  const lexical = await moreLikeThis(store, source, docId, depth);
  const semantic = (await semanticNeighboursOfPaper(store, docId, depth)).map((n) => [n.docId, n.similarity] as const);
  const fused = scoreFusion(lexical, semantic, SIMILAR_SEMANTIC_WEIGHT);
  fused.delete(docId);
  const papers = await findPapersByDocIds(store, [...fused.keys()]);
  return rankFused(fused, (id) => papers.get(id), now).slice(0, count);
}

export async function findSimilar(store: Store, input: string, options: SimilarOptions = {}): Promise<SimilarResponse> {
  const text = input.trim();
  if (text === '') throw new QueryError('Name a paper (an arXiv id or a Hugging Face or arXiv link) or type a few words.');
  const id = paperIdIn(text);
  if (id !== null) {
    const source = await findPaper(store, id);
    if (source === null) throw new QueryError(`Paper ${id} is not in the store yet, so there is nothing to compare it with.`);
    const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
    const offset = Math.max(0, Math.trunc(options.offset ?? 0));
    const ranked = await nearestPapers(store, source, offset + limit, options.now ?? new Date());
    const papers = await findPapersByDocIds(
      store,
      ranked.map((r) => r.docId),
    );
    const hits = ranked.slice(offset).flatMap((r) => {
      const paper = papers.get(r.docId);
      return paper === undefined ? [] : [{ paper, score: r.score }];
    });
    return { source, words: null, hits, total: ranked.length };
  }
  const response = await searchPapers(store, text, options);
  return { source: null, words: text, hits: response.hits, total: response.total };
}
