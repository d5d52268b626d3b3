import { isJsonObject, objectAt, sameName, stringAt, type JsonObject } from './json';
import { byName, connectionOf, findServerById, fqdnOf } from './lookup';
import { failure, success, type ProbeFailureReason, type ProbeOutcome } from './probe-outcome';
import { parameterValue } from './postgres-parameters';
import type { PostgresEndpoint } from './postgres-endpoint';
import type {
  FactoryState,
  IntegrationRuntimeState,
  ManagedPrivateEndpointState,
  ServerState,
  WorldState,
} from './world-state';

/**
 * What a connection probe (a pipeline with one Lookup on an AzurePostgreSqlTable dataset) finds when it runs.
 * First the connector reads its settings: a version 2.0 linked service it cannot use fails with its problem
 * (linked-service-rules.ts, the connector's own rule table). Then the rules below are one ordered table: the first
 * that applies fails the activity with Azure-like text; else it succeeds.
 * Messages keep the phrases the real services use (PostgreSQL's own `no pg_hba.conf entry ... SSL off` and
 * `database "x" does not exist`), wrapped the way Data Factory reports a source-side failure.
 */

export interface ProbeContext {
  activityName: string;
  endpoint: PostgresEndpoint;
  runtime: IntegrationRuntimeState;
  server: ServerState | undefined;
  /** The factory's endpoint to the server in the runtime's managed VNet, if any. */
  endpointToServer: ManagedPrivateEndpointState | undefined;
  /** Data Factory shows the endpoint Approved and the server still has it approved. */
  approved: boolean;
}

interface ProbeRule {
  reason: ProbeFailureReason;
  applies(ctx: ProbeContext): boolean;
  message(ctx: ProbeContext): string;
}

const unreachable = (c: ProbeContext): string =>
  `Failed to connect to '${c.endpoint.host}:${c.endpoint.port}': the host is unreachable from integration runtime '${c.runtime.name}'.`;

export const PROBE_RULES: readonly ProbeRule[] = [
  {
    reason: 'unknown-host',
    applies: (c) => !c.server,
    message: (c) =>
      `Failed to connect to '${c.endpoint.host}:${c.endpoint.port}'. No such host is known. (${c.endpoint.host})`,
  },
  {
    reason: 'runtime-outside-managed-vnet',
    applies: (c) => !c.runtime.managedVirtualNetwork,
    message: (c) =>
      `${unreachable(c)} The runtime does not run in a managed virtual network, so it cannot use a managed private endpoint; connect via a managed virtual network integration runtime.`,
  },
  {
    reason: 'private-endpoint-not-approved',
    applies: (c) => !c.approved,
    message: (c) =>
      c.endpointToServer
        ? `${unreachable(c)} The managed private endpoint '${c.endpointToServer.name}' to server '${c.server?.name ?? ''}' is not approved (status: ${c.endpointToServer.connectionState.status || 'unknown'}, provisioning: ${c.endpointToServer.provisioningState}). Approve the private endpoint connection on the server and wait until Data Factory shows it as Approved.`
        : `${unreachable(c)} There is no managed private endpoint to server '${c.server?.name ?? ''}' in managed virtual network '${c.runtime.managedVirtualNetwork ?? ''}', or its private endpoint is not approved.`,
  },
  {
    reason: 'wrong-port',
    applies: (c) => c.endpoint.port !== 5432,
    message: (c) =>
      `Failed to connect to '${c.endpoint.host}:${c.endpoint.port}'. A connection attempt failed because the connected party did not properly respond after a period of time.`,
  },
  {
    reason: 'ssl-required',
    applies: (c) =>
      c.endpoint.sslMode === 0 && !!c.server && parameterValue(c.server, 'require_secure_transport') === 'on',
    message: (c) =>
      `28000: no pg_hba.conf entry for host "10.0.0.4", user "${c.endpoint.username}", database "${c.endpoint.database}", SSL off`,
  },
  {
    reason: 'database-missing',
    applies: (c) => !(c.server?.databases ?? []).some((d) => d === c.endpoint.database),
    message: (c) => `3D000: database "${c.endpoint.database}" does not exist`,
  },
];

export interface ProbeActivity {
  activityName: string;
  activityType: string;
  linkedServiceName?: string;
}

/** The first activity of the pipeline, and the linked service its dataset uses (when it is a PostgreSQL probe). */
export function probeActivity(factory: FactoryState, pipeline: JsonObject): ProbeActivity {
  const activities = pipeline['activities'];
  const first = Array.isArray(activities) ? activities.find(isJsonObject) : undefined;
  const datasetName = stringAt(objectAt(objectAt(first, 'typeProperties'), 'dataset'), 'referenceName');
  const dataset = datasetName ? byName(factory.datasets, datasetName) : undefined;
  const linkedServiceName = stringAt(objectAt(dataset?.properties, 'linkedServiceName'), 'referenceName');
  return {
    activityName: stringAt(first, 'name') ?? 'Activity',
    activityType: stringAt(first, 'type') ?? 'Unknown',
    ...(linkedServiceName ? { linkedServiceName } : {}),
  };
}

export function evaluateProbe(
  state: WorldState,
  factory: FactoryState,
  activity: ProbeActivity,
): ProbeOutcome {
  const linkedService = activity.linkedServiceName
    ? byName(factory.linkedServices, activity.linkedServiceName)
    : undefined;
  // Only a Lookup on a PostgreSQL linked service reaches a (simulated) database; anything else has nothing to fail.
  if (activity.activityType !== 'Lookup' || !linkedService) return success('AutoResolveIntegrationRuntime');
  const endpoint = linkedService.postgres;
  const runtimeName = runtimeNameOf(linkedService.properties);
  const runtime = byName(factory.integrationRuntimes, runtimeName);
  if (!endpoint || !runtime) {
    const why = !endpoint
      ? `linked service '${linkedService.name}' has no usable PostgreSQL server, database and user`
      : `integration runtime '${runtimeName}' does not exist`;
    return failure(
      activity.activityName,
      'linked-service-unusable',
      `The connection could not be opened: ${why}.`,
    );
  }
  // The connector reads its settings before it opens a connection (linked-service-rules.ts).
  if (endpoint.problem) {
    const { code, message } = endpoint.problem;
    return failure(activity.activityName, 'linked-service-invalid', message, code);
  }
  const ctx = contextFor(state, factory, activity.activityName, endpoint, runtime);
  const rule = PROBE_RULES.find((r) => r.applies(ctx));
  return rule ? failure(activity.activityName, rule.reason, rule.message(ctx)) : success(runtime.name);
}

function contextFor(
  state: WorldState,
  factory: FactoryState,
  activityName: string,
  endpoint: PostgresEndpoint,
  runtime: IntegrationRuntimeState,
): ProbeContext {
  const host = endpoint.host.toLowerCase().replace('.privatelink.', '.');
  const server = state.servers.find((s) => fqdnOf(s) === host);
  const candidates = server
    ? factory.managedPrivateEndpoints.filter(
        (m) =>
          sameName(m.managedVirtualNetwork, runtime.managedVirtualNetwork) &&
          findServerById(state, m.privateLinkResourceId) === server,
      )
    : [];
  const isApproved = (m: ManagedPrivateEndpointState): boolean =>
    m.provisioningState === 'Succeeded' &&
    m.connectionState.status === 'Approved' &&
    connectionOf(state, m)?.connection.status === 'Approved';
  const approvedOne = candidates.find(isApproved);
  return {
    activityName,
    endpoint,
    runtime,
    server,
    endpointToServer: approvedOne ?? candidates[0],
    approved: approvedOne !== undefined,
  };
}

/** connectVia at properties (Azure's place) or inside typeProperties (a raw v2 body); default AutoResolve. */
export function runtimeNameOf(properties: JsonObject): string {
  const via =
    objectAt(properties, 'connectVia') ?? objectAt(objectAt(properties, 'typeProperties'), 'connectVia');
  return stringAt(via, 'referenceName') ?? 'AutoResolveIntegrationRuntime';
}

export type { ProbeFailureReason, ProbeOutcome } from './probe-outcome';
