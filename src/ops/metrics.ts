// The bot's Prometheus metrics (prom-client, its own registry): digests per platform and outcome, ingest runs and
// papers per source, command latency per platform and subcommand, rate-limit waits, and the ledger's backlog,
// read from the database when scraped.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../store/database.js';
import { pendingDeliveryCount } from '../store/deliveries-repository.js';

export type DigestOutcome = 'sent' | 'failed' | 'skipped' | 'silent' | 'retrying';

export interface Metrics {
  registry: Registry;
  digests: Counter<'platform' | 'outcome'>;
  digestsBuilt: Counter<'platform'>;
  ingestRuns: Counter<'source' | 'status'>;
  ingestPapers: Counter<'source' | 'kind'>;
  commandSeconds: Histogram<'platform' | 'command'>;
  rateLimitWaits: Counter<'platform'>;
}

export function createMetrics(store: Store): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'papers_process_' });
  const digests = new Counter({
    name: 'papers_digests_total',
    help: 'Digest deliveries by platform and outcome (sent, failed, skipped, silent, retrying)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  });
  const digestsBuilt = new Counter({
    name: 'papers_digests_built_total',
    help: 'Digests built for due targets, by platform (processes sharing a store each build only the ones they claimed)',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const ingestRuns = new Counter({
    name: 'papers_ingest_runs_total',
    help: 'Ingest runs by source and status',
    labelNames: ['source', 'status'] as const,
    registers: [registry],
  });
  const ingestPapers = new Counter({
    name: 'papers_ingested_papers_total',
    help: 'Papers ingested by source: new, updated, skipped',
    labelNames: ['source', 'kind'] as const,
    registers: [registry],
  });
  const commandSeconds = new Histogram({
    name: 'papers_command_duration_seconds',
    help: 'Time to answer a /papers command, by platform and subcommand',
    labelNames: ['platform', 'command'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const rateLimitWaits = new Counter({
    name: 'papers_rate_limit_waits_total',
    help: 'Times a platform asked the bot to wait (429 / Retry-After)',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'papers_ledger_backlog',
    help: 'Digests claimed but not yet sent (pending in the delivery ledger)',
    registers: [registry],
    async collect() {
      this.set(await pendingDeliveryCount(store));
    },
  });
  return { registry, digests, digestsBuilt, ingestRuns, ingestPapers, commandSeconds, rateLimitWaits };
}
