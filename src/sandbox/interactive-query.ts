import { byName, findFactoryById } from './lookup';
import type { WorldCore } from './world-core';
import type {
  InteractiveCapabilityStatus,
  IntegrationRuntimeState,
  OperationState,
  WorldState,
} from './world-state';

/**
 * Interactive authoring ("interactive query") of an Azure integration runtime in a managed virtual network.
 * Enable/disable are long-running POSTs (IntegrationRuntimes_EnableInteractiveQuery / _DisableInteractiveQuery:
 * Azure/azure-rest-api-specs specification/datafactory/resource-manager/Microsoft.DataFactory/DataFactory/
 * IntegrationRuntimeResource.tsp, ArmResourceActionAsync with useFinalStateVia("azure-async-operation"); examples
 * stable/2018-06-01/examples/IntegrationRuntimes_EnableInteractiveQuery.json answer 202 with azure-asyncoperation
 * and location at `.../integrationruntimes/{ir}/enableInteractiveQuery/operationresults/{id}`). The state is in the
 * runtime's own body, `properties.typeProperties.interactiveQuery {status, autoTerminationMinutes}`
 * (ManagedIntegrationRuntimeTypeProperties; status is InteractiveCapabilityStatus: Enabling, Enabled, Disabling,
 * Disabled); getStatus (IntegrationRuntimeStatusResponse) has no such field.
 */

export type InteractiveChange = 'interactive-query-enable' | 'interactive-query-disable';

/** Default session length when the request leaves autoTerminationMinutes out (the spec makes it optional). */
export const DEFAULT_AUTO_TERMINATION_MINUTES = 60;

export function isInteractiveChange(kind: OperationState['kind']): kind is InteractiveChange {
  return kind === 'interactive-query-enable' || kind === 'interactive-query-disable';
}

export interface InteractiveQueryView {
  status: InteractiveCapabilityStatus;
  autoTerminationMinutes?: number;
}

/** What the runtime shows now: an enabled session ends (Disabled) once its auto-termination time has passed. */
export function interactiveQueryOf(ir: IntegrationRuntimeState, now: number): InteractiveQueryView {
  const minutes = ir.interactiveAuthoringMinutes;
  const expired = ir.interactiveAuthoringUntil !== undefined && now >= ir.interactiveAuthoringUntil;
  const status = ir.interactiveAuthoring === 'Enabled' && expired ? 'Disabled' : ir.interactiveAuthoring;
  return {
    status,
    ...(minutes !== undefined && status !== 'Disabled' ? { autoTerminationMinutes: minutes } : {}),
  };
}

/** Marks the runtime as changing; the operation applies the result when it completes. */
export function beginInteractiveChange(
  ir: IntegrationRuntimeState,
  kind: InteractiveChange,
  minutes: number | undefined,
): void {
  if (kind === 'interactive-query-enable') {
    ir.interactiveAuthoring = 'Enabling';
    ir.interactiveAuthoringMinutes = minutes ?? DEFAULT_AUTO_TERMINATION_MINUTES;
    delete ir.interactiveAuthoringUntil;
  } else {
    ir.interactiveAuthoring = 'Disabling';
  }
}

/**
 * Completes an enable/disable; returns the error when the runtime disappeared meanwhile. An enabled session ends by
 * itself after autoTerminationMinutes (a scheduled change, so simulated time can be moved past it).
 */
export function completeInteractiveChange(
  core: WorldCore,
  state: WorldState,
  op: OperationState,
): { code: string; message: string } | undefined {
  const ir = runtimeOf(state, op.resourceId);
  if (!ir) {
    return {
      code: 'ResourceNotFound',
      message: `The integration runtime '${op.resourceId}' no longer exists.`,
    };
  }
  if (op.kind === 'interactive-query-disable') {
    ir.interactiveAuthoring = 'Disabled';
    delete ir.interactiveAuthoringUntil;
    return undefined;
  }
  const session = (ir.interactiveAuthoringMinutes ?? DEFAULT_AUTO_TERMINATION_MINUTES) * 60_000;
  ir.interactiveAuthoring = 'Enabled';
  ir.interactiveAuthoringUntil = core.now() + session;
  core.schedule(session, {
    kind: 'interactive-query-expire',
    runtimeId: op.resourceId,
    until: ir.interactiveAuthoringUntil,
  });
  return undefined;
}

/** The session ends unless it was disabled, or enabled again (a new session), meanwhile. */
export function expireInteractiveSession(state: WorldState, runtimeId: string, until: number): void {
  const ir = runtimeOf(state, runtimeId);
  if (ir?.interactiveAuthoring !== 'Enabled' || ir.interactiveAuthoringUntil !== until) return;
  ir.interactiveAuthoring = 'Disabled';
  delete ir.interactiveAuthoringUntil;
}

/** A failed change leaves the runtime as it was before. */
export function undoInteractiveChange(state: WorldState, op: OperationState): void {
  const ir = runtimeOf(state, op.resourceId);
  if (!ir) return;
  ir.interactiveAuthoring = op.kind === 'interactive-query-enable' ? 'Disabled' : 'Enabled';
}

function runtimeOf(state: WorldState, resourceId: string): IntegrationRuntimeState | undefined {
  const at = resourceId.toLowerCase().lastIndexOf('/integrationruntimes/');
  const factory = findFactoryById(state, resourceId.slice(0, at));
  return factory
    ? byName(factory.integrationRuntimes, resourceId.slice(at + '/integrationruntimes/'.length))
    : undefined;
}
