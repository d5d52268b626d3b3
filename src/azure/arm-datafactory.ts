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
import { factoryId, parseFactoryId, serverId, type FactoryRef, type ServerRef } from '../domain/resource-ids';
import { runRawLro, type LroTiming } from './raw-lro';

/** Data Factory always names its managed virtual network "default"; there is only ever one per factory. */
export const MANAGED_VNET = 'default';
export const POSTGRES_GROUP_ID = 'postgresqlServer';
const DATA_FACTORY_API_VERSION = '2018-06-01';
const INTERACTIVE_STATES = ['Enabled', 'Enabling', 'Disabled', 'Disabling'] as const;

/** The Data Factory half of the gateway: factories, managed VNet, runtimes, managed private endpoints, linked services. */
export class ArmDataFactory {
  constructor(
    private readonly clients: ArmClients,
    private readonly lro: LroTiming,
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

  /**
   * Spec 2018-06-01, entityTypes/IntegrationRuntime.json, ManagedIntegrationRuntimeTypeProperties: the state is in
   * the runtime's own GET body, `properties.typeProperties.interactiveQuery {status, autoTerminationMinutes}`
   * (read-only; SDK 12 does not model it, hence the raw body). `getStatus` has no such field.
   */
  async getInteractiveAuthoring(factory: FactoryRef, runtime: string): Promise<InteractiveAuthoring> {
    const raw = captureRawJson();
    await armCall('Get integration runtime', () =>
      this.client(factory).integrationRuntimes.get(factory.resourceGroup, factory.factoryName, runtime, {
        onResponse: raw.onResponse,
      }),
    );
    const status = pickString(raw.json(), 'properties', 'typeProperties', 'interactiveQuery', 'status');
    return INTERACTIVE_STATES.find((s) => s.toLowerCase() === status?.toLowerCase()) ?? 'Unknown';
  }

  /**
   * `POST .../integrationruntimes/{ir}/enableInteractiveQuery` (datafactory.json, IntegrationRuntimes_
   * EnableInteractiveQuery): 200 or 202, `x-ms-long-running-operation-options: final-state-via
   * azure-async-operation`. Not in SDK 12, so it goes through the raw long-running-operation helper.
   */
  async enableInteractiveAuthoring(
    factory: FactoryRef,
    runtime: string,
    autoTerminationMinutes: number,
  ): Promise<void> {
    await runRawLro(
      this.clients,
      this.client(factory),
      'Enable interactive authoring',
      {
        method: 'POST',
        path: `${factoryId(factory)}/integrationruntimes/${encodeURIComponent(runtime)}/enableInteractiveQuery`,
        apiVersion: DATA_FACTORY_API_VERSION,
        body: { autoTerminationMinutes },
        finalStateVia: 'azure-async-operation',
      },
      this.lro,
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
