import { z } from 'zod';
import { MAX_QUERY_LENGTH, QueryError } from '../src/core/search/query-parser.js';
import { searchResponseText } from '../src/core/search/search-result-view.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, searchPapers } from '../src/core/search/search.js';
import type { CommandDefinition } from './command.js';

const options = z.object({
  query: z.string().trim().min(1, 'Type something to search for.').max(MAX_QUERY_LENGTH, `At most ${MAX_QUERY_LENGTH} characters.`),
  limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
});

export const searchCommand: CommandDefinition<typeof options> = {
  name: 'search',
  description: 'Search stored papers: words, "phrases", -exclusions, prefix*, author: org: cat: since:',
  options,
  permission: 'anyone',
  async run(ctx, input) {
    try {
      const response = await searchPapers(ctx.store, input.query, { limit: input.limit, now: ctx.now() });
      return { text: searchResponseText(response, input.query), ephemeral: true };
    } catch (error) {
      if (error instanceof QueryError) return { text: error.message, ephemeral: true };
      throw error;
    }
  },
};
