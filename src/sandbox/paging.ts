import { ArmError } from './arm-errors';
import { ok, type SimRequest, type SimResponse } from './http-types';
import { isJsonObject } from './json';

/**
 * ARM list paging. Every list operation the simulator serves is `x-ms-pageable` with `nextLinkName: nextLink` in
 * the REST specs (e.g. Azure/azure-rest-api-specs specification/datafactory/resource-manager/Microsoft.DataFactory/
 * stable/2018-06-01/datafactory.json, Factories_List ... Pipelines_ListByFactory; specification/postgresql/
 * resource-manager/Microsoft.DBforPostgreSQL/stable/2025-08-01/openapi.json, Servers_ListBySubscription, whose
 * ServerList is `{value, nextLink}`). A page holds at most `pageSize` items; `nextLink` is an absolute URL on this
 * host carrying the api-version (the SDK's *Next operations send it as is, adding nothing) and an opaque
 * `$skipToken`, the continuation parameter ARM uses.
 */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

const SKIP_TOKEN = '$skiptoken';

interface Continuation {
  /** The list the token belongs to (lower-cased path): a token is not valid for another list. */
  list: string;
  offset: number;
}

/** One page of `items` for this request, with `nextLink` when more follow. */
export function pageOf(req: SimRequest, items: readonly unknown[]): SimResponse {
  const token = skipTokenOf(req.query);
  const offset = token === undefined ? 0 : decode(token, req.path).offset;
  const end = offset + req.pageSize;
  const value = items.slice(offset, end);
  if (end >= items.length) return ok({ value });
  const next = encode({ list: listKey(req.path), offset: end });
  const nextLink = `${req.baseUrl}${req.path}?api-version=${encodeURIComponent(req.apiVersion)}&$skipToken=${next}`;
  return ok({ value, nextLink });
}

export function checkPageSize(size: number): number {
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new Error(
      `simulator option pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${String(size)}`,
    );
  }
  return size;
}

/** ARM treats query parameter names without regard to case. */
function skipTokenOf(query: URLSearchParams): string | undefined {
  for (const [name, value] of query) if (name.toLowerCase() === SKIP_TOKEN) return value;
  return undefined;
}

function listKey(path: string): string {
  return path.toLowerCase().replace(/\/+$/, '');
}

function encode(continuation: Continuation): string {
  return Buffer.from(JSON.stringify(continuation)).toString('base64url');
}

function decode(token: string, path: string): Continuation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const offset = isJsonObject(parsed) && parsed['list'] === listKey(path) ? parsed['offset'] : undefined;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset <= 0) {
    throw new ArmError(
      400,
      'BadRequest',
      `The continuation token '$skipToken=${token}' is not valid for this list.`,
    );
  }
  return { list: listKey(path), offset };
}
