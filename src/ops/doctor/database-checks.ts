// The database: it exists, opens, passes quick_check, can be written, has every migration, holds papers, and
// (with ingestion on) each source was ingested recently. Also hands the channel targets to the platform checks.
import type { Config } from '../../config.js';
import type { Store } from '../../store/database.js';
import { sqlitePathFromUrl } from '../../store/database.js';
import { migrations } from '../../../migrations/index.js';
import { pendingMigrations } from '../../store/migrate.js';
import { lastSucceededIngestBySource } from '../../store/ingest-runs-repository.js';
import { paperCount } from '../../store/papers-repository.js';
import { probeWriteLock, quickCheck } from '../../store/store-health.js';
import { storeTroubleKind } from '../../store/store-trouble.js';
import { errorText, fail, ok, warn, type CheckResult, type ChannelTargets } from './check.js';
import { channelTargets, targetSummary } from './doctor-targets.js';
import { openExistingStore } from '../../store/open-existing-store.js';
import { ago } from './durations.js';
import { INGEST_STALE_INTERVALS } from '../health-routes.js';

export interface DatabaseReport {
  results: CheckResult[];
  /** Channel targets per platform ("discord", "slack"); empty when the database could not be read. */
  channels: Map<string, ChannelTargets>;
}

/** Sources the running bot ingests, in the order it runs them. */
const SOURCES = [
  { name: 'hf', label: 'Hugging Face' },
  { name: 'arxiv', label: 'arXiv' },
] as const;

export async function databaseChecks(config: Config, now: Date, channelCap: number): Promise<DatabaseReport> {
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
    const pending = await pendingMigrations(store);
    results.push(
      pending.length === 0
        ? ok('database', 'migrations', `all ${Object.keys(migrations).length} applied`)
        : warn(
            'database',
            'migrations',
            `${pending.length} not applied yet: ${pending.join(', ')}`,
            'the bot applies them when it starts, or run `papers migrate`',
          ),
    );
    // A database older than the schema cannot answer the questions below; migrating it comes first.
    if (pending.length > 0) return { results, channels };
    results.push(await papersStored(store));
    if (config.INGEST_INTERVAL_MINUTES > 0) results.push(...(await ingestAges(store, config.INGEST_INTERVAL_MINUTES, now)));
    else results.push(ok('database', 'ingest', 'ingestion is off (INGEST_INTERVAL_MINUTES=0); not checked'));
    for (const platform of ['discord', 'slack']) channels.set(platform, await channelTargets(store, platform, channelCap));
    results.push(...(await targetSummary(store, config)));
    return { results, channels };
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

async function papersStored(store: Store): Promise<CheckResult> {
  const n = await paperCount(store);
  return n === 0
    ? warn('database', 'papers', 'none stored yet', '`papers ingest` fetches them (the bot also does on its first start)')
    : ok('database', 'papers', `${n.toLocaleString('en-US')} stored`);
}

async function ingestAges(store: Store, intervalMinutes: number, now: Date): Promise<CheckResult[]> {
  const latest = await lastSucceededIngestBySource(store);
  const staleMs = INGEST_STALE_INTERVALS * intervalMinutes * 60_000;
  return SOURCES.map(({ name, label }) => {
    const at = latest.get(name) ?? null;
    const check = `ingest ${label}`;
    if (at === null) {
      return warn(
        'database',
        check,
        'no successful run yet',
        `\`papers ingest --source ${name}\` shows what goes wrong (the running bot ingests every ${intervalMinutes} min)`,
      );
    }
    const age = now.getTime() - new Date(at).getTime();
    const when = `last success ${ago(age)} (${at})`;
    return age > staleMs
      ? warn(
          'database',
          check,
          `${when}, more than ${INGEST_STALE_INTERVALS} intervals of ${intervalMinutes} min`,
          `is the bot running? \`papers stats\` lists the latest runs and their errors; \`papers ingest --source ${name}\` tries now`,
        )
      : ok('database', check, when);
  });
}
