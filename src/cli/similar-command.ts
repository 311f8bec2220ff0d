// `papers similar`: the stored papers most like one paper (arXiv id, or its Hugging Face or arXiv link) or like a few
// words, as `/papers similar` answers; the paper itself is left out. `--json` prints the hits as `papers search --json`.
import { similarResponseText, similarTo } from '../../commands/similar.js';
import { MAX_QUERY_LENGTH } from '../core/search/query-parser.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from '../core/search/search-response.js';
import { EXIT_OK, UsageError, type CliCommand } from './cli-command.js';
import { printListing } from './listing-answer.js';
import { parseOptions } from './parse-options.js';

/** The --limit value, refused unless it is a whole number in range. */
function limitOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SEARCH_LIMIT;
  const limit = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT)
    throw new UsageError(`--limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT}.`);
  return limit;
}

export const similarCommand: CliCommand = {
  name: 'similar',
  usage: 'papers similar ID|URL|WORDS [--limit N] [--json]',
  async run(args, config, io) {
    const { values, positionals } = parseOptions(args, { limit: { type: 'string', short: 'n' }, json: { type: 'boolean' } }, true);
    if (values.help) {
      io.out(`Usage: ${this.usage}

ID|URL|WORDS: an arXiv id (2110.02861), a Hugging Face or arXiv paper link (https://huggingface.co/papers/2110.02861,
https://arxiv.org/abs/2110.02861), or a few words. The paper itself is left out of the answer.
--limit N: 1 to ${MAX_SEARCH_LIMIT} papers (default ${DEFAULT_SEARCH_LIMIT}).
--json: a JSON array, most similar first, shaped as papers search --json prints it; [] when nothing is like it.`);
      return EXIT_OK;
    }
    const input = positionals.join(' ').trim();
    if (input === '') throw new UsageError('Name a paper or give a few words, for example: papers similar 2110.02861');
    if (input.length > MAX_QUERY_LENGTH)
      throw new UsageError(`What a paper is compared with is at most ${MAX_QUERY_LENGTH} characters (this is ${input.length}).`);
    const limit = limitOf(values.limit);
    return printListing(config, io, values.json === true, async (store) => {
      const response = await similarTo(store, input, { limit, now: new Date() });
      return { hits: response.hits, text: similarResponseText(response) };
    });
  },
};
