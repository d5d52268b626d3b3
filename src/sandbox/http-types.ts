import type { IncomingHttpHeaders } from 'node:http';
import type { ArmCaller } from './entra/arm-authentication';
import type { JsonValue } from './json';

/** A request as route handlers see it: authenticated, versioned, body parsed. */
export interface SimRequest {
  method: string;
  /** The URL path as received (not decoded). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: JsonValue | undefined;
  /** `https://host:port` as the client addressed this simulator: async-operation URLs point back at it. */
  baseUrl: string;
  apiVersion: string;
  /** Who is calling, as their verified token says. */
  caller: ArmCaller;
  /** The request's `x-ms-correlation-request-id` (or a new one): answers and activity log events carry it. */
  correlationId: string;
  /** Items per page of a list answer (startSimulator's `pageSize`). */
  pageSize: number;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteParams = Readonly<Record<string, string>>;
export type RouteHandler = (req: SimRequest, params: RouteParams) => SimResponse;

export function ok(body: unknown, status = 200): SimResponse {
  return { status, body };
}

export function noContent(status: 200 | 202 | 204 = 204): SimResponse {
  return { status };
}
