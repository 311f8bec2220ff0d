// What every local double needs: an HTTP server on 127.0.0.1 at a free port that closes even with hanging
// requests open, and a log of requests that tests can wait on instead of sleeping.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  server: Server;
  /** http://127.0.0.1:PORT, no trailing slash. */
  origin: string;
  close(): Promise<void>;
}

export async function listenOnLoopback(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<LoopbackServer> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging and stalled responses keep their sockets open; without this close() would wait for them forever.
        server.closeAllConnections();
      }),
  };
}

export interface RequestLog<R> {
  readonly requests: R[];
  record(request: R): void;
  /** Resolves once at least `count` requests have arrived. */
  waitFor(count: number): Promise<R[]>;
}

export function createRequestLog<R>(): RequestLog<R> {
  const requests: R[] = [];
  const waiters: { count: number; resolve: (r: R[]) => void }[] = [];
  return {
    requests,
    record(request) {
      requests.push(request);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(requests);
      }
    },
    waitFor: (count) => (requests.length >= count ? Promise.resolve(requests) : new Promise((resolve) => waiters.push({ count, resolve }))),
  };
}
