// A local stand-in for the Hugging Face Daily Papers API (`GET /api/daily_papers?date=&limit=&p=`): real HTTP on
// 127.0.0.1, items per day in the real shape, limit/p paging, 400 for a bad date, every request recorded, and
// each request's answer scriptable (errors, throttling, hangs, broken bodies).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequestLog, listenOnLoopback } from './loopback-server.js';

export { hfItem, hfItems, patchPaper, type HfItemJson, type HfItemOptions } from './hf-items.js';

export type HfReply = (
  | /** The page of the day's items the request asked for (the default). */ { kind: 'list' }
  | { kind: 'status'; status: number; body?: string; retryAfter?: string }
  /** The requested page, cut off mid-document. */
  | { kind: 'malformed-json' }
  /** Any JSON body with status 200 unless given: a non-array object, items with wrong types... */
  | { kind: 'json'; body: unknown; status?: number }
  /** Accepts the request and never sends headers. */
  | { kind: 'hang' }
  /** Sends headers and the first half of the requested page, then nothing more. */
  | { kind: 'stall-body' }
) & {
  /** Only requests for this date take this reply; others pass it by. */
  date?: string;
  /** How many requests take this reply before it is used up (default 1; Infinity for "always"). */
  times?: number;
};

export interface HfDoubleRequest {
  path: string;
  /** Decoded query parameters. */
  params: Record<string, string>;
}

export interface HfDouble {
  /** Base URL, like https://huggingface.co (no trailing slash). */
  url: string;
  readonly requests: HfDoubleRequest[];
  /** Imitates a deployment that ignores `p` and always sends the first page. */
  ignorePaging: boolean;
  /** Replaces the items served for `date` (YYYY-MM-DD). Items are sent as given, broken ones included. */
  setDay(date: string, items: unknown[]): void;
  /** Queues answers; each request takes the first queued reply that matches its date, else { kind: 'list' }. */
  script(...replies: HfReply[]): void;
  /** Drops every scripted reply not used up yet: the upstream is well again. */
  clearScript(): void;
  /** Resolves once at least `count` requests have arrived. */
  waitForRequests(count: number): Promise<HfDoubleRequest[]>;
  /**
   * Requests arriving from now on are recorded at once but answered only when the returned function is called:
   * a test can hold one run in its fetch while another does something, without sleeping.
   */
  holdAnswers(): () => void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** HF's page size when the request names none. */
const DEFAULT_LIMIT = 50;

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function send(res: ServerResponse, status: number, body: string, retryAfter?: string): void {
  const headers: Record<string, string> = { 'content-type': JSON_TYPE };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  res.writeHead(status, headers);
  res.end(body);
}

export async function startHfDouble(): Promise<HfDouble> {
  const days = new Map<string, unknown[]>();
  const queue: HfReply[] = [];
  const log = createRequestLog<HfDoubleRequest>();

  const double: HfDouble = {
    url: '',
    requests: log.requests,
    ignorePaging: false,
    setDay: (date, items) => void days.set(date, [...items]),
    script: (...replies) => void queue.push(...replies.map((r) => ({ ...r }))),
    clearScript: () => void queue.splice(0),
    waitForRequests: (count) => log.waitFor(count),
    holdAnswers: () => {
      let release = () => undefined as void;
      held = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        held = null;
        release();
      };
    },
    close: () => loopback.close(),
  };
  let held: Promise<void> | null = null;

  function takeReply(date: string | undefined): HfReply {
    const index = queue.findIndex((r) => r.date === undefined || r.date === date);
    if (index === -1) return { kind: 'list' };
    const reply = queue[index]!;
    const left = (reply.times ?? 1) - 1;
    if (left <= 0) queue.splice(index, 1);
    else reply.times = left;
    return reply;
  }

  /** The JSON text of the requested page, or an error answer for parameters HF would refuse. */
  function page(params: URLSearchParams): { status: number; body: string } {
    const date = params.get('date');
    if (date !== null && !isDay(date)) {
      return { status: 400, body: JSON.stringify({ error: `Invalid date: "${date}" is not a valid date (YYYY-MM-DD)` }) };
    }
    const limit = Number(params.get('limit') ?? DEFAULT_LIMIT);
    const p = double.ignorePaging ? 0 : Number(params.get('p') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(p) || p < 0) {
      return { status: 400, body: JSON.stringify({ error: 'limit and p must be non-negative integers' }) };
    }
    // Without a date HF answers with the latest day it has.
    const day = date ?? [...days.keys()].sort().at(-1);
    const items = day === undefined ? [] : (days.get(day) ?? []);
    return { status: 200, body: JSON.stringify(items.slice(p * limit, (p + 1) * limit)) };
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.record({ path: url.pathname, params: Object.fromEntries(url.searchParams) });
    if (held !== null) {
      void held.then(() => answer(url, req, res));
      return;
    }
    answer(url, req, res);
  }

  function answer(url: URL, req: IncomingMessage, res: ServerResponse): void {
    if (url.pathname !== '/api/daily_papers' || req.method !== 'GET') return send(res, 404, JSON.stringify({ error: 'Not Found' }));

    const reply = takeReply(url.searchParams.get('date') ?? undefined);
    switch (reply.kind) {
      case 'list': {
        const answer = page(url.searchParams);
        return send(res, answer.status, answer.body);
      }
      case 'status':
        return send(res, reply.status, reply.body ?? JSON.stringify({ error: `HTTP ${reply.status}` }), reply.retryAfter);
      case 'malformed-json': {
        const { body } = page(url.searchParams);
        return send(res, 200, body.slice(0, Math.max(1, Math.floor(body.length * 0.6))));
      }
      case 'json':
        return send(res, reply.status ?? 200, JSON.stringify(reply.body));
      case 'hang':
        return;
      case 'stall-body': {
        const { body } = page(url.searchParams);
        // A declared length the body never reaches: the client cannot mistake the stall for the end.
        res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(Buffer.byteLength(body) + 1) });
        res.write(body.slice(0, Math.floor(body.length / 2)));
        return;
      }
    }
  }

  const loopback = await listenOnLoopback(handle);
  double.url = loopback.origin;
  return double;
}
