// Our own HTTP listener for the health paths, on PORT, when Slack's HTTP mode does not already listen there. A
// port already taken is logged and the bot runs on without it: health checks are not worth stopping the bot for.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export async function listenForHealth(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  logger: Logger,
): Promise<Server | null> {
  const server = createServer(handler);
  return new Promise<Server | null>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      logger.warn({ port, code: error.code }, 'health and metrics not served: the port is not free (set PORT to another one)');
      resolve(null);
    });
    server.listen(port, () => {
      logger.info({ port, paths: ['/healthz', '/readyz', '/metrics'] }, 'health and metrics listening');
      resolve(server);
    });
  });
}
