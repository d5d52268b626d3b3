import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
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
  // A client that gives up mid-handshake must not crash the simulator.
  server.on('tlsClientError', () => undefined);
  return listenClosable(server, options.host, options.port);
}

/** Listens with `server` (HTTP or HTTPS) and returns a close() that also ends keep-alive sockets. */
export async function listenClosable(
  server: Server | HttpServer,
  host: string,
  port: number,
): Promise<RunningHttpsServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('sandbox: server has no TCP address');
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
