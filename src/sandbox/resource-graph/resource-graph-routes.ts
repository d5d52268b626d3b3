import { ArmError } from '../arm-errors';
import type { ArmCaller } from '../entra/arm-authentication';
import { ok, type SimRequest, type SimResponse } from '../http-types';
import { isJsonObject, sameName, type JsonObject } from '../json';
import { serverBody } from '../postgres-views';
import { isPermitted } from '../rbac/evaluate';
import type { Router } from '../router';
import type { WorldCore } from '../world-core';
import type { WorldState } from '../world-state';
import { invalidQuery, parseKql, runKql, type Row } from './kql-subset';
import { UserQuota } from './user-quota';

/**
 * Azure Resource Graph's query API, `POST /providers/Microsoft.ResourceGraph/resources` (Azure/azure-rest-api-specs
 * specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2022-10-01/resourcegraph.json,
 * Resources; examples ResourcesFirstPageQuery.json and ResourcesNextPageQuery.json), over the simulated world:
 * - the `resources` table holds every PostgreSQL flexible server with the body ARM's GET gives (its `properties`
 *   carry `privateEndpointConnections`), `type` lower-cased and `subscriptionId`, `resourceGroup` columns added
 *   (Resource Graph's resource columns; learn.microsoft.com/azure/governance/resource-graph/concepts/query-language);
 * - the caller sees only rows it may read ("Resource Graph returns only the resources you have at least read access
 *   to", learn.microsoft.com/azure/governance/resource-graph/overview, Permissions), so this route has no RBAC
 *   operation of its own at the front door;
 * - `subscriptions` scopes the query (all the caller's subscriptions when absent); paging with `options.$top`
 *   (100 by default, at most 1,000: concepts/work-with-data) and an opaque `$skipToken` in the answer;
 * - every answer carries `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after`, and a caller over its quota
 *   gets 429 (concepts/guidance-for-throttled-requests: for example 15 queries per 5-second window);
 * - the index lags the world by up to `lagMs`: Resource Graph is updated from change notifications and a periodic
 *   full scan, so what it shows can be behind ARM (the optional lag lets tests prove the bot re-reads ARM).
 */
export const RESOURCE_GRAPH_PATH = '/providers/Microsoft.ResourceGraph/resources';
const DEFAULT_TOP = 100;
const MAX_TOP = 1000;
const SERVER_READ = 'Microsoft.DBforPostgreSQL/flexibleServers/read';

export interface ResourceGraphSettings {
  /** How far the index may be behind the world (0: always current). */
  lagMs: number;
}

interface Index {
  builtAt: number;
  rows: Row[];
}

export function addResourceGraphRoutes(
  router: Router,
  world: WorldCore,
  settings: ResourceGraphSettings,
): void {
  let index: Index | undefined;
  const quota = new UserQuota(() => world.now());
  const currentIndex = (): Index => {
    const now = world.now();
    if (!index || now - index.builtAt >= settings.lagMs)
      index = { builtAt: now, rows: world.read(indexRows) };
    return index;
  };
  router.add('POST', RESOURCE_GRAPH_PATH, 'resourcegraph', (req) => {
    const headers = quota.take(req.caller.objectId);
    const answer = query(req, currentIndex().rows, (s) => world.read(s));
    return { ...answer, headers: { ...headers, ...(answer.headers ?? {}) } };
  });
}

function query(req: SimRequest, rows: readonly Row[], read: <T>(fn: (s: WorldState) => T) => T): SimResponse {
  const body = isJsonObject(req.body) ? req.body : undefined;
  const text = body?.['query'];
  if (typeof text !== 'string' || !text.trim()) throw invalidQuery('The request has no query.');
  const options = isJsonObject(body?.['options']) ? body['options'] : {};
  if (options['resultFormat'] !== undefined && options['resultFormat'] !== 'objectArray') {
    throw invalidQuery("This simulator answers resultFormat 'objectArray' only.");
  }
  const parsed = parseKql(text);
  if (parsed.table !== 'resources') throw invalidQuery(`This simulator has the 'resources' table only.`);
  const visible = read((s) => visibleRows(s, req.caller, subscriptionsOf(body), rows));
  const result = runKql(parsed, visible);
  const top = topOf(options);
  const offset = offsetOf(options, text);
  const data = result.slice(offset, offset + top);
  const more = offset + top < result.length;
  return ok({
    totalRecords: result.length,
    count: data.length,
    resultTruncated: 'false',
    ...(more ? { $skipToken: encodeToken(text, offset + top) } : {}),
    facets: [],
    data,
  });
}

function indexRows(s: WorldState): Row[] {
  return s.servers.map((server) => {
    const arm = serverBody(server);
    return {
      ...arm,
      type: String(arm['type']).toLowerCase(),
      subscriptionId: server.subscriptionId,
      resourceGroup: server.resourceGroup.toLowerCase(),
    };
  });
}

function subscriptionsOf(body: JsonObject | undefined): string[] | undefined {
  const given = body?.['subscriptions'];
  if (given === undefined) return undefined;
  if (!Array.isArray(given) || !given.every((s) => typeof s === 'string')) {
    throw new ArmError(400, 'BadRequest', "'subscriptions' must be an array of subscription ids.");
  }
  return given as string[];
}

function visibleRows(
  s: WorldState,
  caller: ArmCaller,
  subscriptions: readonly string[] | undefined,
  rows: readonly Row[],
): Row[] {
  return rows.filter((row) => {
    const id = String(row['id']);
    const inScope =
      !subscriptions || subscriptions.some((sub) => sameName(sub, String(row['subscriptionId'])));
    return inScope && isPermitted(s.authorization, caller.objectId, SERVER_READ, id);
  });
}

function topOf(options: JsonObject): number {
  const top = options['$top'] ?? DEFAULT_TOP;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > MAX_TOP) {
    throw invalidQuery(`options.$top must be an integer from 1 to ${MAX_TOP}.`);
  }
  return top;
}

/** `$skipToken` from an earlier answer to the same query, or `$skip`. */
function offsetOf(options: JsonObject, text: string): number {
  const token = options['$skipToken'];
  if (token !== undefined) {
    const decoded = typeof token === 'string' ? decodeToken(token) : undefined;
    if (!decoded || decoded.query !== text)
      throw invalidQuery('The $skipToken does not belong to this query.');
    return decoded.offset;
  }
  const skip = options['$skip'] ?? 0;
  if (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0)
    throw invalidQuery('options.$skip must be ≥ 0.');
  return skip;
}

function encodeToken(query: string, offset: number): string {
  return Buffer.from(JSON.stringify({ query, offset })).toString('base64');
}

function decodeToken(token: string): { query: string; offset: number } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (isJsonObject(value) && typeof value['query'] === 'string' && typeof value['offset'] === 'number') {
      return { query: value['query'], offset: value['offset'] };
    }
  } catch {
    // falls through: not one of ours
  }
  return undefined;
}
