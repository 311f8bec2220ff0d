// Our own HTTP listener for the health paths, on HOST:PORT, when Slack's HTTP mode does not already listen there. A
// port already taken is logged and the bot runs on without it: health checks are not worth stopping the bot for.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

export async function listenForHealth(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  logger: Logger,
  host = '127.0.0.1',
): Promise<Server | null> {
  const server = createServer(handler);
  return new Promise<Server | null>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      logger.warn({ host, port, code: error.code }, 'health and metrics not served: the address is not free (set PORT or HOST)');
      resolve(null);
    });
    server.listen(port, host, () => {
      // The port bound, which PORT=0 leaves to the system to choose.
      const bound = (server.address() as AddressInfo | null)?.port ?? port;
      logger.info({ host, port: bound, paths: ['/healthz', '/readyz', '/metrics'] }, 'health and metrics listening');
      resolve(server);
    });
  });
}
