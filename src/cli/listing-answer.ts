// What `papers search` and `papers similar` share: open the store, get the answer, print its papers as JSON or
// its text, and turn a refusal of the query into a usage error (exit 2).
import { openAppContext } from '../app-context.js';
import type { Config } from '../config.js';
import { QueryError } from '../core/search/query-parser.js';
import { searchHitJson } from '../core/search/search-result-view.js';
import type { SearchHit } from '../core/search/search-response.js';
import type { Store } from '../store/database.js';
import { EXIT_OK, UsageError, type CliIo } from './cli-command.js';

export async function printListing(
  config: Config,
  io: CliIo,
  json: boolean,
  answer: (store: Store) => Promise<{ hits: SearchHit[]; text: string }>,
): Promise<number> {
  const app = await openAppContext(config);
  try {
    const { hits, text } = await answer(app.store);
    io.out(json ? JSON.stringify(hits.map(searchHitJson), null, 2) : text);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof QueryError) throw new UsageError(error.message);
    throw error;
  } finally {
    await app.store.close();
  }
}
