// One alternative a query word may match: what the user typed (a word, phrase or prefix), or a term taken
// from the index vocabulary (a typo correction or a prefix expansion).
import type { Term } from './query-parser.js';

export type MatchTerm =
  | Term
  /**
   * An index term (a porter stem such as "diffus"). `exact` when stemming it again leaves it unchanged, so it
   * can be searched as a word; otherwise it is searched as a prefix, which still covers it.
   */
  | { kind: 'stem'; stem: string; exact: boolean };
