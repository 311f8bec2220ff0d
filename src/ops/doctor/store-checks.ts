// The checks that read the store the same way on SQLite and PostgreSQL: every migration applied, papers stored,
// (with ingestion on) each source ingested recently, and the digests set up. Also hands the channel targets to
// the platform checks.
import type { Config } from '../../config.js';
import type { Store } from '../../store/database.js';
import { lastSucceededIngestBySource } from '../../store/ingest-runs-repository.js';
import { migrationsFor, pendingMigrations } from '../../store/migrate.js';
import { paperCount } from '../../store/papers-repository.js';
import { INGEST_STALE_INTERVALS } from '../health-routes.js';
import { ok, warn, type CheckResult, type ChannelTargets } from './check.js';
import { channelTargets, targetSummary } from './doctor-targets.js';
import { ago } from './durations.js';

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

/** The migrations check, and the names of those not applied (the store's dialect decides which list). */
export async function migrationsCheck(store: Store): Promise<{ result: CheckResult; pending: string[] }> {
  const pending = await pendingMigrations(store);
  const result =
    pending.length === 0
      ? ok('database', 'migrations', `all ${Object.keys(migrationsFor(store)).length} applied`)
      : warn(
          'database',
          'migrations',
          `${pending.length} not applied yet: ${pending.join(', ')}`,
          'the bot applies them when it starts, or run `papers migrate`',
        );
  return { result, pending };
}

/** What the store holds; only for a store with every migration applied (an older one cannot answer). */
export async function storeContentChecks(store: Store, config: Config, now: Date, channelCap: number): Promise<DatabaseReport> {
  const results = [await papersStored(store)];
  if (config.INGEST_INTERVAL_MINUTES > 0) results.push(...(await ingestAges(store, config.INGEST_INTERVAL_MINUTES, now)));
  else results.push(ok('database', 'ingest', 'ingestion is off (INGEST_INTERVAL_MINUTES=0); not checked'));
  const channels = new Map<string, ChannelTargets>();
  for (const platform of ['discord', 'slack']) channels.set(platform, await channelTargets(store, platform, channelCap));
  results.push(...(await targetSummary(store, config)));
  return { results, channels };
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
