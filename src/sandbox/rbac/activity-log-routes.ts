import { ArmError } from '../arm-errors';
import { ok, type SimRequest, type SimResponse } from '../http-types';
import { sameName } from '../json';
import { requireSubscription } from '../lookup';
import type { Router } from '../router';
import type { WorldCore } from '../world-core';
import type { WorldState } from '../world-state';
import type { ActivityEventState } from './activity-events';
import { eventsOf } from './activity-log';

/**
 * ActivityLogs_List (azure-rest-api-specs, monitor 2015-04-01 activityLogs_API.json):
 * `$filter=eventTimestamp ge '…' and eventTimestamp le '…'` (the start is required), optionally `and` one of
 * `resourceUri eq`, `resourceGroupName eq`, `resourceProvider eq`, `correlationId eq`, `caller eq`, `status eq`;
 * newest first, paged with an absolute `nextLink` carrying `$skiptoken`.
 */
export function addActivityLogRoutes(router: Router, world: WorldCore, pageSize: number): void {
  router.add(
    'GET',
    '/subscriptions/{subscriptionId}/providers/Microsoft.Insights/eventtypes/management/values',
    'insights',
    (req, p) => world.read((s) => list(s, req, p['subscriptionId'] ?? '', pageSize)),
  );
}

type Test = (e: ActivityEventState) => boolean;

const FIELDS: Record<string, (e: Record<string, unknown>) => unknown> = {
  resourceuri: (e) => e['resourceId'],
  resourcegroupname: (e) => e['resourceGroupName'],
  resourceprovider: (e) => (e['resourceProviderName'] as { value?: unknown } | undefined)?.value,
  correlationid: (e) => e['correlationId'],
  caller: (e) => e['caller'],
  status: (e) => (e['status'] as { value?: unknown } | undefined)?.value,
};

function list(s: WorldState, req: SimRequest, subscriptionId: string, pageSize: number): SimResponse {
  requireSubscription(s, subscriptionId);
  const filter = req.query.get('$filter') ?? '';
  const tests = parseFilter(filter);
  const matching = eventsOf(s).filter(
    (e) => sameName(String(e.event['subscriptionId']), subscriptionId) && tests.every((t) => t(e)),
  );
  const start = Number(req.query.get('$skiptoken') ?? '0');
  if (!Number.isInteger(start) || start < 0)
    throw new ArmError(400, 'BadRequest', 'The $skiptoken is invalid.');
  const page = matching.slice(start, start + pageSize);
  const next = start + pageSize < matching.length ? nextLink(req, start + pageSize) : undefined;
  return ok({ value: page.map((e) => e.event), ...(next ? { nextLink: next } : {}) });
}

function parseFilter(filter: string): Test[] {
  const tests: Test[] = [];
  let hasStart = false;
  for (const term of filter.split(/\s+and\s+/i).filter((t) => t.trim())) {
    const m = /^\s*(\w+)\s+(eq|ge|le)\s+'([^']*)'\s*$/i.exec(term);
    const field = m?.[1]?.toLowerCase() ?? '';
    const op = m?.[2]?.toLowerCase();
    const value = m?.[3] ?? '';
    if (field === 'eventtimestamp' && (op === 'ge' || op === 'le')) {
      const at = Date.parse(value);
      if (Number.isNaN(at)) throw invalidFilter(filter);
      hasStart ||= op === 'ge';
      tests.push(op === 'ge' ? (e) => e.at >= at : (e) => e.at <= at);
    } else if (op === 'eq' && FIELDS[field]) {
      const read = FIELDS[field];
      tests.push((e) => sameName(String(read(e.event) ?? ''), value));
    } else {
      throw invalidFilter(filter);
    }
  }
  if (!hasStart) throw invalidFilter(filter);
  return tests;
}

function invalidFilter(filter: string): ArmError {
  return new ArmError(
    400,
    'BadRequest',
    `The $filter '${filter}' is not valid: it needs eventTimestamp ge '<start>' (and optionally eventTimestamp le '<end>'), and may add resourceUri, resourceGroupName, resourceProvider, correlationId, caller or status eq '<value>'.`,
  );
}

function nextLink(req: SimRequest, skip: number): string {
  const url = new URL(req.path, req.baseUrl);
  for (const [key, value] of req.query) if (key !== '$skiptoken') url.searchParams.set(key, value);
  url.searchParams.set('$skiptoken', String(skip));
  return url.toString();
}
