import type { AddressInfo } from 'node:net';
import * as restify from 'restify';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Mode } from './config';
import type { Logger } from './logger';

/**
 * HTTP edge of the bot: POST /api/messages for Bot Framework traffic and GET /healthz for probes. Nothing else
 * is exposed; later endpoints (Event Grid hints) are added here.
 */
export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  mode: Mode;
  logger: Logger;
  /** This instance's role and whether its store answers (never configuration values or secrets). */
  health?: () => Promise<{ role: string; store: { kind: string; reachable: boolean } }>;
}

export interface RunningServer {
  /** Base URL as bound, e.g. http://127.0.0.1:3978 (the real port when 0 was asked for). */
  url: string;
  host: string;
  port: number;
  stop(): Promise<void>;
}

/** Teams activities stay below ~100 KB; anything far above is not Teams. */
const MAX_BODY_BYTES = 1024 * 1024;

export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'adf-pg-private-link-bot' });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await deps.adapter.process(req, res, (context) => deps.bot.run(context));
  });

  // Says the process is up, which mode it runs in, its role among instances and whether its store answers;
  // never configuration values or secrets. A store that does not answer is "degraded" but still 200: every
  // instance shares the store, so taking this one out of rotation would not help, and it recovers by itself.
  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const health = deps.health ? await deps.health() : undefined;
    const status = health && !health.store.reachable ? 'degraded' : 'ok';
    res.send(200, { status, mode: deps.mode, ...(health ?? {}) });
  });

  // Client mistakes (404, 405 for the playground's HEAD probe) are routine: debug. Server faults: warn.
  server.on(
    'restifyError',
    (req: restify.Request, _res: restify.Response, err: Error, callback: () => void) => {
      const status = (err as Error & { statusCode?: number }).statusCode ?? 500;
      const level = status >= 500 ? 'warn' : 'debug';
      deps.logger[level]({ err, status, method: req.method, path: req.path() }, 'http request failed');
      callback();
    },
  );
  return server;
}

export async function startServer(deps: ServerDeps, host: string, port: number): Promise<RunningServer> {
  const server = createServer(deps);
  // restify re-emits the http server's 'error' on itself, where an unheard one would crash the process.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost === '0.0.0.0' || urlHost === '[::]' ? 'localhost' : urlHost}:${address.port}`;
  deps.logger.info({ host: address.address, port: address.port }, 'http server listening');

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive connections would hold close() open until they time out.
      server.server.closeAllConnections();
    });
    return stopped;
  };
  return { url, host: address.address, port: address.port, stop };
}
