import { createHash, randomUUID } from 'node:crypto';
import type { ArmCaller } from '../entra/arm-authentication';

/**
 * Administrative events of the Azure activity log, in the shape the REST API returns them (azure-rest-api-specs,
 * monitor 2015-04-01 examples/GetActivityLogsFiltered.json, and MicrosoftDocs/azure-docs
 * articles/azure-monitor/essentials/activity-log-schema.md): for a Write, Delete or Action operation, a Started
 * event (BeginRequest) and an EndRequest event with its outcome; `subStatus` is the HTTP status
 * ("Created (HTTP Status Code: 201)"); `claims` are the token's claims under ARM's long claim names.
 */
export type ActivityStatus = 'Started' | 'Accepted' | 'Succeeded' | 'Failed';

export interface ActivityEventState {
  /** Epoch ms of eventTimestamp, for filtering and ordering. */
  at: number;
  event: Record<string, unknown>;
  /** On an Accepted event: the async operation whose end is logged once it completes. */
  pendingOperationId?: string;
}

export interface ActivityContext {
  caller: ArmCaller;
  action: string;
  scope: string;
  resourceId: string;
  correlationId: string;
  method: string;
  clientRequestId?: string;
}

export function activityEvent(
  ctx: ActivityContext,
  status: ActivityStatus,
  at: number,
  outcome: { httpStatus?: number; statusMessage?: string; eventDataId?: string } = {},
): ActivityEventState {
  const eventDataId = outcome.eventDataId ?? randomUUID();
  const ids = resourceParts(ctx.resourceId);
  const sub = outcome.httpStatus ? HTTP_SUB_STATUS[outcome.httpStatus] : undefined;
  const iso = activityTime(at);
  const event: Record<string, unknown> = {
    authorization: { action: ctx.action, scope: ctx.scope },
    caller: callerName(ctx.caller),
    channels: 'Operation',
    claims: armClaims(ctx.caller.claims),
    correlationId: ctx.correlationId,
    description: '',
    eventDataId,
    eventName:
      status === 'Started' ? named('BeginRequest', 'Begin request') : named('EndRequest', 'End request'),
    category: named('Administrative', 'Administrative'),
    eventTimestamp: iso,
    id: eventIdOf(ctx.resourceId, eventDataId, at),
    level: status === 'Failed' ? 'Error' : 'Informational',
    operationId: ctx.correlationId,
    operationName: named(ctx.action, ctx.action),
    resourceGroupName: ids.resourceGroup,
    resourceProviderName: named(ids.namespace, ids.namespace),
    resourceType: named(ids.type, ids.type),
    resourceId: ctx.resourceId,
    status: named(status, status),
    subStatus: sub ? named(sub, `${sub} (HTTP Status Code: ${outcome.httpStatus})`) : named('', ''),
    submissionTimestamp: iso,
    subscriptionId: ids.subscriptionId,
    tenantId: ctx.caller.tenantId,
    httpRequest: {
      clientRequestId: ctx.clientRequestId ?? '',
      clientIpAddress: '127.0.0.1',
      method: ctx.method,
    },
    properties: {
      ...(sub ? { statusCode: sub } : {}),
      ...(outcome.statusMessage ? { statusMessage: outcome.statusMessage } : {}),
      eventCategory: 'Administrative',
      entity: ctx.resourceId,
      message: ctx.action,
      hierarchy: `${ctx.caller.tenantId}/${ids.subscriptionId}`,
    },
    relatedEvents: [],
  };
  return { at, event };
}

/** `{resourceId}/events/{eventDataId}/ticks/{.NET ticks of eventTimestamp}`, as the schema's sample shows. */
export function eventIdOf(resourceId: string, eventDataId: string, at: number): string {
  const ticks = BigInt(at) * 10_000n + 621_355_968_000_000_000n;
  return `${resourceId}/events/${eventDataId}/ticks/${ticks.toString()}`;
}

/** Azure's 7-digit timestamp. */
export function activityTime(at: number): string {
  return new Date(at).toISOString().replace('Z', '0000Z');
}

/** A stable GUID for an event derived from another (the end of an async operation, computed when read). */
export function derivedEventId(from: string, what: string): string {
  const hex = createHash('sha256').update(`${from}:${what}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * `caller`: "Email address of the user who has performed the operation, UPN claim, or SPN claim based on
 * availability" (activity-log-schema.md); "If you are using a service principal …, the Caller property will be a
 * service principal object ID" (MicrosoftDocs/azure-docs articles/role-based-access-control/change-history-report.md).
 */
function callerName(caller: ArmCaller): string {
  return caller.userPrincipalName ?? caller.objectId;
}

const LONG_NAMES: Record<string, string> = {
  tid: 'http://schemas.microsoft.com/identity/claims/tenantid',
  oid: 'http://schemas.microsoft.com/identity/claims/objectidentifier',
  upn: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
  unique_name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  sub: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
  scp: 'http://schemas.microsoft.com/identity/claims/scope',
};

/** The token's claims as ARM logs them: well-known ones under their long names, every value a string. */
function armClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(claims)) {
    out[LONG_NAMES[key] ?? key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

const HTTP_SUB_STATUS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'NoContent',
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
};

function named(value: string, localizedValue: string): { value: string; localizedValue: string } {
  return { value, localizedValue };
}

function resourceParts(id: string): {
  subscriptionId: string;
  resourceGroup: string;
  namespace: string;
  type: string;
} {
  const s = id.split('/').filter(Boolean);
  const at = (name: string): string => {
    const i = s.findIndex((x) => x.toLowerCase() === name);
    return i >= 0 ? (s[i + 1] ?? '') : '';
  };
  const p = s.map((x) => x.toLowerCase()).lastIndexOf('providers');
  const namespace = p >= 0 ? (s[p + 1] ?? '') : 'Microsoft.Resources';
  const types = p >= 0 ? s.slice(p + 2).filter((_, i) => i % 2 === 0) : ['subscriptions'];
  return {
    subscriptionId: at('subscriptions'),
    resourceGroup: at('resourcegroups'),
    namespace,
    type: [namespace, ...types].join('/'),
  };
}
