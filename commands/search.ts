import { z } from 'zod';
import { MAX_QUERY_LENGTH, QueryError } from '../src/core/search/query-parser.js';
import { searchHitText, searchPageAnswer } from '../src/core/search/search-result-view.js';
import { searchPapers } from '../src/app/search/search.js';
import { CANDIDATE_CAP, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from '../src/core/search/search-response.js';
import type { CommandDefinition } from './command.js';
import { wholeNumber } from './option-schemas.js';
import { pageInQuery } from './search-page.js';

/** Ranking looks at the newest CANDIDATE_CAP matches: with pages of one paper, that many pages reach them all. */
const MAX_PAGE = CANDIDATE_CAP;
/**
 * Discord shows a search as one message of at most 2,000 characters: five papers with their summary lines fit,
 * ten do not, and a page cut short would say "1–10 shown" of papers nobody sees. Its page buttons turn five at a
 * time unless `limit` says otherwise.
 */
export const DISCORD_SEARCH_LIMIT = 5;

const schema = z.object({
  query: z
    .string({ error: 'Type something to search for.' })
    .trim()
    .min(1, 'Type something to search for.')
    .max(MAX_QUERY_LENGTH, `A search is at most ${MAX_QUERY_LENGTH} characters.`),
  limit: wholeNumber('limit', 1, MAX_SEARCH_LIMIT).optional(),
  page: wholeNumber('page', 1, MAX_PAGE).optional(),
});

export const searchCommand: CommandDefinition<typeof schema> = {
  name: 'search',
  description: 'Search the stored papers: words, "phrases", -exclusions, prefix*, author: org: cat: since:',
  usage: '/papers search <query>',
  details:
    'Searches the stored papers by what the words mean: papers with all of them first, then those with most of them, and papers about the same thing in other words. Abbreviations the papers define (`PTQ`, `RLHF`) and their long forms find each other, a broad topic finds its kinds (`model compression` finds quantization), and typos, British and American spellings, singular and plural, joined, split or hyphenated compounds and numbers with units (`4 bit`, `4-bit`, `int4`) all match; the answer says what it also searched. `"a phrase"` keeps words together and as written, `-word` leaves papers out, `prefix*` matches word starts, and `author:`, `org:`, `cat:` and `since:YYYY-MM-DD` narrow the search. The answer says how many papers match and which are shown, and each paper comes with its one-line summary, upvotes and date. `page:2` (or `--page 2`) in the query shows the second page, and the answer\'s last line gives the command for the next one; in Discord, buttons turn the pages and share a page with the channel. Only you see the answer; in Discord and Slack each paper has a Similar button (see `/papers similar`).',
  examples: [
    '/papers search diffusion "video generation"',
    '/papers search author:hinton -cat:cs.CV since:2026-01-01',
    '/papers search quantization page:2',
  ],
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
    const typed = pageInQuery(input.query);
    if (!typed.ok) return { text: `${typed.message}\nUsage: ${searchCommand.usage}`, ephemeral: true };
    const query = typed.query.trim();
    if (query === '') return { text: 'Type something to search for besides the page.', ephemeral: true };
    if (typed.page !== null && input.page !== undefined && typed.page !== input.page) {
      return { text: `Two pages asked for (${input.page} and ${typed.page}); give one.`, ephemeral: true };
    }
    const page = typed.page ?? input.page ?? 1;
    // Discord turns pages with buttons; everywhere else the answer's last line says what to type.
    const buttons = ctx.caller.platform === 'discord';
    const limit = input.limit ?? (buttons ? DISCORD_SEARCH_LIMIT : DEFAULT_SEARCH_LIMIT);
    try {
      const offset = (page - 1) * limit;
      const response = await searchPapers(ctx.store, query, { limit, offset, now: ctx.now() });
      const answer = searchPageAnswer(response, query, page, limit, buttons ? null : (next) => `/papers search ${query} page:${next}`);
      const paging = { query, limit, page, hasMore: answer.hasMore };
      if (answer.pastTheEnd) return { text: answer.text, ephemeral: true, paging };
      return {
        text: answer.text,
        ephemeral: true,
        papers: response.hits.map((hit, i) => ({ id: hit.paper.id, rank: offset + i + 1, text: searchHitText(hit, offset + i + 1) })),
        paging,
      };
    } catch (error) {
      if (error instanceof QueryError) return { text: error.message, ephemeral: true };
      throw error;
    }
  },
};
