// The one HTTP helper every source uses: a hard timeout per attempt (headers and body), retries with
// exponential backoff and jitter for 429, 5xx, timeouts and network errors, and Retry-After honoured.
import type { Logger } from 'pino';

export interface HttpClientOptions {
  /** Cuts off an attempt that has not delivered its whole body by then. */
  timeoutMs: number;
  maxAttempts: number;
  /** First backoff step; doubles with each attempt. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this ends the run instead of stalling it. */
  maxRetryAfterMs?: number;
  userAgent?: string;
  logger?: Logger;
  /** Injected for tests and benchmarks; defaults to a real timer and Math.random. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Extra rule for upstreams that signal throttling in a 200 body (arXiv's "Rate exceeded."). */
  retryableBody?: (status: number, body: string) => boolean;
  /** Aborting it ends the request and any backoff wait at once (the bot is stopping). */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  body: string;
  headers: Headers;
  attempts: number;
}

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Failures that a few seconds of backoff do not mend: the name does not resolve, or nothing listens at the address
 * (no network, a mistyped *_API_URL, a firewall). They end the request at once with what to check, where a 503 or
 * a dropped connection is retried.
 */
const UNREACHABLE: Record<string, string> = {
  ENOTFOUND: 'its name does not resolve (DNS)',
  EAI_AGAIN: 'its name could not be resolved (DNS unavailable)',
  ECONNREFUSED: 'the connection was refused',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
};

/** The system error code of a failed fetch ("ENOTFOUND"), from its cause or the first of its causes. */
function networkCode(error: unknown): string | null {
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } } | null)?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' ? code : null;
}

/** The request's host as the user configured it, for the message. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The request was given up because its caller is stopping; not an upstream failure. */
export class RequestAbortedError extends UpstreamError {
  constructor(attempts: number) {
    super('stopped before the request finished', null, attempts);
    this.name = 'RequestAbortedError';
  }
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** Waits `ms`, or rejects with RequestAbortedError as soon as `signal` aborts. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new RequestAbortedError(0));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RequestAbortedError(0));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const HTTP_DATE_SHAPE = /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b.*\b\d{1,2}:\d{2}:\d{2}\b/i;

/** Retry-After is either delay-seconds or an HTTP date. Returns milliseconds, or null when absent or unusable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Date.parse is lenient ("-1" and "1 2" are dates in 2001), so a garbled header would mean "retry at once";
  // only text shaped like an HTTP date (a month name and a time of day) is read as one.
  if (!HTTP_DATE_SHAPE.test(trimmed)) return null;
  // asctime dates carry no zone but mean GMT; Date.parse would read them as local time.
  const date = Date.parse(/\b(?:GMT|UTC)\b/i.test(trimmed) ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/** Exponential backoff with "equal jitter": half the step is fixed, half random, so retries spread out. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const step = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message}` : '';
    return `${error.message}${causeText}`;
  }
  return String(error);
}

async function attempt(url: string, options: HttpClientOptions): Promise<{ status: number; body: string; headers: Headers }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
  try {
    const response = await fetch(url, {
      signal: options.signal === undefined ? controller.signal : AbortSignal.any([controller.signal, options.signal]),
      headers: { 'user-agent': options.userAgent ?? 'papers-bot/0.1 (+https://github.com/papers-bot)', accept: '*/*' },
    });
    // The timer still runs while the body streams in: a server that sends headers and then stalls is cut off too.
    const body = await response.text();
    return { status: response.status, body, headers: response.headers };
  } finally {
    clearTimeout(timer);
  }
}

export async function fetchText(url: string, options: HttpClientOptions): Promise<HttpResponse> {
  const sleep = options.sleep ?? ((ms: number) => realSleep(ms, options.signal));
  const random = options.random ?? Math.random;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000;
  let lastProblem = 'no attempt made';
  let lastStatus: number | null = null;
  for (let n = 1; n <= options.maxAttempts; n += 1) {
    if (isAborted(options.signal)) throw new RequestAbortedError(n - 1);
    let retryAfterMs: number | null = null;
    try {
      const response = await attempt(url, options);
      lastStatus = response.status;
      const throttledBody = options.retryableBody?.(response.status, response.body) ?? false;
      if (response.status >= 200 && response.status < 300 && !throttledBody) return { ...response, attempts: n };
      const snippet = response.body.slice(0, 200).replace(/\s+/g, ' ').trim();
      lastProblem = `HTTP ${response.status}${snippet === '' ? '' : ` (${snippet})`}`;
      if (!RETRYABLE_STATUS.has(response.status) && !throttledBody) {
        throw new UpstreamError(`${url} answered ${lastProblem}`, response.status, n);
      }
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      if (retryAfterMs !== null && retryAfterMs > maxRetryAfterMs) {
        throw new UpstreamError(
          `${url} asked us to wait ${Math.round(retryAfterMs / 1000)} s (${lastProblem}); giving up until the next run`,
          response.status,
          n,
        );
      }
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      if (isAborted(options.signal)) throw new RequestAbortedError(n);
      const code = networkCode(error);
      const unreachable = code === null ? undefined : UNREACHABLE[code];
      if (unreachable !== undefined) {
        throw new UpstreamError(`cannot reach ${hostOf(url)}: ${unreachable} (${code}); check the network and the URL`, null, n);
      }
      lastStatus = null;
      lastProblem = describe(error);
    }
    if (n === options.maxAttempts) break;
    const delay = retryAfterMs ?? backoffDelay(n, baseDelayMs, maxDelayMs, random);
    options.logger?.warn({ url, attempt: n, delayMs: delay, problem: lastProblem }, 'upstream request failed; retrying');
    await sleep(delay);
  }
  throw new UpstreamError(`${url} failed after ${options.maxAttempts} attempts: ${lastProblem}`, lastStatus, options.maxAttempts);
}
