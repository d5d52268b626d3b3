import type { PrivateEndpointConnection as SdkConnection, Server } from '@azure/arm-postgresql-flexible';
import type { FullOperationResponse } from '@azure/core-client';
import type { ArmClients } from './arm-clients';
import type { LroTiming } from './raw-lro';
import { AzureError } from '../errors';
import { armCall, armFind } from './arm-errors';
import type {
  DecisionOperation,
  PrivateEndpointConnection,
  ServerFacts,
  ServerSurvey,
  UnreadableScope,
  WatchScope,
} from './gateway';
import type { Decision } from '../domain/terms';
import { parseServerId, serverId, type ConnectionRef, type ServerRef } from '../domain/resource-ids';

/** The PostgreSQL flexible server half of the gateway: servers, their parameters and private endpoint connections. */
export class ArmPostgres {
  constructor(
    private readonly clients: ArmClients,
    private readonly lro: LroTiming,
  ) {}

  async listWatchedServers(scopes: readonly WatchScope[]): Promise<ServerFacts[]> {
    const byId = new Map<string, ServerFacts>();
    for (const scope of scopes) {
      for (const server of await this.listScope(scope)) byId.set(server.id.toLowerCase(), server);
    }
    return [...byId.values()];
  }

  async surveyWatchedServers(scopes: readonly WatchScope[]): Promise<ServerSurvey> {
    const byId = new Map<string, ServerFacts>();
    const unreadable: UnreadableScope[] = [];
    let scopesRead = 0;
    for (const scope of scopes) {
      try {
        for (const server of await this.listScope(scope)) byId.set(server.id.toLowerCase(), server);
        scopesRead++;
      } catch (error) {
        unreadable.push({ ...describeScope(scope), error });
      }
    }
    return { servers: [...byId.values()], unreadable, scopesRead };
  }

  async getServer(ref: ServerRef): Promise<ServerFacts> {
    const client = this.clients.postgresFor(ref.subscriptionId);
    const server = await armCall('Get PostgreSQL server', () =>
      client.servers.get(ref.resourceGroup, ref.serverName),
    );
    return toServerFacts(server, ref);
  }

  async requiresSecureTransport(ref: ServerRef): Promise<boolean> {
    const client = this.clients.postgresFor(ref.subscriptionId);
    const parameter = await armCall('Read require_secure_transport', () =>
      client.configurations.get(ref.resourceGroup, ref.serverName, 'require_secure_transport'),
    );
    // Azure reports "on"/"off" but has been seen in other cases; anything but "off" is treated as required.
    return (parameter.value ?? 'on').trim().toLowerCase() !== 'off';
  }

  /**
   * Databases - List By Server: `GET .../flexibleServers/{serverName}/databases` (REST spec
   * specification/postgresql/resource-manager/Microsoft.DBforPostgreSQL/stable/2025-08-01/openapi.json,
   * operationId Databases_ListByServer; paged with nextLink), needing `flexibleServers/databases/read`.
   */
  async listDatabases(ref: ServerRef): Promise<string[]> {
    const client = this.clients.postgresFor(ref.subscriptionId);
    return armCall('List databases', async () => {
      const names: string[] = [];
      for await (const db of client.databases.listByServer(ref.resourceGroup, ref.serverName)) {
        if (db.name) names.push(db.name);
      }
      return names;
    });
  }

  async listConnections(server: ServerRef): Promise<PrivateEndpointConnection[]> {
    const client = this.clients.postgresFor(server.subscriptionId);
    return armCall('List private endpoint connections', async () => {
      const found: PrivateEndpointConnection[] = [];
      for await (const c of client.privateEndpointConnections.listByServer(
        server.resourceGroup,
        server.serverName,
      )) {
        found.push(toConnection(c, server));
      }
      return found;
    });
  }

  async getConnection(ref: ConnectionRef): Promise<PrivateEndpointConnection | undefined> {
    const { server, connectionName } = ref;
    const client = this.clients.postgresFor(server.subscriptionId);
    const found = await armFind('Get private endpoint connection', () =>
      client.privateEndpointConnections.get(server.resourceGroup, server.serverName, connectionName),
    );
    return found ? toConnection(found, server) : undefined;
  }

  async beginDecision(
    ref: ConnectionRef,
    decision: Decision,
    description: string,
  ): Promise<DecisionOperation> {
    // The first answer's correlation id is what finds this write in the Azure activity log.
    let correlationId: string | undefined;
    const onResponse = (response: FullOperationResponse) => {
      correlationId ??= response.headers.get('x-ms-correlation-request-id') ?? undefined;
    };
    const poller = await armCall(
      `${decision === 'Approved' ? 'Approve' : 'Reject'} private endpoint connection`,
      () => this.startUpdate(ref, decision, description, undefined, onResponse),
    );
    return { resumeToken: poller.toString(), ...(correlationId ? { correlationId } : {}) };
  }

  async completeDecision(
    ref: ConnectionRef,
    operation: DecisionOperation,
  ): Promise<PrivateEndpointConnection> {
    // Restoring from the token sends no new PUT: the poller only follows the stored Azure-AsyncOperation URL.
    const poller = await armCall('Resume private endpoint connection update', () =>
      this.startUpdate(ref, undefined, '', operation.resumeToken),
    );
    const final = await armCall('Private endpoint connection update', () =>
      poller.pollUntilDone({ abortSignal: AbortSignal.timeout(this.lro.timeoutMs) }),
    );
    // core-lro ends a PUT's operation with a GET of the PUT's own URL, the connection itself: its answer is the
    // source of truth. Only when that answer carries no state (the spec makes a PUT LRO's final body optional) is the
    // connection read once more, which otherwise cost every decision a read from the subscription's budget.
    if (final?.privateLinkServiceConnectionState?.status) return toConnection(final, ref.server);
    const after = await this.getConnection(ref);
    if (!after) {
      throw new AzureError(
        'AZURE_NOT_FOUND',
        'The connection was deleted during the update',
        404,
        'ResourceNotFound',
        undefined,
      );
    }
    return after;
  }

  private startUpdate(
    ref: ConnectionRef,
    decision: Decision | undefined,
    description: string,
    resumeFrom?: string,
    onResponse?: (response: FullOperationResponse) => void,
  ) {
    const client = this.clients.postgresFor(ref.server.subscriptionId);
    return client.privateEndpointConnections.beginUpdate(
      ref.server.resourceGroup,
      ref.server.serverName,
      ref.connectionName,
      { privateLinkServiceConnectionState: { status: decision ?? 'Pending', description } },
      {
        updateIntervalInMs: this.lro.pollIntervalMs,
        ...(resumeFrom ? { resumeFrom } : {}),
        ...(onResponse ? { onResponse } : {}),
      },
    );
  }

  private async listScope(scope: WatchScope): Promise<ServerFacts[]> {
    const client = this.clients.postgresFor(scope.subscriptionId);
    if (scope.resourceGroup && scope.serverName) {
      const ref = {
        subscriptionId: scope.subscriptionId,
        resourceGroup: scope.resourceGroup,
        serverName: scope.serverName,
      };
      const one = await armFind('Get PostgreSQL server', () =>
        client.servers.get(ref.resourceGroup, ref.serverName),
      );
      return one ? [toServerFacts(one, ref)] : [];
    }
    return armCall('List PostgreSQL servers', async () => {
      const pages = scope.resourceGroup
        ? client.servers.listByResourceGroup(scope.resourceGroup)
        : client.servers.listBySubscription();
      const found: ServerFacts[] = [];
      for await (const server of pages) {
        const ref = server.id ? parseServerId(server.id) : undefined;
        if (ref && (!scope.serverName || ref.serverName.toLowerCase() === scope.serverName.toLowerCase())) {
          found.push(toServerFacts(server, ref));
        }
      }
      return found;
    });
  }
}

function toServerFacts(server: Server, ref: ServerRef): ServerFacts {
  return {
    ref,
    id: server.id ?? serverId(ref),
    location: server.location ?? '',
    fullyQualifiedDomainName: server.fullyQualifiedDomainName ?? '',
    state: server.state ?? 'Unknown',
    publicNetworkAccess: server.network?.publicNetworkAccess ?? 'Unknown',
    vnetIntegrated: Boolean(server.network?.delegatedSubnetResourceId),
    // The spec's Server carries its connections (example ServerGetWithPrivateEndpoints.json); list items are Servers.
    ...(server.privateEndpointConnections
      ? { connections: server.privateEndpointConnections.map((c) => toConnection(c, ref)) }
      : {}),
  };
}

function toConnection(c: SdkConnection, server: ServerRef): PrivateEndpointConnection {
  const name = c.name ?? '';
  return {
    ref: { server, connectionName: name },
    id: c.id ?? `${serverId(server)}/privateEndpointConnections/${name}`,
    status: c.privateLinkServiceConnectionState?.status ?? 'Unknown',
    description: c.privateLinkServiceConnectionState?.description ?? '',
    actionsRequired: c.privateLinkServiceConnectionState?.actionsRequired ?? '',
    provisioningState: c.provisioningState ?? '',
    privateEndpointId: c.privateEndpoint?.id ?? '',
    groupIds: c.groupIds ?? [],
  };
}

/** A scope as the watcher reports it when it cannot be read. */
function describeScope(scope: WatchScope): Omit<UnreadableScope, 'error'> {
  const subscription = `/subscriptions/${scope.subscriptionId}`;
  if (scope.resourceGroup && scope.serverName) {
    const id = serverId({
      subscriptionId: scope.subscriptionId,
      resourceGroup: scope.resourceGroup,
      serverName: scope.serverName,
    });
    const server = {
      subscriptionId: scope.subscriptionId,
      resourceGroup: scope.resourceGroup,
      serverName: scope.serverName,
    };
    return { key: id.toLowerCase(), label: `server ${scope.serverName}`, scopeId: id, server };
  }
  if (scope.resourceGroup) {
    const id = `${subscription}/resourceGroups/${scope.resourceGroup}`;
    return { key: id.toLowerCase(), label: `resource group ${scope.resourceGroup}`, scopeId: id };
  }
  return {
    key: subscription.toLowerCase(),
    label: `subscription ${scope.subscriptionId}`,
    scopeId: subscription,
  };
}
