import type {
  AzureGateway,
  FactoryInfo,
  ManagedPrivateEndpointInfo,
  PrivateEndpointConnection,
} from '../azure/gateway';
import { factoryId, type FactoryRef } from '../domain/resource-ids';
import { isAppError } from '../errors';
import type { FactoryEndpoint } from '../store/request-records';
import { matchFactoryEndpoint } from './connection-origin';

/**
 * Data Factory's side, read lazily and at most once per factory per watcher cycle: the factory list only when a
 * new connection needs its origin, a factory's managed private endpoints only when a new connection or a decision
 * waiting for Data Factory's view asks for them. One instance lives for one cycle, so nothing read is stale by
 * more than a cycle.
 */
export class FactoryEndpointReads {
  private factories: Promise<FactoryInfo[]> | undefined;
  private readonly endpoints = new Map<string, Promise<ManagedPrivateEndpointInfo[]>>();

  constructor(private readonly gateway: AzureGateway) {}

  /** The managed private endpoints of one factory, listed once for the whole cycle. */
  endpointsOf(factory: FactoryRef): Promise<ManagedPrivateEndpointInfo[]> {
    const key = factoryId(factory).toLowerCase();
    let listed = this.endpoints.get(key);
    if (!listed) {
      // A factory without a managed VNet has no endpoints; Azure answers 404 there, which is not an error here.
      listed = this.gateway.listManagedPrivateEndpoints(factory).catch((error: unknown) => {
        if (isAppError(error) && error.code === 'AZURE_NOT_FOUND') return [];
        throw error;
      });
      this.endpoints.set(key, listed);
    }
    return listed;
  }

  /** Which factory endpoint a connection came from, if any (see matchFactoryEndpoint). */
  async originOf(connection: PrivateEndpointConnection): Promise<FactoryEndpoint | undefined> {
    this.factories ??= this.gateway.listFactories();
    const candidates = await Promise.all(
      (await this.factories).map(async (factory) => ({
        factory,
        endpoints: await this.endpointsOf(factory.ref),
      })),
    );
    return matchFactoryEndpoint(connection, candidates);
  }
}
