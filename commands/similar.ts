// "More like this": the stored papers nearest to one paper (an arXiv id, or its Hugging Face or arXiv link) or to
// a few words. The ranking is the core's (findSimilar); this names what the answer is like, lists the papers as a
// search answer lists them, and turns input that names nothing into a sentence saying what would.
import { z } from 'zod';
import { MAX_QUERY_LENGTH, QueryError } from '../src/core/search/query-parser.js';
import { searchHitText } from '../src/core/search/search-result-view.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from '../src/core/search/search-response.js';
import { findSimilar, paperIdIn, type SimilarResponse } from '../src/app/search/similar.js';
import type { Store } from '../src/store/database.js';
import type { CommandDefinition, ListedPaper } from './command.js';
import { wholeNumber } from './option-schemas.js';

const NOTHING_NAMED = 'Name a paper (an arXiv id such as 2501.12345, or its Hugging Face or arXiv link) or type a few words.';

/** One word shaped like a link: the person meant a paper, so a search for the link's characters would mislead. */
const LINK_SHAPED = /^(?:https?:\/\/|www\.|(?:huggingface\.co|(?:export\.)?arxiv\.org)\/)\S*$/i;
/** One word shaped like an arXiv id, new style (2501.12345) or old (hep-th/9901001), that the core found no id in. */
const ID_SHAPED = /^(?:\d{4}\.\d+(?:v\d+)?|[a-z-]+(?:\.[a-z-]+)?\/\d{5,}(?:v\d+)?)$/i;

const schema = z.object({
  to: z
    .string({ error: NOTHING_NAMED })
    // Discord shows the option as "to:", so typed text copying it (`/papers similar to: 2501.12345`) means the same.
    .transform((text) => text.trim().replace(/^to[:=]\s*/i, ''))
    .pipe(
      z.string().min(1, NOTHING_NAMED).max(MAX_QUERY_LENGTH, `What a paper is compared with is at most ${MAX_QUERY_LENGTH} characters.`),
    ),
  limit: wholeNumber('limit', 1, MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
});

/**
 * The sentence for input that looked like a paper's link or id but named none the core recognised; null when the
 * input is words (which are then compared as words).
 */
export function notAPaperMessage(input: string): string | null {
  const text = input.trim();
  // An id the core recognises is a paper, whether or not the store has it (the core then says it has not).
  if (paperIdIn(text) !== null) return null;
  if (LINK_SHAPED.test(text))
    return `That link names no paper. Give a paper's Hugging Face or arXiv link (https://huggingface.co/papers/2501.12345, https://arxiv.org/abs/2501.12345), its arXiv id, or a few words.`;
  if (ID_SHAPED.test(text))
    return `"${text.slice(0, 40)}" is not an arXiv id. arXiv ids look like 2501.12345 (year, month, number) or hep-th/9901001.`;
  return null;
}

/** What the answer is like, as its header says it: the paper's title and id, or the words. */
function likeWhat(response: SimilarResponse): string {
  return response.source !== null ? `"${response.source.title}" (${response.source.id})` : JSON.stringify(response.words ?? '');
}

/** The answer as text: a header naming what the papers are like, then the papers as a search answer shows them. */
export function similarResponseText(response: SimilarResponse): string {
  if (response.hits.length === 0)
    return response.source !== null
      ? `No other stored paper is like ${likeWhat(response)} yet.`
      : `No papers are like ${likeWhat(response)}.`;
  return [`Papers similar to ${likeWhat(response)}:`, ...response.hits.map((hit, i) => searchHitText(hit, i + 1))].join('\n');
}

/** The answer's papers, for platforms that put a Similar button on each. */
export function similarListing(response: SimilarResponse): ListedPaper[] {
  return response.hits.map((hit, i) => ({ id: hit.paper.id, rank: i + 1, text: searchHitText(hit, i + 1) }));
}

/**
 * The core's answer, or the words for input that names no paper: a link or id the core did not recognise is said
 * to be one (instead of searched for as characters), and the core's own refusals (an unknown paper) pass through.
 */
export async function similarTo(store: Store, input: string, options: { limit: number; now: Date }): Promise<SimilarResponse> {
  const notAPaper = notAPaperMessage(input);
  let response: SimilarResponse;
  try {
    response = await findSimilar(store, input, options);
  } catch (error) {
    if (error instanceof QueryError && notAPaper !== null) throw new QueryError(notAPaper);
    throw error;
  }
  if (response.source === null && notAPaper !== null) throw new QueryError(notAPaper);
  return response;
}

export const similarCommand: CommandDefinition<typeof schema> = {
  name: 'similar',
  description: 'The papers most like one paper (arXiv id or link) or like a few words',
  usage: '/papers similar <arXiv id | link | words>',
  details:
    "Lists the stored papers most like one paper, named by its arXiv id (`2501.12345`) or its Hugging Face or arXiv link, or most like a few words; the paper itself is left out. The answer says what the papers are like (the paper's title and id, or the words), and only you see it. In Discord and Slack, search answers and digest papers have a Similar button that gives you this answer for that paper.",
  examples: [
    '/papers similar 2501.12345',
    '/papers similar https://huggingface.co/papers/2501.12345',
    '/papers similar sparse attention for long contexts',
  ],
  options: [
    {
      name: 'to',
      description: 'An arXiv id (2501.12345), a Hugging Face or arXiv paper link, or a few words',
      type: 'string',
      required: true,
      maxLength: MAX_QUERY_LENGTH,
      text: 'rest',
    },
    {
      name: 'limit',
      description: `How many papers (1 to ${MAX_SEARCH_LIMIT})`,
      type: 'integer',
      required: false,
      min: 1,
      max: MAX_SEARCH_LIMIT,
      text: 'none',
    },
  ],
  schema,
  permission: () => 'anyone',
  async run(ctx, input) {
    try {
      const response = await similarTo(ctx.store, input.to, { limit: input.limit, now: ctx.now() });
      return { text: similarResponseText(response), ephemeral: true, papers: similarListing(response) };
    } catch (error) {
      // The core's refusals (nothing named, an unknown paper) are whole answers; the usage line would add nothing.
      if (error instanceof QueryError) return { text: error.message, ephemeral: true };
      throw error;
    }
  },
};
