import { z } from 'zod';
import { MAX_QUERY_LENGTH, QueryError } from '../src/core/search/query-parser.js';
import { searchHitText, searchResponseText } from '../src/core/search/search-result-view.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, searchPapers } from '../src/core/search/search.js';
import type { CommandDefinition } from './command.js';
import { wholeNumber } from './option-schemas.js';

/** Ranking looks at the newest CANDIDATE_CAP (500) matches: 20 pages of 25 reach them; `hasMore` ends sooner. */
const MAX_PAGE = 20;

const schema = z.object({
  query: z
    .string({ error: 'Type something to search for.' })
    .trim()
    .min(1, 'Type something to search for.')
    .max(MAX_QUERY_LENGTH, `A search is at most ${MAX_QUERY_LENGTH} characters.`),
  limit: wholeNumber('limit', 1, MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
  page: wholeNumber('page', 1, MAX_PAGE).default(1),
});

export const searchCommand: CommandDefinition<typeof schema> = {
  name: 'search',
  description: 'Search the stored papers: words, "phrases", -exclusions, prefix*, author: org: cat: since:',
  usage: '/papers search <query>',
  details:
    'Searches the stored papers by what the words mean: papers with all of them first, then those with most of them, and papers about the same thing in other words. Abbreviations the papers define (`PTQ`, `RLHF`) and their long forms find each other, a broad topic finds its kinds (`model compression` finds quantization), and typos, British and American spellings, singular and plural, joined, split or hyphenated compounds and numbers with units (`4 bit`, `4-bit`, `int4`) all match; the answer says what it also searched. `"a phrase"` keeps words together and as written, `-word` leaves papers out, `prefix*` matches word starts, and `author:`, `org:`, `cat:` and `since:YYYY-MM-DD` narrow the search. Only you see the answer; in Discord, buttons turn the pages (`page` also picks one) and share a page with the channel, and in Discord and Slack each paper has a Similar button (see `/papers similar`).',
  examples: ['/papers search diffusion "video generation"', '/papers search author:hinton -cat:cs.CV since:2026-01-01'],
  options: [
    {
      name: 'query',
      description: 'Words, "phrases", -exclusions, prefix*, author:, org:, cat:, since:',
      type: 'string',
      required: true,
      maxLength: MAX_QUERY_LENGTH,
      text: 'rest',
    },
    {
      name: 'limit',
      description: `How many results (1 to ${MAX_SEARCH_LIMIT})`,
      type: 'integer',
      required: false,
      min: 1,
      max: MAX_SEARCH_LIMIT,
      text: 'none',
    },
    {
      name: 'page',
      description: `Which page of results (1 to ${MAX_PAGE})`,
      type: 'integer',
      required: false,
      min: 1,
      max: MAX_PAGE,
      text: 'none',
    },
  ],
  schema,
  permission: () => 'anyone',
  async run(ctx, input) {
    try {
      const offset = (input.page - 1) * input.limit;
      const response = await searchPapers(ctx.store, input.query, { limit: input.limit, offset, now: ctx.now() });
      return {
        text: searchResponseText(response, input.query, offset),
        ephemeral: true,
        papers: response.hits.map((hit, i) => ({ id: hit.paper.id, rank: offset + i + 1, text: searchHitText(hit, offset + i + 1) })),
        paging: {
          query: input.query,
          limit: input.limit,
          page: input.page,
          hasMore: response.total > offset + response.hits.length && input.page < MAX_PAGE,
        },
      };
    } catch (error) {
      if (error instanceof QueryError) return { text: error.message, ephemeral: true };
      throw error;
    }
  },
};
