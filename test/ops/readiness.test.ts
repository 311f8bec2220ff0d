// /readyz over real HTTP: 200 only when the database opens, every configured platform is connected and the last
// successful ingest is recent enough; otherwise 503 with what is wrong.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listenForHealth } from '../../src/ops/health-listener.js';
import { healthHandler, type Readiness } from '../../src/ops/health-routes.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { claimIngestRun, finishIngestRun } from '../../src/store/ingest-runs-repository.js';
import { freePort } from '../helpers/free-port.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

const NOW = new Date('2026-11-30T10:00:00.000Z');
const MINUTE = 60_000;

let temp: TempStore;
let server: Server | null = null;
let connected: Record<string, boolean>;

async function serve(options: Partial<Readiness> = {}): Promise<string> {
  const readiness: Readiness = {
    store: temp.store,
    metrics: createMetrics(temp.store),
    platforms: () => connected,
    ingestStaleAfterMs: 90 * MINUTE,
    now: () => NOW,
    ...options,
  };
  const port = await freePort();
  server = await listenForHealth(healthHandler(readiness), port, pino({ level: 'silent' }));
  return `http://127.0.0.1:${port}/readyz`;
}

async function ingestSucceededAt(finished: Date): Promise<void> {
  const id = await claimIngestRun(temp.store, {
    source: 'hf',
    windowStart: '2026-11-29',
    windowEnd: '2026-11-30',
    now: finished,
    leaseMs: MINUTE,
  });
  if (id === null) throw new Error('ingest run not claimed');
  const counts = { fetched: 1, new: 1, updated: 0, unchanged: 0, skipped: 0 };
  await finishIngestRun(temp.store, id, { ...counts, now: finished, error: null, skippedSamples: [] });
}

beforeEach(async () => {
  temp = await createTempStore();
  connected = { discord: true, slack: true };
});

afterEach(async () => {
  await new Promise<void>((closed) => (server === null ? closed() : server.close(() => closed())));
  server = null;
  await temp.cleanup();
});

describe('the health listener', () => {
  it('binds the loopback address unless HOST says otherwise', async () => {
    const port = await freePort();
    server = await listenForHealth(() => undefined, port, pino({ level: 'silent' }));
    expect((server?.address() as AddressInfo).address).toBe('127.0.0.1');
    await new Promise((resolve) => server?.close(resolve));
    server = await listenForHealth(() => undefined, port, pino({ level: 'silent' }), '0.0.0.0');
    expect((server?.address() as AddressInfo).address).toBe('0.0.0.0');
  });
});

describe('/readyz', () => {
  it('is 200 with a recent ingest and every platform connected', async () => {
    await ingestSucceededAt(new Date(NOW.getTime() - 20 * MINUTE));
    const response = await fetch(await serve());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ready: true,
      database: true,
      platforms: { discord: true, slack: true },
      lastIngestAt: '2026-11-30T09:40:00.000Z',
      lastIngestAgeSeconds: 1200,
    });
  });

  it('is 503 while a platform is disconnected, and 200 again once it is back', async () => {
    await ingestSucceededAt(new Date(NOW.getTime() - 20 * MINUTE));
    const url = await serve();
    connected = { discord: false, slack: true };
    const down = await fetch(url);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ready: false, database: true, platforms: { discord: false, slack: true } });
    connected = { discord: true, slack: true };
    expect((await fetch(url)).status).toBe(200);
  });

  it('is 503 when the last successful ingest is older than allowed, or there was none', async () => {
    const url = await serve();
    const never = await fetch(url);
    expect(never.status).toBe(503);
    expect(await never.json()).toMatchObject({ ready: false, lastIngestAt: null, lastIngestAgeSeconds: null });
    await ingestSucceededAt(new Date(NOW.getTime() - 91 * MINUTE));
    const stale = await fetch(url);
    expect(stale.status).toBe(503);
    expect(await stale.json()).toMatchObject({ ready: false, lastIngestAgeSeconds: 91 * 60 });
  });

  it('ignores ingest age when ingestion is off', async () => {
    const response = await fetch(await serve({ ingestStaleAfterMs: 0 }));
    expect(response.status).toBe(200);
  });

  it('is 503 when the database cannot be read', async () => {
    const url = await serve({ ingestStaleAfterMs: 0 });
    temp.store.sqlite.close();
    const response = await fetch(url);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ready: false, database: false });
  });
});
