import type { AddressInfo } from 'node:net';
import * as restify from 'restify';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Mode } from './config';
import type { HealthReport } from './health';

import type { Logger } from './logger';
import {
  isJsonContentType,
  readActivity,
  UNSUPPORTED_MEDIA_TYPE,
  type Refusal,
} from './teams/edge/inbound-activity';

/**
 * HTTP edge of the bot: POST /api/messages for Bot Framework traffic, GET /healthz (readiness: 503 naming what
 * fails) and GET /livez (liveness) for probes. Nothing else
 * is exposed; later endpoints (Event Grid hints) are added here.
 */
/** What /healthz tells: the watcher's and the store's state, this instance's role and its store's kind. */
export type InstanceHealth = HealthReport & {
  role: string;
  store: { kind: string; reachable: boolean };
};

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  mode: Mode;
  logger: Logger;
  /** What fails (if anything), this instance's role and its store's kind; never configuration values or secrets. */
  health: () => Promise<InstanceHealth>;
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

  // The media type is checked before the body is read; the body is parsed and checked here, not by restify's
  // parsers (which would turn a form post into an activity).
  const refused = (req: restify.Request, res: restify.Response, answer: Refusal) => {
    deps.logger.debug({ status: answer.status, reason: answer.reason, path: req.path() }, 'activity refused');
    res.send(answer.status, answer.body);
  };
  server.post(
    '/api/messages',
    (req: restify.Request, res: restify.Response, next: restify.Next) => {
      if (isJsonContentType(req.headers['content-type'])) return next();
      refused(req, res, UNSUPPORTED_MEDIA_TYPE);
      return next(false);
    },
    restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }),
    async (req: restify.Request, res: restify.Response) => {
      const inbound = readActivity(bodyText(req.body), deps.mode);
      if (!inbound.ok) return refused(req, res, inbound);
      req.body = inbound.activity;
      await deps.adapter.process(req, res, (context) => deps.bot.run(context));
    },
  );

  // Says the process is up, which mode it runs in, its role among instances, whether its store answers and what
  // fails; never configuration values or secrets. Degraded answers 503 (issue 14), so a platform's probe restarts
  // the instance or routes away from it; the body is the same either way.
  // Liveness: the process serves HTTP. Kept apart from /healthz on purpose: a store or Azure outage (503 there, so
  // platforms route away) must not make a liveness probe restart every instance while the outage lasts.
  server.get('/livez', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'alive' });
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const { status, failing, ...instance } = await deps.health();
    const body = { status, mode: deps.mode, ...instance, ...(failing.length > 0 ? { failing } : {}) };
    res.send(status === 'ok' ? 200 : 503, body);
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

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  return Buffer.isBuffer(body) ? body.toString('utf8') : '';
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
