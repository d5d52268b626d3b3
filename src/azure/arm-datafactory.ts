import type { DataFactoryManagementClient, ManagedPrivateEndpointResource } from '@azure/arm-datafactory';
import type { ArmClients } from './arm-clients';
import { armCall, armFind } from './arm-errors';
import type {
  FactoryInfo,
  IntegrationRuntimeInfo,
  InteractiveAuthoring,
  ManagedPrivateEndpointInfo,
  ManagedVirtualNetworkInfo,
  WatchScope,
} from './gateway';
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
