import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { checkApiVersion, missingApiVersion } from './api-versions';
import { ArmError } from './arm-errors';
import type { ActiveFault, FaultInjector } from './faults';
import { parseBody, readBody, send } from './http-io';
import type { SimRequest, SimResponse } from './http-types';
import type { RequestLog } from './request-log';
import type { ArmAuthenticator } from './entra/arm-authentication';
import type { RbacGate } from './rbac/gate';
import type { Router } from './router';
import { Throttle } from './throttle';

/**
 * The ARM front door, in Azure's order: faults (tests) → authentication → api-version → route → throttling →
 * body → authorization (RBAC, activity log) → handler. Every answer carries ARM's headers; every request lands in
 * the request log. The sandbox Entra's endpoints on the same host are answered before ARM's pipeline.
 */
export interface FrontDoorDeps {
  router: Router;
  faults: FaultInjector;
  throttle: Throttle;
  requests: RequestLog;
  logger: Logger;
  authenticator: ArmAuthenticator;
  rbac: RbacGate;
  /** Non-ARM endpoints on this host (the sandbox Entra): an answer, or undefined for ARM requests. */
  outsideArm(method: string, path: string, rawBody: string, baseUrl: string): SimResponse | undefined;
  /** Items per page of list answers. */
  pageSize: number;
  /** Holds a request (fault 'slow'); resolves false at once when the simulator closes meanwhile. */
  sleep(ms: number): Promise<boolean>;
}

export function createFrontDoor(deps: FrontDoorDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'simulator request failed');
      if (!res.headersSent && !res.destroyed) send(res, { status: 500, body: internalError().toBody() }, {});
    });
  };
}

async function handle(deps: FrontDoorDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'https://simulator.invalid');
  const log = (status: number): void =>
    deps.requests.record(
      {
        method,
        path: url.pathname,
        status,
        at: Date.now(),
        durationMs: Date.now() - started,
      },
      req.socket,
    );

  const fault = deps.faults.take(method, url.pathname);
  if (fault?.kind === 'reset') {
    log(0);
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'slow' && !(await deps.sleep(fault.delayMs ?? 1000))) {
    // Closed while held: the request must not change a world that is no longer served (or saved).
    req.socket.destroy();
    return;
  }
  const rawBody = await readBody(req);
  const entra =
    rawBody === undefined ? undefined : deps.outsideArm(method, url.pathname, rawBody, baseUrlOf(req));
  const answer =
    entra ??
    (fault && fault.kind !== 'slow' ? faultAnswer(fault) : answerRequest(deps, req, method, url, rawBody));
  const status = send(res, answer, req.headers);
  log(status);
  deps.logger.debug({ method, path: url.pathname, status }, 'simulator request');
}

function answerRequest(
  deps: FrontDoorDeps,
  req: IncomingMessage,
  method: string,
  url: URL,
  rawBody: string | undefined,
): SimResponse {
  // Answers carry the request's correlation id (the activity log shows the same one).
  const sent = req.headers['x-ms-correlation-request-id'];
  const correlationId = typeof sent === 'string' && sent ? sent : randomUUID();
  const limitHeaders: Record<string, string> = { 'x-ms-correlation-request-id': correlationId };
  try {
    if (rawBody === undefined) {
      throw new ArmError(413, 'RequestEntityTooLarge', 'The request content is too large.');
    }
    const caller = deps.authenticator.authenticate(req.headers.authorization, baseUrlOf(req));
    const apiVersion = url.searchParams.get('api-version');
    if (!apiVersion) throw missingApiVersion();
    const match = deps.router.match(method, url.pathname);
    if (match.kind === 'not-found') {
      throw new ArmError(
        404,
        'InvalidResourceType',
        `The resource type could not be found for path '${url.pathname}'.`,
      );
    }
    if (match.kind === 'method-not-allowed') {
      throw new ArmError(
        405,
        'MethodNotAllowed',
        `The requested resource does not support http method '${method}'.`,
        {
          Allow: match.allowed.join(', '),
        },
      );
    }
    const versionError = checkApiVersion(match.family, apiVersion);
    if (versionError) throw versionError;
    takeToken(deps.throttle, method, match.params['subscriptionId'], limitHeaders);
    const request: SimRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: parseBody(rawBody),
      baseUrl: baseUrlOf(req),
      apiVersion,
      caller,
      correlationId,
      pageSize: deps.pageSize,
    };
    const answer = deps.rbac.run(request, match.params, () => match.handler(request, match.params));
    return { ...answer, headers: { ...limitHeaders, ...(answer.headers ?? {}) } };
  } catch (error) {
    if (error instanceof ArmError) {
      return { status: error.status, body: error.toBody(), headers: { ...limitHeaders, ...error.headers } };
    }
    deps.logger.error({ err: error, method, path: url.pathname }, 'simulator handler failed');
    return { status: 500, body: internalError().toBody() };
  }
}

function takeToken(
  throttle: Throttle,
  method: string,
  subscriptionId: string | undefined,
  headers: Record<string, string>,
): void {
  if (!subscriptionId) return;
  const kind = Throttle.kindOf(method);
  const decision = throttle.take(subscriptionId, kind);
  if (!decision.allowed) {
    throw new ArmError(
      429,
      'TooManyRequests',
      `Number of '${kind === 'reads' ? 'read' : 'write'}' requests for subscription '${subscriptionId}' exceeded the limit. Please try again after '${decision.retryAfterSeconds}' seconds.`,
      {
        'Retry-After': String(decision.retryAfterSeconds),
        [`x-ms-ratelimit-remaining-subscription-${kind}`]: '0',
      },
    );
  }
  headers[`x-ms-ratelimit-remaining-subscription-${kind}`] = String(decision.remaining);
}

function faultAnswer(fault: ActiveFault): SimResponse {
  if (fault.kind === 'server-error') return { status: 500, body: internalError().toBody() };
  const error = new ArmError(429, 'TooManyRequests', 'The request was throttled. Please retry later.');
  if (fault.kind === 'throttle-no-retry-after') return { status: 429, body: error.toBody() };
  const headers: Record<string, string> = { 'Retry-After': String(fault.retryAfterSeconds ?? 1) };
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
  return { status: 429, body: error.toBody(), headers };
}

function baseUrlOf(req: IncomingMessage): string {
  return `https://${req.headers.host ?? 'localhost'}`;
}

function internalError(): ArmError {
  return new ArmError(
    500,
    'InternalServerError',
    'Encountered internal server error. Please try again later.',
  );
}
