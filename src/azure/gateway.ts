import type { ArmReadCount } from './arm-read-meter';
import type { ConnectionRef, FactoryRef, ServerRef } from '../domain/resource-ids';
import type { Decision, ProbeHandle } from '../domain/terms';

/**
 * The bot's view of Azure, in the product's own words. The ARM implementation is the only code that touches the
 * @azure/arm-* SDKs; every other module (watcher, approval service, guided flow) depends on this interface only,
 * so tests and the scale path can swap it. Every method throws AzureError (src/errors.ts) on failure.
 */

/** Connection states as Azure reports them; unknown values are kept as strings and treated as "in progress". */
export type ConnectionStatus = 'Pending' | 'Approved' | 'Rejected' | 'Disconnected' | (string & {});

export interface ServerFacts {
  ref: ServerRef;
  id: string;
  location: string;
  fullyQualifiedDomainName: string;
  state: string;
  publicNetworkAccess: string;
  /** A server with a delegated subnet is VNet-integrated and cannot take Private Link. */
  vnetIntegrated: boolean;
  /**
   * The server's private endpoint connections as its body embedded them (`properties.privateEndpointConnections`,
   * in the list answer as in the GET); undefined when the body did not carry the property, so the caller reads
   * them on their own.
   */
  connections?: PrivateEndpointConnection[];
  /**
   * The connections came from an index that can be behind ARM (Azure Resource Graph): re-read one through ARM
   * (`getConnection`) before acting on what it shows.
   */
  connectionsMayLag?: boolean;
}

/** How the watcher finds the watched servers each cycle (DISCOVERY). */
export const DISCOVERIES = ['arm', 'resource-graph'] as const;
export type Discovery = (typeof DISCOVERIES)[number];

/** A watched scope (or the Resource Graph query covering them all) that could not be read this time. */
export interface UnreadableScope {
  /** Stable key (lower-cased ARM id of the scope, or `resource-graph`). */
  key: string;
  /** For people: "resource group rg-databases", "subscription 1111…", "Azure Resource Graph". */
  label: string;
  /** The ARM id of the scope, for the fix ("give the role … on <scopeId>"); absent for Resource Graph. */
  scopeId?: string;
  /** Set when the scope is one server: only the conversations watching it need to hear about it. */
  server?: ServerRef;
  error: unknown;
}

/** What the watcher sees of the watched scopes: the servers it could read, and the scopes it could not. */
export interface ServerSurvey {
  servers: ServerFacts[];
  unreadable: UnreadableScope[];
  /** How many scopes (or Resource Graph queries) were read: 0 with some unreadable means the watcher saw nothing. */
  scopesRead: number;
}

export interface PrivateEndpointConnection {
  ref: ConnectionRef;
  id: string;
  status: ConnectionStatus;
  description: string;
  actionsRequired: string;
  provisioningState: string;
  /** ARM id of the private endpoint on the other side (for a Data Factory MPE it lives in a Microsoft-managed subscription). */
  privateEndpointId: string;
  groupIds: string[];
}

/** A running or finished approve/reject operation; the resume token survives a restart when stored. */
export interface DecisionOperation {
  resumeToken: string;
  /** x-ms-correlation-request-id of the write, when known (not kept across a restart). */
  correlationId?: string;
}

export interface FactoryInfo {
  ref: FactoryRef;
  id: string;
  location: string;
}

export interface ManagedVirtualNetworkInfo {
  name: string;
  alias?: string;
  vNetId?: string;
}

/** The spec's interactiveQuery status (IntegrationRuntime.json), or Unknown when Azure reports none. */
export type InteractiveAuthoring = 'Enabled' | 'Enabling' | 'Disabled' | 'Disabling' | 'Unknown';

export interface IntegrationRuntimeInfo {
  name: string;
  /** "Managed" (Azure IR) or "SelfHosted". */
  type: string;
  /** Name of the managed virtual network the runtime runs in, if any. */
  managedVirtualNetwork?: string;
}

export interface ManagedPrivateEndpointInfo {
  name: string;
  factory: FactoryRef;
  privateLinkResourceId: string;
  groupId: string;
  provisioningState: string;
  /** What Data Factory believes; lags behind the server side by minutes. Unknown values mean "in progress". */
  connectionStatus: ConnectionStatus;
  connectionDescription: string;
}

export type SslMode = 0 | 1 | 2 | 3 | 4 | 5;

export type SecretSource =
  | { kind: 'keyVault'; keyVaultLinkedService: string; secretName: string; secretVersion?: string }
  /** A typed password: sent once as a SecureString, never kept by the bot. */
  | { kind: 'password'; value: string };

/** An AzurePostgreSql linked service in the current ("version 2.0") connector form. */
export interface PostgresLinkedServiceSpec {
  name: string;
  integrationRuntime: string;
  server: string;
  port: number;
  database: string;
  username: string;
  sslMode: SslMode;
  secret: SecretSource;
  description?: string;
  /** The base LinkedService's `annotations` (tags): how the bot marks what it created. */
  annotations?: string[];
}

export interface LinkedServiceSummary {
  name: string;
  type: string;
  /** The raw typeProperties as Azure returned them; secrets in it are references or masked. */
  typeProperties: Record<string, unknown>;
  connectVia?: string;
  /** The string annotations (tags) on it. */
  annotations: string[];
}

export type ProbeStatus = 'Queued' | 'InProgress' | 'Succeeded' | 'Failed' | 'Cancelled' | (string & {});

export interface ProbeResult {
  status: ProbeStatus;
  /** True once the run left Queued/InProgress/Canceling. */
  finished: boolean;
  /** Azure's error text for a failed run (from the activity run). */
  errorMessage?: string;
  errorCode?: string;
}

/** One entry of the caller's effective permissions at a scope (Microsoft.Authorization/permissions). */
export interface PermissionSet {
  actions: string[];
  notActions: string[];
}

export interface AzureGateway {
  // --- Who may do what (Azure RBAC, as Azure evaluates it for whoever this gateway acts as) ---
  /** The caller's effective permissions at an ARM scope (resource, resource group or subscription id). */
  permissionsAt(scopeId: string): Promise<PermissionSet[]>;
  /** Starts counting the ARM reads this gateway sends (for the watcher's per-cycle figure); none off ARM. */
  countArmReads?(): ArmReadCount;

  // --- PostgreSQL flexible server side ---
  /**
   * Every server in the watched scope (subscriptions, optionally narrowed to resource groups or servers): one paged
   * list per scope, each server with the connections its list entry carries.
   */
  listWatchedServers(): Promise<ServerFacts[]>;
  /**
   * The watcher's view: like listWatchedServers, but a scope that cannot be read is reported beside the others
   * instead of failing them all; with DISCOVERY=resource-graph, one Resource Graph query for every subscription.
   */
  surveyWatchedServers(): Promise<ServerSurvey>;
  getServer(ref: ServerRef): Promise<ServerFacts>;
  /** `require_secure_transport` server parameter: true when on. */
  requiresSecureTransport(ref: ServerRef): Promise<boolean>;
  /** The names of the server's databases (system ones included: Azure lists azure_maintenance, azure_sys too). */
  listDatabases(ref: ServerRef): Promise<string[]>;
  listConnections(server: ServerRef): Promise<PrivateEndpointConnection[]>;
  /** undefined when the connection no longer exists. */
  getConnection(ref: ConnectionRef): Promise<PrivateEndpointConnection | undefined>;
  /** Starts the long-running approve/reject PUT; returns once Azure accepted it, with a token to resume it. */
  beginDecision(ref: ConnectionRef, decision: Decision, description: string): Promise<DecisionOperation>;
  /** Waits for a started (or restored) decision to finish; resolves with the connection's final state. */
  completeDecision(ref: ConnectionRef, operation: DecisionOperation): Promise<PrivateEndpointConnection>;

  // --- Data Factory side ---
  listFactories(): Promise<FactoryInfo[]>;
  getManagedVirtualNetwork(factory: FactoryRef): Promise<ManagedVirtualNetworkInfo | undefined>;
  listIntegrationRuntimes(factory: FactoryRef): Promise<IntegrationRuntimeInfo[]>;
  getInteractiveAuthoring(factory: FactoryRef, runtime: string): Promise<InteractiveAuthoring>;
  enableInteractiveAuthoring(
    factory: FactoryRef,
    runtime: string,
    autoTerminationMinutes: number,
  ): Promise<void>;
  listManagedPrivateEndpoints(factory: FactoryRef): Promise<ManagedPrivateEndpointInfo[]>;
  getManagedPrivateEndpoint(
    factory: FactoryRef,
    name: string,
  ): Promise<ManagedPrivateEndpointInfo | undefined>;
  createManagedPrivateEndpoint(
    factory: FactoryRef,
    name: string,
    server: ServerRef,
  ): Promise<ManagedPrivateEndpointInfo>;
  deleteManagedPrivateEndpoint(factory: FactoryRef, name: string): Promise<void>;
  listLinkedServices(factory: FactoryRef): Promise<LinkedServiceSummary[]>;
  getLinkedService(factory: FactoryRef, name: string): Promise<LinkedServiceSummary | undefined>;
  createPostgresLinkedService(
    factory: FactoryRef,
    spec: PostgresLinkedServiceSpec,
  ): Promise<LinkedServiceSummary>;
  deleteLinkedService(factory: FactoryRef, name: string): Promise<void>;
  /** Names of the factory's datasets that use this linked service (what replacing it would change). */
  datasetsUsing(factory: FactoryRef, linkedService: string): Promise<string[]>;
  /** Creates a throw-away dataset + Lookup pipeline on the linked service and starts a run. */
  startProbe(factory: FactoryRef, linkedService: string): Promise<ProbeHandle>;
  getProbeResult(factory: FactoryRef, probe: ProbeHandle): Promise<ProbeResult>;
  /** Cancels a probe run still going (a timed-out test); safe on a finished run. */
  cancelProbe(factory: FactoryRef, probe: ProbeHandle): Promise<void>;
  /** Removes the probe's pipeline and dataset; safe to call twice. */
  removeProbe(factory: FactoryRef, probe: ProbeHandle): Promise<void>;
}

/** What the bot watches: a subscription, optionally narrowed to one resource group, optionally to one server. */
export interface WatchScope {
  subscriptionId: string;
  resourceGroup?: string;
  serverName?: string;
}

/** A server's connections: those its list entry embedded, or (for an entry without them) its own list, one read. */
export function connectionsOf(
  gateway: Pick<AzureGateway, 'listConnections'>,
  server: ServerFacts,
): Promise<PrivateEndpointConnection[]> {
  return server.connections ? Promise.resolve(server.connections) : gateway.listConnections(server.ref);
}
