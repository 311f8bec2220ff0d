// The SQLite file: it exists, opens, passes quick_check and can be written; then the checks every store gets
// (migrations, papers stored, ingest ages, digests: store-checks.ts).
import type { Config } from '../../config.js';
import type { Store } from '../../store/database.js';
import { sqlitePathFromUrl } from '../../store/database.js';
import { openExistingStore } from '../../store/open-existing-store.js';
import { probeWriteLock, quickCheck } from '../../store/store-health.js';
import { storeTroubleKind } from '../../store/store-trouble.js';
import { errorText, fail, ok, warn, type ChannelTargets, type CheckResult } from './check.js';
import { migrationsCheck, storeContentChecks, type DatabaseReport } from './store-checks.js';

export async function sqliteChecks(config: Config, now: Date, channelCap: number): Promise<DatabaseReport> {
  const path = sqlitePathFromUrl(config.DATABASE_URL);
  const channels = new Map<string, ChannelTargets>();
  let store: Store | null;
  try {
    store = openExistingStore(path);
  } catch (error) {
    const result = fail('database', 'open', `${path} cannot be opened: ${errorText(error)}`, fileFix(path));
    return { results: [result], channels };
  }
  if (store === null) {
    const result = warn('database', 'file', `${path} does not exist yet`, '`papers run` or `papers migrate` creates it');
    return { results: [result], channels };
  }
  try {
    const results = [ok('database', 'file', path), integrity(store), writable(store)];
    const migrations = await migrationsCheck(store);
    results.push(migrations.result);
    // A database older than the schema cannot answer the questions below; migrating it comes first.
    if (migrations.pending.length > 0) return { results, channels };
    const content = await storeContentChecks(store, config, now, channelCap);
    return { results: [...results, ...content.results], channels: content.channels };
  } finally {
    await store.close();
  }
}

function fileFix(path: string): string {
  return `check that ${path} and its folder exist and that this user may read and write them (and the -wal and -shm files beside it)`;
}

function integrity(store: Store): CheckResult {
  try {
    const answer = quickCheck(store);
    return answer === 'ok'
      ? ok('database', 'integrity', 'quick_check ok')
      : fail(
          'database',
          'integrity',
          `quick_check found damage: ${answer.slice(0, 200)}`,
          'stop the bot and restore the latest `papers backup` copy',
        );
  } catch (error) {
    return fail(
      'database',
      'integrity',
      `quick_check failed: ${errorText(error)}`,
      'stop the bot and restore the latest `papers backup` copy',
    );
  }
}

/** Takes the write lock and lets go at once (BEGIN IMMEDIATE, ROLLBACK): nothing is written. */
function writable(store: Store): CheckResult {
  try {
    probeWriteLock(store);
    return ok('database', 'writable', 'the write lock can be taken');
  } catch (error) {
    // SQLite's refusals, told apart as for commands (src/store/store-trouble.ts).
    const kind = storeTroubleKind(error);
    if (kind === 'locked') {
      return fail(
        'database',
        'writable',
        'locked: another process held the write lock for more than 2 s',
        'find the process holding it (a stuck `papers` command, a backup tool, a SQLite shell) and end it',
      );
    }
    if (kind === 'read-only') return fail('database', 'writable', 'the database is read-only here', fileFix(store.path));
    return fail('database', 'writable', `a write cannot start: ${errorText(error)}`, fileFix(store.path));
  }
}
