// A local stand-in for the arXiv export API (`GET /api/query`): real HTTP on 127.0.0.1, real Atom XML,
// start/max_results honoured, every request recorded, and each request's answer scriptable.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequestLog, listenOnLoopback } from './loopback-server.js';
import { entryXml, errorFeedXml, feedXml, type ArxivEntry } from './arxiv-atom.js';

export type { ArxivAuthor, ArxivEntry } from './arxiv-atom.js';

export type ArxivReply =
  /** The page of entries the request asked for (the default). */
  | { kind: 'feed' }
  /** A feed with the usual totalResults but no entries: arXiv's transient empty page. */
  | { kind: 'empty-page' }
  /** HTTP 200 with arXiv's "Error" entry. */
  | { kind: 'error-entry'; message: string }
  /** arXiv's throttle text, seen with 503 and with 200. */
  | { kind: 'rate-exceeded'; status: 200 | 503; retryAfter?: string }
  | { kind: 'status'; status: number; body?: string; retryAfter?: string }
  /** Accepts the request and never sends headers. */
  | { kind: 'hang' }
  /** The requested page cut off mid-document. */
  | { kind: 'malformed-xml' }
  | { kind: 'raw'; status: number; body: string; contentType?: string };

export interface ArxivDoubleRequest {
  /** From the double's clock (Date.now unless injected). */
  at: number;
  path: string;
  /** Decoded query parameters. */
  params: Record<string, string>;
}

export interface ArxivDoubleOptions {
  entries?: ArxivEntry[];
  /** Reported totalResults; defaults to entries.length. Set higher to imitate arXiv's optimistic counts. */
  totalResults?: number;
  now?: () => number;
}

export interface ArxivDouble {
  /** The query endpoint, e.g. http://127.0.0.1:PORT/api/query */
  url: string;
  readonly requests: ArxivDoubleRequest[];
  entries: ArxivEntry[];
  totalResults: number | undefined;
  /** Queues answers for the next requests, one each; once the queue is empty, requests get { kind: 'feed' }. */
  script(...replies: ArxivReply[]): void;
  /** Drops every scripted reply not used up yet: the upstream is well again. */
  clearScript(): void;
  /** Resolves once at least `count` requests have arrived. */
  waitForRequests(count: number): Promise<ArxivDoubleRequest[]>;
  close(): Promise<void>;
}

const XML_TYPE = 'application/atom+xml; charset=utf-8';

function send(res: ServerResponse, status: number, body: string, contentType: string, retryAfter?: string): void {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  res.writeHead(status, headers);
  res.end(body);
}

export async function startArxivDouble(options: ArxivDoubleOptions = {}): Promise<ArxivDouble> {
  const now = options.now ?? Date.now;
  const queue: ArxivReply[] = [];
  const log = createRequestLog<ArxivDoubleRequest>();

  const double: ArxivDouble = {
    url: '',
    requests: log.requests,
    entries: options.entries ?? [],
    totalResults: options.totalResults,
    script: (...replies) => void queue.push(...replies),
    clearScript: () => void queue.splice(0),
    waitForRequests: (count) => log.waitFor(count),
    close: () => loopback.close(),
  };

  function pageXml(search: URLSearchParams, start: number, maxResults: number, withEntries: boolean): string {
    const page = withEntries ? double.entries.slice(start, start + maxResults) : [];
    const meta = {
      query: search.toString(),
      totalResults: double.totalResults ?? double.entries.length,
      startIndex: start,
      itemsPerPage: maxResults,
    };
    return feedXml(meta, page.map(entryXml));
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.record({ at: now(), path: url.pathname, params: Object.fromEntries(url.searchParams) });
    if (url.pathname !== '/api/query') return send(res, 404, 'Not Found', 'text/plain');

    const reply = queue.shift() ?? { kind: 'feed' };
    const start = Number(url.searchParams.get('start') ?? '0');
    const maxResults = Number(url.searchParams.get('max_results') ?? '10');
    switch (reply.kind) {
      case 'feed':
      case 'empty-page':
        // arXiv reports bad paging parameters with its Error entry, not with a 4xx.
        if (!Number.isInteger(start) || start < 0) return send(res, 200, errorFeedXml('start must be an integer'), XML_TYPE);
        if (!Number.isInteger(maxResults) || maxResults < 0)
          return send(res, 200, errorFeedXml('max_results must be an integer'), XML_TYPE);
        return send(res, 200, pageXml(url.searchParams, start, maxResults, reply.kind === 'feed'), XML_TYPE);
      case 'error-entry':
        return send(res, 200, errorFeedXml(reply.message), XML_TYPE);
      case 'rate-exceeded':
        return send(res, reply.status, 'Rate exceeded.', 'text/plain', reply.retryAfter);
      case 'status':
        return send(res, reply.status, reply.body ?? `HTTP ${reply.status}`, 'text/plain', reply.retryAfter);
      case 'hang':
        return;
      case 'malformed-xml': {
        const xml = pageXml(url.searchParams, Math.max(0, start || 0), Math.max(1, maxResults || 1), true);
        return send(res, 200, xml.slice(0, Math.floor(xml.length * 0.6)), XML_TYPE);
      }
      case 'raw':
        return send(res, reply.status, reply.body, reply.contentType ?? 'text/plain');
    }
  }

  const loopback = await listenOnLoopback(handle);
  double.url = `${loopback.origin}/api/query`;
  return double;
}
