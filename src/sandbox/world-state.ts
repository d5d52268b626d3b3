import type { JsonObject } from './json';
import type { PostgresEndpoint } from './postgres-endpoint';
import type { ActivityEventState } from './rbac/activity-events';
import { emptyAuthorization, type AuthorizationState } from './rbac/authorization-state';

/**
 * The simulated Azure estate as plain JSON-serialisable data: it is what `statePath` persists. Every time is an
 * ISO string (as ARM shows it) except scheduling instants, which are epoch milliseconds.
 */
export interface WorldState {
  version: 1;
  resourceGroups: ResourceGroupState[];
  servers: ServerState[];
  factories: FactoryState[];
  operations: OperationState[];
  scheduled: ScheduledChange[];
  /** Errors the next long-running operations will end with (world.queueOperationFailure). */
  queuedFailures: { code: string; message: string }[];
  /** Monotonic counter: orders scheduled changes that fall due at the same instant. */
  sequence: number;
  /** Azure RBAC: custom roles and role assignments (rbac/). */
  authorization: AuthorizationState;
  /** The subscription's activity log (writes made through the simulator). */
  activityLog: ActivityEventState[];
  /** Azure Bot registrations (read by `npm run doctor`); absent in worlds saved before there were any. */
  botServices?: BotServiceState[];
}

/** An Azure Bot resource as Microsoft.BotService 2022-09-15 describes it (botservice-routes.ts). */
export interface BotServiceState {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  msaAppId: string;
  msaAppType: string;
  msaAppTenantId: string;
  msaAppMSIResourceId?: string;
  endpoint: string;
  /** Channel resource name (e.g. MsTeamsChannel) → whether it is enabled. */
  channels: Record<string, boolean>;
}

export interface ResourceGroupState {
  subscriptionId: string;
  name: string;
  location: string;
}

export interface ServerState {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  version: string;
  minorVersion: string;
  administratorLogin: string;
  skuName: string;
  skuTier: string;
  storageSizeGB: number;
  createdAt: string;
  state: string;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  /** Set for a VNet-integrated server: such a server cannot take Private Link. */
  delegatedSubnetResourceId?: string;
  privateDnsZoneArmResourceId?: string;
  databases: string[];
  /** Server parameters that differ from the catalog default (see postgres-parameters.ts). */
  parameters: Record<string, string>;
  connections: ConnectionState[];
}

/**
 * PrivateEndpointConnectionProvisioningState, the only values the spec defines (the PostgreSQL spec takes
 * PrivateEndpointConnection from specification/common-types/resource-management/v6/privatelinks.json). Neither
 * 'Ready' (seen in some examples) nor 'Updating' is one of them.
 */
export type ConnectionProvisioningState = 'Succeeded' | 'Creating' | 'Deleting' | 'Failed';

export interface ConnectionState {
  name: string;
  privateEndpointId: string;
  groupIds: string[];
  status: string;
  description: string;
  actionsRequired: string;
  provisioningState: ConnectionProvisioningState;
  /** The managed private endpoint that asked for this connection, when a Data Factory did. */
  source?: MpeKey;
}

export interface MpeKey {
  factoryId: string;
  managedVirtualNetwork: string;
  name: string;
}

export interface FactoryState {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  createTime: string;
  principalId: string;
  tenantId: string;
  managedVirtualNetworks: ManagedVirtualNetworkState[];
  integrationRuntimes: IntegrationRuntimeState[];
  managedPrivateEndpoints: ManagedPrivateEndpointState[];
  linkedServices: EntityState[];
  datasets: EntityState[];
  pipelines: EntityState[];
  runs: PipelineRunState[];
}

export interface ManagedVirtualNetworkState {
  name: string;
  vNetId: string;
  alias: string;
}

/** InteractiveCapabilityStatus in the Data Factory spec (IntegrationRuntime.json / models.tsp). */
export type InteractiveCapabilityStatus = 'Enabling' | 'Enabled' | 'Disabling' | 'Disabled';

export interface IntegrationRuntimeState {
  name: string;
  type: 'Managed' | 'SelfHosted';
  description?: string;
  /** Name of the factory's managed virtual network the runtime runs in. */
  managedVirtualNetwork?: string;
  interactiveAuthoring: InteractiveCapabilityStatus;
  /** Epoch ms when an enabled interactive authoring session auto-terminates; none: it stays on. */
  interactiveAuthoringUntil?: number;
  /** autoTerminationMinutes of the session last asked for. */
  interactiveAuthoringMinutes?: number;
  createTime: string;
}

export interface ConnectionStateView {
  status: string;
  description: string;
  actionsRequired: string;
}

export interface ManagedPrivateEndpointState {
  name: string;
  managedVirtualNetwork: string;
  privateLinkResourceId: string;
  groupId: string;
  fqdns: string[];
  provisioningState: string;
  /** What Data Factory believes; follows the server side `adfSyncSeconds` late. */
  connectionState: ConnectionStateView;
  /** Name of the private endpoint connection this endpoint made on the server, if any. */
  connectionName?: string;
  etag: string;
}

/** A linked service, dataset or pipeline: kept exactly as sent (secrets already masked). */
export interface EntityState {
  name: string;
  properties: JsonObject;
  etag: string;
  /** For an AzurePostgreSql linked service: where it connects, read before the secrets were masked. */
  postgres?: PostgresEndpoint;
}

export interface ActivityError {
  errorCode: string;
  message: string;
  failureType: string;
  target: string;
}

export interface PipelineRunState {
  runId: string;
  pipelineName: string;
  parameters: Record<string, string>;
  runStart: string;
  runEnd?: string;
  /** PipelineRun.status in the spec: Queued, InProgress, Succeeded, Failed, Canceling, Cancelled. */
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceling' | 'Cancelled';
  message: string;
  activityName: string;
  activityType: string;
  activityRunId: string;
  linkedServiceName?: string;
  activityError?: ActivityError;
  activityOutput?: JsonObject;
}

export type OperationKind =
  | 'connection-update'
  | 'connection-delete'
  | 'configuration-update'
  | 'interactive-query-enable'
  | 'interactive-query-disable';

export interface OperationState {
  id: string;
  kind: OperationKind;
  subscriptionId: string;
  location: string;
  /** ARM id of the resource the operation works on. */
  resourceId: string;
  /** What the operation applies when it completes (new status/description, or parameter value). */
  payload: Record<string, string>;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  startTime: string;
  endTime?: string;
  error?: { code: string; message: string };
  /** Set when the operation was told to fail (world.queueOperationFailure). */
  forcedError?: { code: string; message: string };
}

export type ScheduledChange = { seq: number; at: number } & (
  | { kind: 'complete-operation'; operationId: string }
  | { kind: 'adf-sync'; mpe: MpeKey; connectionName: string; view: ConnectionStateView }
  | { kind: 'complete-run'; factoryId: string; runId: string }
  | { kind: 'mpe-provision'; mpe: MpeKey; connectionName: string; step: 'connection' | 'succeeded' }
  | { kind: 'interactive-query-expire'; runtimeId: string; until: number }
  | { kind: 'cancel-run'; factoryId: string; runId: string }
);

export function emptyState(): WorldState {
  return {
    version: 1,
    resourceGroups: [],
    servers: [],
    factories: [],
    operations: [],
    scheduled: [],
    queuedFailures: [],
    sequence: 0,
    authorization: emptyAuthorization(),
    activityLog: [],
  };
}
