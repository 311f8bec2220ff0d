// /readyz on PostgreSQL compares this process's clock with the database server's: leases and schedules written by
// one host are read by the others, so a clock more than 2 s off makes the process not ready, and says why.
import type { Server } from 'node:http';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { listenForHealth } from '../../src/ops/health-listener.js';
import { healthHandler } from '../../src/ops/health-routes.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { claimIngestRun, finishIngestRun } from '../../src/store/ingest-runs-repository.js';
import { freePort } from '../helpers/free-port.js';
import { createTempPostgresStore, type TempPostgresStore } from '../helpers/temp-store.js';

let temp: TempPostgresStore;
const servers: Server[] = [];

beforeEach(async () => {
  temp = await createTempPostgresStore();
  // A fresh successful ingest, so that only the clock can make it not ready.
  const now = new Date();
  const id = await claimIngestRun(temp.store, { source: 'hf', windowStart: '2026-11-29', windowEnd: '2026-11-30', now, leaseMs: 60_000 });
  await finishIngestRun(temp.store, id!, {
    fetched: 0,
    new: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    now,
    error: null,
    skippedSamples: [],
  });
});
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  await temp.cleanup();
});

async function readyz(offsetMs: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const port = await freePort();
  const handler = healthHandler({
    store: temp.store,
    metrics: createMetrics(temp.store),
    platforms: () => ({}),
    ingestStaleAfterMs: 0,
    // This process's clock, `offsetMs` away from the machine's (the database server's, here).
    now: () => new Date(Date.now() + offsetMs),
  });
  const server = await listenForHealth(handler, port, pino({ level: 'silent' }));
  if (server === null) throw new Error(`port ${port} was taken`);
  servers.push(server);
  const response = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

it('is ready while the clocks agree, and 503 with the reason when this one is 5 s ahead or behind', async () => {
  const agree = await readyz(0);
  expect(agree.status).toBe(200);
  expect(Math.abs(agree.body.clockSkewMs as number)).toBeLessThan(2000);
  expect(agree.body.reason).toBeUndefined();

  const ahead = await readyz(5000);
  expect(ahead.status).toBe(503);
  expect(ahead.body).toMatchObject({ ready: false, database: true });
  expect(ahead.body.reason).toMatch(
    /^this host's clock is \d+\.\d s ahead of the database server's \(at most 2 s\): sync the clocks \(NTP\)$/,
  );

  const behind = await readyz(-5000);
  expect(behind.status).toBe(503);
  expect(behind.body.reason).toMatch(/behind the database server's/);
});
