// Whether a paper's title contains a query term, decided in memory from the title text. Used to rank matches
// of very common words, where asking the index would mean walking most of a posting list.
//
// Titles are compared against porter stems by prefix: "Transformers" contains the stem "transform", "Modeling"
// the stem "model". Porter only strips suffixes, so a word starts with its stem in all but rare cases
// ("study" -> "studi"), which at worst costs a small ranking bonus.
import type { Store } from '../../store/database.js';
import { indexStem } from '../../store/search-index.js';
import type { MatchTerm } from '../../core/search/match-term.js';
import { wordPieces } from '../../core/search/query-parser.js';

type StemSequence = string[];

async function stemsOf(store: Store, alternative: MatchTerm): Promise<StemSequence> {
  switch (alternative.kind) {
    case 'stem':
      return [alternative.stem];
    case 'phrase':
      return Promise.all(alternative.words.map(async (w) => (await indexStem(store, w)) ?? w));
    case 'word':
      return [alternative.prefix ? alternative.word : ((await indexStem(store, alternative.word)) ?? alternative.word)];
  }
}

function containsSequence(tokens: readonly string[], stems: StemSequence): boolean {
  for (let i = 0; i + stems.length <= tokens.length; i += 1) {
    if (stems.every((stem, k) => tokens[i + k]?.startsWith(stem) === true)) return true;
  }
  return false;
}

/** Returns a function counting how many of the groups appear in a title. */
export async function titleMatcher(store: Store, groups: readonly (readonly MatchTerm[])[]): Promise<(title: string) => number> {
  const stemGroups = await Promise.all(groups.map((alternatives) => Promise.all(alternatives.map((alt) => stemsOf(store, alt)))));
  return (title) => {
    // Most titles contain none of the stems: a substring test rules them out before any tokenizing.
    const lower = title.toLowerCase();
    const possible = stemGroups.filter((alternatives) => alternatives.some((stems) => lower.includes(stems[0] ?? '')));
    if (possible.length === 0) return 0;
    const tokens = wordPieces(title, Number.POSITIVE_INFINITY);
    return possible.filter((alternatives) => alternatives.some((stems) => containsSequence(tokens, stems))).length;
  };
}
