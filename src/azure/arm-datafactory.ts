import type { DataFactoryManagementClient, ManagedPrivateEndpointResource } from '@azure/arm-datafactory';
import type { ArmClients } from './arm-clients';
import { armCall, armFind } from './arm-errors';
import type {
  FactoryInfo,
  IntegrationRuntimeInfo,
  InteractiveAuthoring,
  LinkedServiceSummary,
  ManagedPrivateEndpointInfo,
  ManagedVirtualNetworkInfo,
  PostgresLinkedServiceSpec,
  WatchScope,
} from './gateway';
import { postgresLinkedServiceProperties, toLinkedServiceSummary } from './linked-service-body';
import { captureRawJson, pickString } from './raw-json';
import { parseFactoryId, serverId, type FactoryRef, type ServerRef } from './resource-ids';
import { sendRawArmRequest } from './raw-request';

/** Data Factory always names its managed virtual network "default"; there is only ever one per factory. */
export const MANAGED_VNET = 'default';
export const POSTGRES_GROUP_ID = 'postgresqlServer';

/** The Data Factory half of the gateway: factories, managed VNet, runtimes, managed private endpoints, linked services. */
export class ArmDataFactory {
  constructor(
    private readonly clients: ArmClients,
    private readonly lroPollIntervalMs: number,
  ) {}

  client(factory: FactoryRef): DataFactoryManagementClient {
    return this.clients.dataFactoryFor(factory.subscriptionId);
  }

  async listFactories(scopes: readonly WatchScope[]): Promise<FactoryInfo[]> {
    const byId = new Map<string, FactoryInfo>();
    for (const scope of scopes) {
      const client = this.clients.dataFactoryFor(scope.subscriptionId);
      await armCall('List data factories', async () => {
        const pages = scope.resourceGroup
          ? client.factories.listByResourceGroup(scope.resourceGroup)
          : client.factories.list();
        for await (const factory of pages) {
          const ref = factory.id ? parseFactoryId(factory.id) : undefined;
          if (ref)
            byId.set(factory.id!.toLowerCase(), { ref, id: factory.id!, location: factory.location ?? '' });
        }
      });
    }
    return [...byId.values()];
  }

  async getManagedVirtualNetwork(factory: FactoryRef): Promise<ManagedVirtualNetworkInfo | undefined> {
    const found = await armFind('Get managed virtual network', () =>
      this.client(factory).managedVirtualNetworks.get(
        factory.resourceGroup,
        factory.factoryName,
        MANAGED_VNET,
      ),
    );
    if (!found) return undefined;
    return {
      name: found.name ?? MANAGED_VNET,
      alias: found.properties.alias,
      vNetId: found.properties.vNetId,
    };
  }

  async listIntegrationRuntimes(factory: FactoryRef): Promise<IntegrationRuntimeInfo[]> {
    const client = this.client(factory);
    return armCall('List integration runtimes', async () => {
      const found: IntegrationRuntimeInfo[] = [];
      for await (const ir of client.integrationRuntimes.listByFactory(
        factory.resourceGroup,
        factory.factoryName,
      )) {
        const props = ir.properties;
        const vnet = props.type === 'Managed' ? props.managedVirtualNetwork?.referenceName : undefined;
        found.push({
          name: ir.name ?? '',
          type: props.type,
          ...(vnet ? { managedVirtualNetwork: vnet } : {}),
        });
      }
      return found;
    });
  }

  async getInteractiveAuthoring(factory: FactoryRef, runtime: string): Promise<InteractiveAuthoring> {
    // Where Azure reports this is not documented; the SDK does not model it, so read the raw status body.
    const raw = captureRawJson();
    await armCall('Get integration runtime status', () =>
      this.client(factory).integrationRuntimes.getStatus(
        factory.resourceGroup,
        factory.factoryName,
        runtime,
        {
          onResponse: raw.onResponse,
        },
      ),
    );
    const status = pickString(raw.json(), 'properties', 'typeProperties', 'interactiveQuery', 'status');
    if (status?.toLowerCase() === 'enabled') return 'Enabled';
    if (status?.toLowerCase() === 'disabled') return 'Disabled';
    return 'Unknown';
  }

  async enableInteractiveAuthoring(
    factory: FactoryRef,
    runtime: string,
    autoTerminationMinutes: number,
  ): Promise<void> {
    const path = `/subscriptions/${factory.subscriptionId}/resourceGroups/${factory.resourceGroup}/providers/Microsoft.DataFactory/factories/${factory.factoryName}/integrationruntimes/${runtime}/enableInteractiveQuery`;
    await sendRawArmRequest(
      this.clients,
      this.client(factory),
      'Enable interactive authoring',
      {
        method: 'POST',
        path,
        apiVersion: '2018-06-01',
        body: { autoTerminationMinutes },
      },
      this.lroPollIntervalMs,
    );
  }

  async listManagedPrivateEndpoints(factory: FactoryRef): Promise<ManagedPrivateEndpointInfo[]> {
    const client = this.client(factory);
    return armCall('List managed private endpoints', async () => {
      const found: ManagedPrivateEndpointInfo[] = [];
      const pages = client.managedPrivateEndpoints.listByFactory(
        factory.resourceGroup,
        factory.factoryName,
        MANAGED_VNET,
      );
      for await (const mpe of pages) found.push(toMpe(mpe, factory));
      return found;
    });
  }

  async getManagedPrivateEndpoint(
    factory: FactoryRef,
    name: string,
  ): Promise<ManagedPrivateEndpointInfo | undefined> {
    const found = await armFind('Get managed private endpoint', () =>
      this.client(factory).managedPrivateEndpoints.get(
        factory.resourceGroup,
        factory.factoryName,
        MANAGED_VNET,
        name,
      ),
    );
    return found ? toMpe(found, factory) : undefined;
  }

  async createManagedPrivateEndpoint(
    factory: FactoryRef,
    name: string,
    server: ServerRef,
  ): Promise<ManagedPrivateEndpointInfo> {
    // Not a long-running operation: the PUT answers 200 and the endpoint's state is polled with get afterwards.
    const created = await armCall('Create managed private endpoint', () =>
      this.client(factory).managedPrivateEndpoints.createOrUpdate(
        factory.resourceGroup,
        factory.factoryName,
        MANAGED_VNET,
        name,
        {
          properties: { privateLinkResourceId: serverId(server), groupId: POSTGRES_GROUP_ID },
        },
      ),
    );
    return toMpe(created, factory);
  }

  async deleteManagedPrivateEndpoint(factory: FactoryRef, name: string): Promise<void> {
    await armCall('Delete managed private endpoint', () =>
      this.client(factory).managedPrivateEndpoints.delete(
        factory.resourceGroup,
        factory.factoryName,
        MANAGED_VNET,
        name,
      ),
    );
  }

  async listLinkedServices(factory: FactoryRef): Promise<LinkedServiceSummary[]> {
    // Paging through the SDK would lose v2 fields; each page's raw body is captured instead.
    const client = this.client(factory);
    return armCall('List linked services', async () => {
      const found: LinkedServiceSummary[] = [];
      const raw = captureRawJson();
      const pages = client.linkedServices.listByFactory(factory.resourceGroup, factory.factoryName, {
        onResponse: raw.onResponse,
      });
      for await (const page of pages.byPage()) {
        const values = (raw.json() as { value?: unknown[] } | undefined)?.value ?? [];
        values.forEach((value, i) => found.push(toLinkedServiceSummary(value, page[i]?.name ?? '')));
      }
      return found;
    });
  }

  async getLinkedService(factory: FactoryRef, name: string): Promise<LinkedServiceSummary | undefined> {
    const raw = captureRawJson();
    const found = await armFind('Get linked service', () =>
      this.client(factory).linkedServices.get(factory.resourceGroup, factory.factoryName, name, {
        onResponse: raw.onResponse,
      }),
    );
    return found ? toLinkedServiceSummary(raw.json(), name) : undefined;
  }

  async createPostgresLinkedService(
    factory: FactoryRef,
    spec: PostgresLinkedServiceSpec,
  ): Promise<LinkedServiceSummary> {
    const raw = captureRawJson();
    // The v2 body is not in SDK 12's model: it goes through as raw properties (see linked-service-body.ts).
    const properties = postgresLinkedServiceProperties(spec) as never;
    await armCall('Create linked service', () =>
      this.client(factory).linkedServices.createOrUpdate(
        factory.resourceGroup,
        factory.factoryName,
        spec.name,
        { properties },
        {
          onResponse: raw.onResponse,
        },
      ),
    );
    return toLinkedServiceSummary(raw.json(), spec.name);
  }

  async deleteLinkedService(factory: FactoryRef, name: string): Promise<void> {
    await armCall('Delete linked service', () =>
      this.client(factory).linkedServices.delete(factory.resourceGroup, factory.factoryName, name),
    );
  }
}

function toMpe(mpe: ManagedPrivateEndpointResource, factory: FactoryRef): ManagedPrivateEndpointInfo {
  const props = mpe.properties;
  return {
    name: mpe.name ?? '',
    factory,
    privateLinkResourceId: props.privateLinkResourceId ?? '',
    groupId: props.groupId ?? '',
    provisioningState: props.provisioningState ?? 'Unknown',
    connectionStatus: props.connectionState?.status ?? 'Unknown',
    connectionDescription: props.connectionState?.description ?? '',
  };
}
