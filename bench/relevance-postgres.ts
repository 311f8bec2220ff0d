// The relevance bench's rankings and topics on PostgreSQL: a database of the bench's own (papers_bench_relevance,
// created through the admin connection the tests use and dropped afterwards), the same seed papers through the
// same import, the same graded queries. The bm25 baseline stays SQLite's FTS5, so the two reports share it.
import { openStore } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createEmptyDatabase, dropDatabase, postgresUrlOf, withAdmin } from '../test/helpers/postgres-databases.js';
import { runRelevanceBench, type RelevanceOptions, type RelevanceResult } from './relevance.js';

const DATABASE = 'papers_bench_relevance';

/** The relevance bench with its rankings on PostgreSQL; null, with the reason logged, when the server is out of reach. */
export async function runRelevanceOnPostgres(
  options: Omit<RelevanceOptions, 'rankedOn'>,
  log: (line: string) => void,
): Promise<RelevanceResult | null> {
  try {
    await withAdmin(async (admin) => {
      await dropDatabase(admin, DATABASE);
      await createEmptyDatabase(admin, DATABASE);
    });
  } catch (error) {
    log(`\nrelevance on PostgreSQL: skipped, the server cannot be reached (${(error as Error).message})`);
    return null;
  }
  return runRelevanceBench({
    ...options,
    rankedOn: async () => {
      const store = openStore(postgresUrlOf(DATABASE), { poolSize: 2 });
      await migrateToLatest(store);
      return {
        store,
        async cleanup() {
          await store.close();
          await withAdmin((admin) => dropDatabase(admin, DATABASE));
        },
      };
    },
  });
}
