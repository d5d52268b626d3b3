import {
  request as httpRequest,
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

/** Certificate and key a stand-in serves TLS with; clients trust the certificate (NODE_EXTRA_CA_CERTS). */
export interface TlsIdentity {
  cert: string;
  key: string;
}

export interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StandInAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type StandInRoute = (request: StandInRequest) => StandInAnswer;

/**
 * A loopback HTTP(S) server answering a fixed table of routes with JSON: the shape of every network service the
 * bot talks to in the production test (OpenID metadata, managed identity endpoint, token service). Each stand-in
 * adds its routes; every request is recorded so tests can say what the bot asked, from outside the bot.
 */
export class StandInServer {
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  private readonly routes = new Map<string, StandInRoute>();
  private server: Server | undefined;
  url = '';

  constructor(
    readonly name: string,
    private readonly tls?: TlsIdentity,
  ) {}

  route(method: string, path: string, handler: StandInRoute): this {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
    return this;
  }

  async start(): Promise<this> {
    const listener = (req: IncomingMessage, res: ServerResponse) =>
      void this.answer(req).then(({ status, body, headers }) => {
        this.requests.push({ method: req.method ?? 'GET', path: pathOf(req), status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      });
    this.server = this.tls ? createHttpsServer(this.tls, listener) : createHttpServer(listener);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Requests whose path matches. */
  seen(path: string | RegExp): number {
    return this.requests.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)))
      .length;
  }

  private async answer(req: IncomingMessage): Promise<StandInAnswer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://stand-in.invalid');
    const handler = this.routes.get(`${(req.method ?? 'GET').toUpperCase()} ${url.pathname}`);
    if (!handler) return failure(404, 'NotFound', `${this.name}: ${url.pathname}`);
    try {
      return handler({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
    } catch (error) {
      // A broken stand-in must fail the test visibly, not leave the bot waiting for an answer.
      return failure(
        500,
        'StandInFailed',
        `${this.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function failure(status: number, code: string, message: string): StandInAnswer {
  return { status, body: { error: { code, message } } };
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://stand-in.invalid').pathname;
}

/** The status of one HTTP(S) request from the test itself, trusting `ca` (a stand-in's certificate) for TLS. */
export function requestStatus(
  url: string,
  options: { method?: string; ca?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<number> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const req = send(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        timeout: 10_000,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url} timed out`)));
    req.on('error', fail);
    req.end(options.body);
  });
}
