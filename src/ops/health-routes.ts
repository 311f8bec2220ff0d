// /healthz (the process answers), /readyz (the database opens, each platform is connected, the last ingest is
// recent enough) and /metrics (Prometheus text). One handler, served by our own listener on PORT, or by the Slack
// HTTP receiver's custom routes when Slack's HTTP mode already listens there.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../store/database.js';
import { lastSucceededIngestAt } from '../store/ingest-runs-repository.js';
import { databaseClock } from '../store/store-health.js';
import type { Metrics } from './metrics.js';

/** Ingestion counts as stalled when its last success is older than this many intervals (/readyz, papers doctor). */
export const INGEST_STALE_INTERVALS = 3;

export interface Readiness {
  store: Store;
  metrics: Metrics;
  /** Each configured platform, and whether it is connected now. */
  platforms: () => Record<string, boolean>;
  /** Ingest counts as stale after this long without a successful run (0: ingest is off, never stale). */
  ingestStaleAfterMs: number;
  now: () => Date;
}

/** Leases and schedules compare this process's clock with the others' through the database: they must agree. */
export const MAX_CLOCK_SKEW_MS = 2000;

export interface ReadyReport {
  ready: boolean;
  database: boolean;
  platforms: Record<string, boolean>;
  lastIngestAt: string | null;
  lastIngestAgeSeconds: number | null;
  /** PostgreSQL: how far this process's clock is ahead of the database server's (negative: behind). */
  clockSkewMs?: number;
  /** Why it is not ready, when it is not. */
  reason?: string;
}

export async function readiness(options: Readiness): Promise<ReadyReport> {
  let database = false;
  let lastIngestAt: string | null = null;
  let skew: number | null = null;
  const reasons: string[] = [];
  try {
    lastIngestAt = await lastSucceededIngestAt(options.store);
    const serverClock = await databaseClock(options.store);
    if (serverClock !== null) skew = options.now().getTime() - serverClock.getTime();
    database = true;
  } catch (error) {
    reasons.push(`the database cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  const platforms = options.platforms();
  for (const [name, up] of Object.entries(platforms)) if (!up) reasons.push(`${name} is not connected`);
  const age = lastIngestAt === null ? null : Math.round((options.now().getTime() - new Date(lastIngestAt).getTime()) / 1000);
  const fresh = options.ingestStaleAfterMs <= 0 || (age !== null && age * 1000 <= options.ingestStaleAfterMs);
  if (database && !fresh) reasons.push(age === null ? 'no ingest has succeeded yet' : `the last successful ingest was ${age} s ago`);
  const clockOk = skew === null || Math.abs(skew) <= MAX_CLOCK_SKEW_MS;
  if (!clockOk && skew !== null) {
    reasons.push(
      `this host's clock is ${(Math.abs(skew) / 1000).toFixed(1)} s ${skew > 0 ? 'ahead of' : 'behind'} the database server's (at most ${MAX_CLOCK_SKEW_MS / 1000} s): sync the clocks (NTP)`,
    );
  }
  return {
    ready: database && Object.values(platforms).every(Boolean) && fresh && clockOk,
    database,
    platforms,
    lastIngestAt,
    lastIngestAgeSeconds: age,
    ...(skew === null ? {} : { clockSkewMs: Math.round(skew) }),
    ...(reasons.length === 0 ? {} : { reason: reasons.join('; ') }),
  };
}

export const HEALTH_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

/** Answers one of the health paths. */
export async function serveHealth(path: string, options: Readiness, res: ServerResponse): Promise<void> {
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ alive: true }));
    return;
  }
  if (path === '/readyz') {
    const report = await readiness(options);
    res.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
    return;
  }
  const text = await options.metrics.registry.metrics();
  res.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(text);
}

/** A request handler for our own listener: the health paths, 404 for anything else. */
export function healthHandler(options: Readiness) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' || !(HEALTH_PATHS as readonly string[]).includes(path)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
      return;
    }
    serveHealth(path, options, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}
