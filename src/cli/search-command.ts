import { searchPageAnswer } from '../core/search/search-result-view.js';
import { searchPapers } from '../app/search/search.js';
import { CANDIDATE_CAP, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from '../core/search/search-response.js';
import { EXIT_OK, UsageError, type CliCommand } from './cli-command.js';
import { printListing } from './listing-answer.js';
import { parseOptions } from './parse-options.js';

export const searchCommand: CliCommand = {
  name: 'search',
  usage: 'papers search QUERY [--limit N] [--page N] [--json]',
  async run(args, config, io) {
    const { values, positionals } = parseOptions(
      args,
      { limit: { type: 'string', short: 'n' }, page: { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    if (values.help) {
      io.out(`Usage: ${this.usage}

QUERY: words (papers with all of them first, then with most of them; typos, spellings and abbreviations
are understood), "exact phrases", -excluded words, prefix*, and filters author:NAME, org:NAME, cat:cs.LG,
since:YYYY-MM-DD.
--limit N: 1 to ${MAX_SEARCH_LIMIT} results per page (default ${DEFAULT_SEARCH_LIMIT}).
--page N: which page of results (default 1); the text answer says how many papers match and which are shown.
--json: a JSON array, best first, of {id, title, score, upvotes, publishedAt, url, ...}; [] when nothing matches.`);
      return EXIT_OK;
    }
    const query = positionals.join(' ');
    if (query.trim() === '') throw new UsageError('Give a search query, for example: papers search "diffusion transformer"');
    const limit = values.limit === undefined ? DEFAULT_SEARCH_LIMIT : Number(values.limit);
    const page = values.page === undefined ? 1 : Number(values.page);
    if (!Number.isInteger(page) || page < 1 || page > CANDIDATE_CAP) {
      throw new UsageError(`--page must be a whole number from 1 to ${CANDIDATE_CAP} (you gave "${values.page}")`);
    }
    return printListing(config, io, values.json === true, async (store) => {
      const response = await searchPapers(store, query, { limit, offset: (page - 1) * limit });
      const limitOption = values.limit === undefined ? '' : ` --limit ${limit}`;
      const answer = searchPageAnswer(
        response,
        query,
        page,
        limit,
        (next) => `papers search ${shellWord(query)} --page ${next}${limitOption}`,
      );
      return { hits: response.hits, text: answer.text };
    });
  },
};

/** The query as one shell word, so the "next:" line can be pasted as it is. */
function shellWord(text: string): string {
  return /^[\w.:@/+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
