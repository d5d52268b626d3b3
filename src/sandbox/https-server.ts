import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { Certificate } from './certificate';

export interface RunningHttpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * An HTTPS server that can be closed for real: keep-alive sockets of SDK clients would otherwise hold it (and
 * jest) open, so close() destroys every open socket.
 */
export async function startHttpsServer(options: {
  host: string;
  port: number;
  certificate: Certificate;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}): Promise<RunningHttpsServer> {
  const server: Server = createServer(
    { cert: options.certificate.cert, key: options.certificate.key },
    options.handler,
  );
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A client that gives up mid-handshake must not crash the simulator.
  server.on('tlsClientError', () => undefined);
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('simulator: server has no TCP address');
  }

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closing;
    },
  };
}
