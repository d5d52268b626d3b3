import { ArmError, badRequest, invalidContent } from './arm-errors';
import { factoryOf, IR, runtimeOf } from './datafactory-routes';
import { ok, type RouteParams, type SimRequest, type SimResponse } from './http-types';
import { beginInteractiveChange, type InteractiveChange } from './interactive-query';
import { isJsonObject } from './json';
import { factoryIdOf } from './lookup';
import { operationStatusBody, retryAfterSeconds, startOperation } from './lro';
import { acceptedOperation } from './operation-routes';
import type { Router } from './router';
import type { WorldCore } from './world-core';
import type { FactoryState, IntegrationRuntimeState, OperationState, WorldState } from './world-state';

/**
 * Interactive authoring of a managed-VNet integration runtime, as long-running POSTs (see interactive-query.ts for
 * the spec): 202 with Azure-AsyncOperation and Location on `.../{action}/operationresults/{id}`, which answers the
 * operation status (InProgress for `lroMs`, then Succeeded or Failed). Not modelled by SDK 12: callers send it raw.
 */
const INT32_MAX = 2_147_483_647;

export function addInteractiveQueryRoutes(router: Router, world: WorldCore): void {
  const start = (kind: InteractiveChange) => (req: SimRequest, p: RouteParams) =>
    world.mutate((s) => {
      const f = factoryOf(s, p);
      const ir = interactiveRuntime(f, p);
      const minutes = kind === 'interactive-query-enable' ? autoTerminationMinutes(req) : undefined;
      const op = startOperation(world, s, {
        kind,
        subscriptionId: f.subscriptionId,
        location: f.location,
        resourceId: `${factoryIdOf(f)}/integrationruntimes/${ir.name}`,
        payload: {},
      });
      beginInteractiveChange(ir, kind, minutes);
      return acceptedOperation(world, req, op);
    });
  const status = (kind: InteractiveChange) => (_req: SimRequest, p: RouteParams) =>
    world.read((s): SimResponse => {
      const f = factoryOf(s, p);
      const op = requireOperation(s, f, runtimeOf(f, p), kind, p['operationId']);
      const retry = retryAfterSeconds(world, op);
      return { ...ok(operationStatusBody(op)), headers: retry ? { 'Retry-After': String(retry) } : {} };
    });

  router
    .add('POST', `${IR}/enableInteractiveQuery`, 'datafactory', start('interactive-query-enable'))
    .add('POST', `${IR}/disableInteractiveQuery`, 'datafactory', start('interactive-query-disable'))
    .add(
      'GET',
      `${IR}/enableInteractiveQuery/operationresults/{operationId}`,
      'datafactory',
      status('interactive-query-enable'),
    )
    .add(
      'GET',
      `${IR}/disableInteractiveQuery/operationresults/{operationId}`,
      'datafactory',
      status('interactive-query-disable'),
    );
}

/**
 * EnableInteractiveQueryRequest is a required body; its autoTerminationMinutes is an optional int32 (the spec sets
 * no range). Absent, the session gets DEFAULT_AUTO_TERMINATION_MINUTES.
 */
function autoTerminationMinutes(req: SimRequest): number | undefined {
  if (!isJsonObject(req.body)) {
    throw invalidContent(
      'The request content was invalid: the body (EnableInteractiveQueryRequest) is required and must be an object.',
    );
  }
  const value = req.body['autoTerminationMinutes'];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > INT32_MAX) {
    throw invalidContent(
      `The request content was invalid: 'autoTerminationMinutes' must be an integer (int32), got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** Interactive authoring exists only on an Azure IR in a managed virtual network. */
function interactiveRuntime(f: FactoryState, p: RouteParams): IntegrationRuntimeState {
  const ir = runtimeOf(f, p);
  if (ir.type !== 'Managed' || !ir.managedVirtualNetwork) {
    throw badRequest(
      `Interactive authoring is only available for an Azure integration runtime in a managed virtual network; '${ir.name}' is not one.`,
    );
  }
  return ir;
}

function requireOperation(
  s: WorldState,
  f: FactoryState,
  ir: IntegrationRuntimeState,
  kind: InteractiveChange,
  id: string | undefined,
): OperationState {
  const resourceId = `${factoryIdOf(f)}/integrationruntimes/${ir.name}`.toLowerCase();
  const op = s.operations.find(
    (o) => o.id === id && o.kind === kind && o.resourceId.toLowerCase() === resourceId,
  );
  if (!op) throw new ArmError(404, 'ResourceNotFound', `The operation '${id ?? ''}' was not found.`);
  return op;
}
