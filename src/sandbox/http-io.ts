import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidContent } from './arm-errors';
import type { SimResponse } from './http-types';
import type { JsonValue } from './json';

/** Reading requests and writing ARM-style answers on Node's http objects. */

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export function parseBody(raw: string): JsonValue | undefined {
  if (raw.trim().length === 0) return undefined;
  try {
    return JSON.parse(raw) as JsonValue;
  } catch {
    throw invalidContent(
      'The request content was invalid and could not be deserialized: the body is not valid JSON.',
    );
  }
}

/** Reads the body; undefined when it is larger than ARM accepts. */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function send(
  res: ServerResponse,
  answer: SimResponse,
  requestHeaders: IncomingMessage['headers'],
): number {
  const requestId = randomUUID();
  const header = (name: string): string | undefined => {
    const value = requestHeaders[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
  const headers: Record<string, string> = {
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': header('x-ms-correlation-request-id') ?? requestId,
    ...(header('x-ms-client-request-id')
      ? { 'x-ms-client-request-id': header('x-ms-client-request-id') ?? '' }
      : {}),
    ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'Content-Length': String(Buffer.byteLength(body)),
    ...(answer.headers ?? {}),
  };
  res.writeHead(answer.status, headers);
  res.end(body);
  return answer.status;
}
