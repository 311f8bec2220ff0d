import { afterEach, describe, expect, it } from 'vitest';
import {
  backoffDelay,
  fetchText,
  parseRetryAfter,
  realSleep,
  RequestAbortedError,
  UpstreamError,
  type HttpClientOptions,
} from '../../src/sources/http.js';
import { hfItems, startHfDouble, type HfDouble } from '../doubles/hf-double.js';
import { listenOnLoopback } from '../doubles/loopback-server.js';

const DAY = '2026-01-07';

const doubles: HfDouble[] = [];
afterEach(async () => {
  await Promise.all(doubles.splice(0).map((d) => d.close()));
});

/** The HF double with one day of items, and HTTP options whose sleeps are recorded instead of waited. */
async function setup(overrides: Partial<HttpClientOptions> = {}) {
  const double = await startHfDouble();
  doubles.push(double);
  double.setDay(DAY, hfItems(3, DAY));
  const sleeps: number[] = [];
  const http: HttpClientOptions = {
    timeoutMs: 2000,
    maxAttempts: 3,
    baseDelayMs: 1000,
    maxDelayMs: 60_000,
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  };
  const url = `${double.url}/api/daily_papers?date=${DAY}&limit=100&p=0`;
  return { double, http, sleeps, url };
}

/** The rejection of `promise`, which must reject. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

async function upstreamErrorOf(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

const ids = (body: string) => (JSON.parse(body) as { paper: { id: string } }[]).map((item) => item.paper.id);

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-07T12:00:00Z');

  it('reads delay-seconds, including fractions and surrounding space', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date relative to now, and a past date as no wait', () => {
    expect(parseRetryAfter('Wed, 07 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 07 Jan 2026 11:59:00 GMT', now)).toBe(0);
    // The obsolete formats HTTP recipients must still accept (RFC 9110 §5.6.7).
    expect(parseRetryAfter('Wednesday, 07-Jan-26 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed Jan  7 12:00:10 2026', now)).toBe(10_000);
  });

  it('returns null when the header is absent or unusable', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('   ', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    // Date.parse reads these as days in 2001, which would turn a garbled header into "retry at once".
    expect(parseRetryAfter('-1', now)).toBeNull();
    expect(parseRetryAfter('1 2', now)).toBeNull();
  });
});

describe('backoffDelay', () => {
  it('doubles the step per attempt, jitter spanning the upper half of the step', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 1000, 60_000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(2, 1000, 60_000, () => 0.5)).toBe(1500);
  });

  it('never exceeds maxMs however many attempts came before', () => {
    expect(backoffDelay(10, 1000, 5000, () => 1)).toBe(5000);
    expect(backoffDelay(10, 1000, 5000, () => 0)).toBe(2500);
    expect(backoffDelay(60, 1000, 5000, () => 1)).toBe(5000);
  });
});

describe('fetchText', () => {
  it('returns the body of a 200 at the first attempt without sleeping', async () => {
    const { double, http, sleeps, url } = await setup();
    const response = await fetchText(url, http);
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(1);
    expect(ids(response.body)).toEqual(['2601.10000', '2601.10001', '2601.10002']);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(sleeps).toEqual([]);
    expect(double.requests).toEqual([{ path: '/api/daily_papers', params: { date: DAY, limit: '100', p: '0' } }]);
  });

  it('waits what Retry-After asks (seconds) after a 429, then succeeds', async () => {
    const { double, http, sleeps, url } = await setup();
    double.script({ kind: 'status', status: 429, retryAfter: '2' });
    const response = await fetchText(url, http);
    expect(sleeps).toEqual([2000]);
    expect(response.attempts).toBe(2);
    expect(ids(response.body)).toHaveLength(3);
    expect(double.requests).toHaveLength(2);
  });

  it('waits until an HTTP-date Retry-After', async () => {
    const { double, http, sleeps, url } = await setup();
    // HTTP dates have whole seconds, so the wait is up to a second shorter than 30 s; more would mean a bug.
    const until = new Date(Date.now() + 30_000).toUTCString();
    double.script({ kind: 'status', status: 503, retryAfter: until });
    const response = await fetchText(url, http);
    expect(response.attempts).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(25_000);
    expect(sleeps[0]).toBeLessThanOrEqual(30_000);
  });

  it('falls back to backoff when Retry-After is garbled', async () => {
    const { double, http, sleeps, url } = await setup();
    double.script({ kind: 'status', status: 503, retryAfter: '-1' });
    const response = await fetchText(url, http);
    expect(response.attempts).toBe(2);
    expect(sleeps).toEqual([750]);
  });

  it.each([
    { random: 0, delays: [500, 1000] },
    { random: 1, delays: [1000, 2000] },
  ])('backs off exponentially after 500, 500 (random() = $random → $delays)', async ({ random, delays }) => {
    const { double, http, sleeps, url } = await setup({ random: () => random });
    double.script({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const response = await fetchText(url, http);
    expect(response.attempts).toBe(3);
    expect(sleeps).toEqual(delays);
    expect(double.requests).toHaveLength(3);
  });

  it('does not retry a 404', async () => {
    const { double, http, sleeps, url } = await setup();
    double.script({ kind: 'status', status: 404, body: '{"error":"Not Found"}' });
    const error = await upstreamErrorOf(fetchText(url, http));
    expect(error.status).toBe(404);
    expect(error.attempts).toBe(1);
    expect(error.message).toContain('HTTP 404 ({"error":"Not Found"})');
    expect(sleeps).toEqual([]);
    expect(double.requests).toHaveLength(1);
  });

  it('does not retry a refused connection or a name that does not resolve, and says what to check', async () => {
    const { http, sleeps } = await setup();
    // A port that was just free: nothing listens there.
    const closed = await listenOnLoopback(() => undefined);
    await closed.close();
    const refused = await upstreamErrorOf(fetchText(`${closed.origin}/api/daily_papers`, http));
    expect(refused.attempts).toBe(1);
    expect(refused.status).toBeNull();
    expect(refused.message).toMatch(
      /^cannot reach 127\.0\.0\.1:\d+: the connection was refused \(ECONNREFUSED\); check the network and the URL$/,
    );
    // .invalid never resolves (RFC 6761).
    const unknown = await upstreamErrorOf(fetchText('http://papers-bot.invalid/api/daily_papers', http));
    expect(unknown.attempts).toBe(1);
    expect(unknown.message).toMatch(/^cannot reach papers-bot\.invalid: its name (does not resolve|could not be resolved)/);
    expect(sleeps).toEqual([]);
  });

  it('does not retry the 400 HF sends for a bad date', async () => {
    const { double, http } = await setup();
    const error = await upstreamErrorOf(fetchText(`${double.url}/api/daily_papers?date=2026-02-30`, http));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/Invalid date/);
    expect(double.requests).toHaveLength(1);
  });

  it('cuts off a connection that never answers and retries it', async () => {
    const { double, http, sleeps, url } = await setup({ timeoutMs: 200 });
    double.script({ kind: 'hang' });
    const response = await fetchText(url, http);
    expect(response.attempts).toBe(2);
    expect(ids(response.body)).toHaveLength(3);
    expect(sleeps).toEqual([750]);
    expect(double.requests).toHaveLength(2);
  });

  it('cuts off a body that stalls after the headers, and says so', async () => {
    const { double, http, url } = await setup({ timeoutMs: 200, maxAttempts: 1 });
    double.script({ kind: 'stall-body' });
    const error = await upstreamErrorOf(fetchText(url, http));
    expect(error.message).toMatch(/failed after 1 attempts: .*timed out after 200 ms/);
    // The stalled attempt had a 200 status line, but no usable response: the error carries no status.
    expect(error.status).toBeNull();
    expect(double.requests).toHaveLength(1);
  });

  it('retries a stalled body and succeeds', async () => {
    const { double, http, url } = await setup({ timeoutMs: 200 });
    double.script({ kind: 'stall-body' });
    const response = await fetchText(url, http);
    expect(response.attempts).toBe(2);
    expect(ids(response.body)).toHaveLength(3);
  });

  it('gives up with UpstreamError after maxAttempts, sleeping between attempts only', async () => {
    const { double, http, sleeps, url } = await setup({ random: () => 0 });
    double.script({ kind: 'status', status: 503, times: Infinity });
    const error = await upstreamErrorOf(fetchText(url, http));
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(3);
    expect(error.message).toMatch(/failed after 3 attempts: HTTP 503/);
    expect(sleeps).toEqual([500, 1000]);
    expect(double.requests).toHaveLength(3);
  });

  it('gives up at once when Retry-After is longer than maxRetryAfterMs', async () => {
    const { double, http, sleeps, url } = await setup({ maxRetryAfterMs: 60_000 });
    double.script({ kind: 'status', status: 429, retryAfter: '3600' });
    const error = await upstreamErrorOf(fetchText(url, http));
    expect(error.status).toBe(429);
    expect(error.attempts).toBe(1);
    expect(error.message).toMatch(/asked us to wait 3600 s/);
    expect(sleeps).toEqual([]);
    expect(double.requests).toHaveLength(1);
  });
});

describe('stopping', () => {
  it('an abort ends a backoff wait at once, with RequestAbortedError', async () => {
    const stopping = new AbortController();
    // Real sleeps here: a 10-minute backoff that only the abort can end.
    const { double, url } = await setup();
    double.script({ kind: 'status', status: 500, times: Infinity });
    const http: HttpClientOptions = { timeoutMs: 2000, maxAttempts: 5, baseDelayMs: 600_000, random: () => 1, signal: stopping.signal };
    const pending = rejectionOf(fetchText(url, http));
    await double.waitForRequests(1);
    stopping.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(double.requests).toHaveLength(1);
  });

  it('an abort ends a hanging request', async () => {
    const stopping = new AbortController();
    const { double, url } = await setup();
    double.script({ kind: 'hang' });
    const pending = rejectionOf(fetchText(url, { timeoutMs: 600_000, maxAttempts: 3, signal: stopping.signal }));
    await double.waitForRequests(1);
    stopping.abort();
    expect(await pending).toBeInstanceOf(RequestAbortedError);
  });

  it('a request made after the abort is not sent', async () => {
    const stopping = new AbortController();
    stopping.abort();
    const { double, url } = await setup();
    expect(await rejectionOf(fetchText(url, { timeoutMs: 1000, maxAttempts: 3, signal: stopping.signal }))).toBeInstanceOf(
      RequestAbortedError,
    );
    expect(double.requests).toHaveLength(0);
    await expect(realSleep(10, stopping.signal)).rejects.toBeInstanceOf(RequestAbortedError);
  });
});
