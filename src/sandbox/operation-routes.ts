import { ArmError } from './arm-errors';
import { noContent, ok, type SimRequest, type SimResponse } from './http-types';
import { sameName } from './json';
import { byName, findServerById } from './lookup';
import { operationStatusBody, operationUrls, retryAfterSeconds } from './lro';
import { findParameter } from './postgres-parameters';
import { configurationBody, connectionBody } from './postgres-views';
import type { Router } from './router';
import type { WorldCore } from './world-core';
import type { OperationState, WorldState } from './world-state';

/** The 202 answer that starts a long-running operation: poll Azure-AsyncOperation (or Location). */
export function acceptedOperation(world: WorldCore, req: SimRequest, op: OperationState): SimResponse {
  const retry = retryAfterSeconds(world, op);
  return {
    status: 202,
    headers: {
      ...operationUrls(req.baseUrl, op, req.apiVersion),
      ...(retry ? { 'Retry-After': String(retry) } : {}),
    },
  };
}

/** Where pollers of the PostgreSQL provider's long-running operations land (the URLs of the 202 answers). */
const LOCATION = '/subscriptions/{subscriptionId}/providers/Microsoft.DBforPostgreSQL/locations/{location}';

export function addOperationRoutes(router: Router, world: WorldCore): void {
  router
    .add('GET', `${LOCATION}/azureAsyncOperation/{operationId}`, 'postgres', (_req, p) =>
      world.read((s) => {
        const op = requireOperation(s, p['subscriptionId'], p['operationId']);
        const retry = retryAfterSeconds(world, op);
        const headers: Record<string, string> = retry ? { 'Retry-After': String(retry) } : {};
        return { ...ok(operationStatusBody(op)), headers };
      }),
    )
    .add('GET', `${LOCATION}/operationResults/{operationId}`, 'postgres', (req, p) =>
      world.read((s): SimResponse => {
        const op = requireOperation(s, p['subscriptionId'], p['operationId']);
        if (op.status === 'InProgress') {
          const retry = retryAfterSeconds(world, op);
          const location = operationUrls(req.baseUrl, op, req.apiVersion)['Location'] ?? '';
          return {
            status: 202,
            headers: { Location: location, ...(retry ? { 'Retry-After': String(retry) } : {}) },
          };
        }
        if (op.status === 'Failed') {
          const error = op.error ?? { code: 'InternalServerError', message: 'The operation failed.' };
          throw new ArmError(400, error.code, error.message);
        }
        return op.kind === 'connection-delete' ? noContent(204) : resultOf(s, op);
      }),
    );
}

function requireOperation(s: WorldState, subscriptionId: string, id: string): OperationState {
  const op = s.operations.find((o) => o.id === id && sameName(o.subscriptionId, subscriptionId));
  if (!op) throw new ArmError(404, 'ResourceNotFound', `The operation '${id}' was not found.`);
  return op;
}

/** The resource as it is now, as Azure's operationResults answers for a finished PUT/PATCH. */
function resultOf(s: WorldState, op: OperationState): SimResponse {
  const parts = op.resourceId.split('/');
  const name = parts.pop() ?? '';
  parts.pop();
  const server = findServerById(s, parts.join('/'));
  if (server && op.kind === 'configuration-update') {
    const def = findParameter(name);
    if (def) return ok(configurationBody(server, def));
  }
  const connection = server ? byName(server.connections, name) : undefined;
  if (server && connection) return ok(connectionBody(server, connection));
  return noContent(204);
}
