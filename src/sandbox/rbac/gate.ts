import { ArmError } from '../arm-errors';
import type { ArmCaller } from '../entra/arm-authentication';
import type { RouteParams, SimRequest, SimResponse } from '../http-types';
import { sameName } from '../json';
import type { WorldCore } from '../world-core';
import { ActivityRecorder } from './activity-log';
import type { ActivityContext } from './activity-events';
import { armOperation, type ArmOperation } from './arm-operation';
import { grantsBelow, isPermitted } from './evaluate';

const RESOURCE_GRAPH_QUERY = 'Microsoft.ResourceGraph/resources/read';

/**
 * Azure RBAC at the front door: each request's operation (from its URL, arm-operation.ts) is checked against the
 * caller's role assignments before the handler runs; writes (any operation but `/read`) are logged in the activity
 * log, refusals included.
 */
export class RbacGate {
  private readonly activity: ActivityRecorder;

  constructor(private readonly world: WorldCore) {
    this.activity = new ActivityRecorder(world);
  }

  run(req: SimRequest, params: RouteParams, handler: () => SimResponse): SimResponse {
    // ARM resolves the subscription (and its tenant) before RBAC: an unknown one is 404 SubscriptionNotFound.
    if (!this.knowsSubscription(params['subscriptionId'])) return handler();
    const caller = req.caller;
    const op = this.operationOf(req, params);
    // Resource Graph answers any signed-in caller with only the rows it may read (resource-graph-routes.ts).
    if (op.action === RESOURCE_GRAPH_QUERY) return handler();
    const ctx = activityContext(req, caller, op);
    const write = !/\/read$/i.test(op.action);
    const filtered = this.authorizeAll(caller, op, req.method, () => write && ctx);

    if (write) this.activity.started(ctx);
    let answer: SimResponse;
    try {
      answer = handler();
    } catch (error) {
      if (write && error instanceof ArmError) this.activity.failed(ctx, error);
      throw error;
    }
    if (write) this.activity.ended(ctx, answer.status, answer.headers);
    return filtered ? this.filterList(answer, caller, op.action) : answer;
  }

  /**
   * Checks the operation; a refused write is logged. True: filter the list. Approving or rejecting a connection is
   * its PUT and needs `privateEndpointConnections/write` only: `privateEndpointConnectionsApproval/action` is what
   * auto-approves an endpoint its holder creates (learn.microsoft.com/azure/private-link/rbac-permissions,
   * "Approval RBAC for private endpoint"), not a right a decision needs.
   */
  private authorizeAll(
    caller: ArmCaller,
    op: ArmOperation,
    method: string,
    logAs: () => ActivityContext | false,
  ): boolean {
    try {
      return this.authorize(caller, op, method);
    } catch (error) {
      const ctx = logAs();
      if (ctx && error instanceof ArmError) this.activity.failed(ctx, error);
      throw error;
    }
  }

  private knowsSubscription(subscriptionId: string | undefined): boolean {
    if (subscriptionId === undefined) return true;
    return this.world.read((s) => s.resourceGroups.some((g) => sameName(g.subscriptionId, subscriptionId)));
  }

  /** Whether `caller` may perform `action` over `scope`. */
  permits(caller: ArmCaller, action: string, scope: string): boolean {
    return this.world.read((s) => isPermitted(s.authorization, caller.objectId, action, scope));
  }

  /** True when the answer must be filtered (a list the caller may read only part of); throws 403 when refused. */
  private authorize(caller: ArmCaller, op: ArmOperation, method: string): boolean {
    if (this.permits(caller, op.action, op.scope)) return false;
    // A list the caller may not read as a whole but holds some grant below: ARM lists only what the caller may
    // read (UNCONFIRMED by a document; see src/sandbox/README.md, "Who may do what").
    const below = this.world.read((s) => grantsBelow(s.authorization, caller.objectId, op.action, op.scope));
    if (op.collection && method === 'GET' && below) return true;
    throw authorizationFailed(caller, op.action, op.scope);
  }

  private filterList(answer: SimResponse, caller: ArmCaller, action: string): SimResponse {
    const body = answer.body as { value?: unknown } | undefined;
    if (!body || !Array.isArray(body.value)) return answer;
    const value = body.value.filter((item) => {
      const id = (item as { id?: unknown }).id;
      return typeof id === 'string' && this.permits(caller, action, id);
    });
    return { ...answer, body: { ...body, value } };
  }

  private operationOf(req: SimRequest, params: RouteParams): ArmOperation {
    const op = armOperation(req.method, req.path);
    const operationId = params['operationId'];
    if (operationId && /\/locations\/[^/]+\/(azureAsyncOperation|operationResults)\//i.test(req.path)) {
      // The status of a long-running operation is guarded by the provider's operation-status read over the
      // resource the operation works on (UNCONFIRMED; see src/sandbox/README.md).
      const target = this.world.read((s) => s.operations.find((o) => o.id === operationId)?.resourceId);
      return target ? { ...op, scope: target } : op;
    }
    if (/\/providers\/Microsoft\.Insights\/eventtypes\//i.test(req.path)) {
      // "List Activity Log events (management events) in a subscription" (the catalog): a subscription operation.
      return { ...op, scope: `/subscriptions/${params['subscriptionId'] ?? ''}`, collection: false };
    }
    return op;
  }
}

function activityContext(req: SimRequest, caller: ArmCaller, op: ArmOperation): ActivityContext {
  const clientRequestId = req.headers['x-ms-client-request-id'];
  return {
    caller,
    action: op.action,
    scope: op.scope,
    resourceId: op.scope,
    correlationId: req.correlationId,
    method: req.method,
    ...(typeof clientRequestId === 'string' ? { clientRequestId } : {}),
  };
}

/**
 * ARM's refusal (wording as in public threads, e.g. Azure/ARO-RP#66 for a service principal, whose client is its
 * object id, and microsoft/foundry-dev-tools#555).
 */
export function authorizationFailed(caller: ArmCaller, action: string, scope: string): ArmError {
  const client = caller.userPrincipalName ?? caller.objectId;
  return new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${client}' with object id '${caller.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}
