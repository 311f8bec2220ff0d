import { searchResponseText } from '../core/search/search-result-view.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, searchPapers } from '../core/search/search.js';
import { EXIT_OK, UsageError, type CliCommand } from './cli-command.js';
import { printListing } from './listing-answer.js';
import { parseOptions } from './parse-options.js';

export const searchCommand: CliCommand = {
  name: 'search',
  usage: 'papers search QUERY [--limit N] [--json]',
  async run(args, config, io) {
    const { values, positionals } = parseOptions(args, { limit: { type: 'string', short: 'n' }, json: { type: 'boolean' } }, true);
    if (values.help) {
      io.out(`Usage: ${this.usage}

QUERY: words (papers with all of them first, then with most of them; typos, spellings and abbreviations
are understood), "exact phrases", -excluded words, prefix*, and filters author:NAME, org:NAME, cat:cs.LG,
since:YYYY-MM-DD.
--limit N: 1 to ${MAX_SEARCH_LIMIT} results (default ${DEFAULT_SEARCH_LIMIT}).
--json: a JSON array, best first, of {id, title, score, upvotes, publishedAt, url, ...}; [] when nothing matches.`);
      return EXIT_OK;
    }
    const query = positionals.join(' ');
    if (query.trim() === '') throw new UsageError('Give a search query, for example: papers search "diffusion transformer"');
    const limit = values.limit === undefined ? DEFAULT_SEARCH_LIMIT : Number(values.limit);
    return printListing(config, io, values.json === true, async (store) => {
      const response = await searchPapers(store, query, { limit });
      return { hits: response.hits, text: searchResponseText(response, query) };
    });
  },
};
