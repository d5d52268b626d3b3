import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { readBody } from '../http-io';
import type { RequestLog } from '../request-log';
import type { Route, TokenServiceRequest, TokenServiceState } from './context';
import { badArgument, failure, type Answer } from './wire';

export interface FrontDoorDeps {
  routes: readonly Route[];
  state: TokenServiceState;
  /** Why a bot call is refused (401), or undefined to let it through; absent when callers are not checked. */
  refuseCaller?: (authorization: string | undefined) => string | undefined;
  requests: RequestLog;
  logger: Logger;
}

/**
 * route → caller (the bot's bearer token) → body → handler. Every request lands in the request log; the log
 * keeps method, path and status only: queries carry magic codes and bodies carry tokens.
 */
export function createTokenServiceFrontDoor(
  deps: FrontDoorDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(deps, req, res);
  };
}

async function handle(deps: FrontDoorDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://token-service.invalid');
  let result: Answer;
  try {
    result = await answer(deps, req, method, url);
  } catch (error) {
    deps.logger.error({ err: error, method, path: url.pathname }, 'token service request failed');
    result = failure(500, 'InternalServerError', 'The sandbox token service failed.');
  }
  if (!res.headersSent && !res.destroyed) write(res, result);
  deps.requests.record(
    {
      method,
      path: url.pathname,
      status: result.status,
      at: Date.now(),
      durationMs: Date.now() - started,
    },
    req.socket,
  );
  deps.logger.debug({ method, path: url.pathname, status: result.status }, 'token service request');
}

async function answer(deps: FrontDoorDeps, req: IncomingMessage, method: string, url: URL): Promise<Answer> {
  const path = url.pathname.toLowerCase();
  const onPath = deps.routes.filter((r) => r.path.toLowerCase() === path);
  const route = onPath.find((r) => r.method === method);
  if (!route)
    return onPath.length > 0
      ? failure(405, 'MethodNotAllowed', `${method} is not allowed on ${url.pathname}.`)
      : failure(404, 'NotFound', `No such API: ${url.pathname}.`);
  if (!route.public) {
    const refusal = deps.refuseCaller?.(req.headers.authorization);
    if (refusal !== undefined) return failure(401, 'Unauthorized', refusal);
  }
  const raw = await readBody(req);
  if (raw === undefined) return failure(413, 'RequestEntityTooLarge', 'The request body is too large.');
  let body: unknown;
  // Only the bot's POSTs carry JSON; the sign-in page's form post carries nothing the service reads.
  if (!route.public && raw.trim() !== '') {
    try {
      body = JSON.parse(raw);
    } catch {
      return badArgument('The request body is not valid JSON.');
    }
  }
  const request: TokenServiceRequest = {
    method,
    path: url.pathname,
    query: url.searchParams,
    body,
    baseUrl: `${isTls(req) ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`,
    wantsJson: /\bapplication\/json\b/i.test(req.headers.accept ?? ''),
  };
  return route.handle(request, deps.state);
}

function write(res: ServerResponse, result: Answer): void {
  const [contentType, payload] =
    result.html !== undefined
      ? ['text/html; charset=utf-8', result.html]
      : result.body !== undefined
        ? ['application/json; charset=utf-8', JSON.stringify(result.body)]
        : [undefined, ''];
  res.writeHead(result.status, {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(contentType ? { 'Content-Type': contentType } : {}),
    'Content-Length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}

function isTls(req: IncomingMessage): boolean {
  return 'encrypted' in req.socket && req.socket.encrypted === true;
}
