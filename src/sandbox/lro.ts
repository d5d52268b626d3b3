import { conflict } from './arm-errors';
import { sameName } from './json';
import { completeInteractiveChange, isInteractiveChange, undoInteractiveChange } from './interactive-query';
import { byName, findServerById } from './lookup';
import { applyDecision, removeConnection } from './private-link';
import type { WorldCore } from './world-core';
import type { OperationKind, OperationState, WorldState } from './world-state';

/**
 * Long-running ARM operations: the PostgreSQL provider's PUT/PATCH/DELETE, and Data Factory's enable/disable of
 * interactive authoring. The request answers 202 with an `Azure-AsyncOperation` URL (and `Location`) on this
 * simulator; the status there is InProgress for `lroMs`, then Succeeded (the change applied) or Failed with an
 * error. The SDK poller is driven by that status, never by the resource's provisioningState.
 */

/** How many finished operations are kept for late pollers. */
const KEEP_FINISHED = 500;
const PROVIDER = 'Microsoft.DBforPostgreSQL';

export interface OperationRequest {
  kind: OperationKind;
  subscriptionId: string;
  location: string;
  resourceId: string;
  payload: Record<string, string>;
}

export function runningOperationOn(state: WorldState, resourceId: string): OperationState | undefined {
  return state.operations.find((o) => o.status === 'InProgress' && sameName(o.resourceId, resourceId));
}

/** Starts an operation; 409 Conflict when another one is still running on the same resource. */
export function startOperation(
  core: WorldCore,
  state: WorldState,
  request: OperationRequest,
): OperationState {
  const running = runningOperationOn(state, request.resourceId);
  if (running) {
    throw conflict(
      `Another operation (${running.id}) is in progress on resource '${request.resourceId}'. Retry after it completes.`,
    );
  }
  const op: OperationState = { ...request, id: core.newId(), status: 'InProgress', startTime: core.isoNow() };
  const forced = state.queuedFailures.shift();
  if (forced) op.forcedError = forced;
  state.operations.push(op);
  const finished = state.operations.filter((o) => o.status !== 'InProgress');
  if (finished.length > KEEP_FINISHED) {
    const drop = new Set(finished.slice(0, finished.length - KEEP_FINISHED));
    state.operations = state.operations.filter((o) => !drop.has(o));
  }
  core.schedule(core.timing.lroMs, { kind: 'complete-operation', operationId: op.id });
  return op;
}

export function completeOperation(core: WorldCore, state: WorldState, operationId: string): void {
  const op = state.operations.find((o) => o.id === operationId);
  if (!op || op.status !== 'InProgress') return;
  op.endTime = core.isoNow();
  const error =
    op.forcedError ??
    (isInteractiveChange(op.kind) ? completeInteractiveChange(core, state, op) : apply(core, state, op));
  if (error) {
    op.status = 'Failed';
    op.error = error;
    if (isInteractiveChange(op.kind)) undoInteractiveChange(state, op);
    else restoreProvisioningState(state, op);
  } else {
    op.status = 'Succeeded';
  }
}

/** Applies the change; returns the error when the resource disappeared meanwhile. */
function apply(
  core: WorldCore,
  state: WorldState,
  op: OperationState,
): { code: string; message: string } | undefined {
  const [serverPart, child, childName] = splitChildId(op.resourceId);
  const server = findServerById(state, serverPart);
  if (!server) {
    return { code: 'ResourceNotFound', message: `The server of '${op.resourceId}' no longer exists.` };
  }
  if (op.kind === 'configuration-update') {
    server.parameters[op.payload.name ?? childName.toLowerCase()] = op.payload.value ?? '';
    return undefined;
  }
  const connection =
    child === 'privateendpointconnections' ? byName(server.connections, childName) : undefined;
  if (!connection) {
    return {
      code: 'PrivateEndpointConnectionNotFound',
      message: `Private endpoint connection '${childName}' no longer exists.`,
    };
  }
  if (op.kind === 'connection-delete') removeConnection(core, server, connection);
  else applyDecision(core, connection, op.payload.status ?? 'Pending', op.payload.description ?? '');
  return undefined;
}

function restoreProvisioningState(state: WorldState, op: OperationState): void {
  const [serverPart, , childName] = splitChildId(op.resourceId);
  const connection = byName(findServerById(state, serverPart)?.connections ?? [], childName);
  if (connection) connection.provisioningState = 'Succeeded';
}

function splitChildId(resourceId: string): [string, string, string] {
  const parts = resourceId.split('/');
  const name = parts.pop() ?? '';
  const type = (parts.pop() ?? '').toLowerCase();
  return [parts.join('/'), type, name];
}

export function operationUrls(
  baseUrl: string,
  op: OperationState,
  apiVersion: string,
): Record<string, string> {
  if (isInteractiveChange(op.kind)) {
    // Data Factory points both headers at one operationresults URL under the runtime (the spec's example).
    const action =
      op.kind === 'interactive-query-enable' ? 'enableInteractiveQuery' : 'disableInteractiveQuery';
    const url = `${baseUrl}${op.resourceId}/${action}/operationresults/${op.id}?api-version=${encodeURIComponent(apiVersion)}`;
    return { 'Azure-AsyncOperation': url, Location: url };
  }
  const base = `${baseUrl}/subscriptions/${op.subscriptionId}/providers/${PROVIDER}/locations/${op.location}`;
  const query = `?api-version=${encodeURIComponent(apiVersion)}`;
  return {
    'Azure-AsyncOperation': `${base}/azureAsyncOperation/${op.id}${query}`,
    Location: `${base}/operationResults/${op.id}${query}`,
  };
}

/** Seconds a poller should wait, as Azure advises; omitted for sub-second operations so fast tests stay fast. */
export function retryAfterSeconds(core: WorldCore, op: OperationState): number | undefined {
  if (op.status !== 'InProgress') return undefined;
  const due = Date.parse(op.startTime) + core.timing.lroMs;
  const remaining = (due - core.now()) / 1000;
  return remaining >= 1 ? Math.min(10, Math.floor(remaining)) : undefined;
}

export function operationStatusBody(op: OperationState): Record<string, unknown> {
  return {
    name: op.id,
    status: op.status,
    startTime: op.startTime,
    ...(op.endTime ? { endTime: op.endTime } : {}),
    ...(op.error ? { error: op.error } : {}),
  };
}
