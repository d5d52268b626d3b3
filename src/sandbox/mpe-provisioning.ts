import { sameName } from './json';
import { factoryIdOf, findEndpoint, findServerById } from './lookup';
import type { WorldCore } from './world-core';
import type {
  ConnectionState,
  FactoryState,
  ManagedPrivateEndpointState,
  ManagedVirtualNetworkState,
  MpeKey,
  WorldState,
} from './world-state';

/**
 * A managed private endpoint is provisioned after its PUT has answered. The PUT is not a long-running operation
 * (ManagedPrivateEndpoints_CreateOrUpdate answers 200 only: Azure/azure-rest-api-specs specification/datafactory/
 * resource-manager/Microsoft.DataFactory/DataFactory/ManagedPrivateEndpointResource.tsp,
 * ArmResourceCreateOrReplaceSync), so the endpoint answers `provisioningState: 'Provisioning'` (the spec leaves the
 * values open) and the caller polls GET. Halfway through `mpeProvisionMs` the private endpoint exists and its
 * connection appears on the server, Pending and `Creating`; at the end both are `Succeeded`.
 */

/** The Microsoft-managed subscription that hosts the private endpoints of managed virtual networks. */
export const MANAGED_ENDPOINT_SUBSCRIPTION = '8a5b1c0e-3d7f-4e62-9b1a-5c2d4e6f7a8b';
export const POSTGRES_GROUP_ID = 'postgresqlServer';

export type ProvisioningStep = 'connection' | 'succeeded';

/** Schedules the two steps; with no provisioning time they happen at once (the PUT then answers Succeeded). */
export function startProvisioning(
  core: WorldCore,
  state: WorldState,
  factory: FactoryState,
  mpe: ManagedPrivateEndpointState,
): void {
  const key: MpeKey = {
    factoryId: factoryIdOf(factory),
    managedVirtualNetwork: mpe.managedVirtualNetwork,
    name: mpe.name,
  };
  const connectionName = mpe.connectionName ?? '';
  const total = core.timing.mpeProvisionMs;
  if (total === 0) {
    applyProvisioningStep(state, key, connectionName, 'connection');
    applyProvisioningStep(state, key, connectionName, 'succeeded');
    return;
  }
  core.schedule(total / 2, { kind: 'mpe-provision', mpe: key, connectionName, step: 'connection' });
  core.schedule(total, { kind: 'mpe-provision', mpe: key, connectionName, step: 'succeeded' });
}

export function applyProvisioningStep(
  state: WorldState,
  key: MpeKey,
  connectionName: string,
  step: ProvisioningStep,
): void {
  const mpe = findEndpoint(state, key);
  // Deleted (or deleted and re-created) meanwhile: this provisioning is over.
  if (!mpe || !sameName(mpe.connectionName, connectionName) || mpe.provisioningState !== 'Provisioning')
    return;
  const server = findServerById(state, mpe.privateLinkResourceId);
  const factory = state.factories.find((f) => sameName(factoryIdOf(f), key.factoryId));
  const mvnet = factory?.managedVirtualNetworks.find((m) => sameName(m.name, mpe.managedVirtualNetwork));
  if (!server || !factory || !mvnet) {
    mpe.provisioningState = 'Failed';
    return;
  }
  const connection = server.connections.find((c) => sameName(c.name, connectionName));
  if (step === 'connection') {
    if (!connection)
      server.connections.push(newConnection(factory, mvnet, mpe.name, connectionName, 'Creating'));
    return;
  }
  // No connection now means the server's owner deleted it meanwhile; Data Factory learns that through adf-sync.
  if (connection?.provisioningState === 'Creating') connection.provisioningState = 'Succeeded';
  mpe.provisioningState = 'Succeeded';
}

/**
 * Name and description take the form seen in a real export of a connection made by a Data Factory managed private
 * endpoint (AZURE.md, "observed in real exports"; for PostgreSQL the same mechanism is likely but UNCONFIRMED):
 * `<factory lower-cased>.<endpoint>-<guid>` and `Requested by DataFactory:<Factory>, Name:<endpoint>`.
 */
export function connectionNameFor(factory: FactoryState, mpeName: string, guid: string): string {
  return `${factory.name.toLowerCase()}.${mpeName}-${guid}`;
}

/** The connection a managed private endpoint makes on the server, Pending. */
export function newConnection(
  factory: FactoryState,
  mvnet: ManagedVirtualNetworkState,
  mpeName: string,
  name: string,
  provisioningState: ConnectionState['provisioningState'] = 'Succeeded',
): ConnectionState {
  const endpointGroup = `vnet-${mvnet.vNetId.replace(/-/g, '').slice(0, 16)}`;
  return {
    name,
    privateEndpointId: `/subscriptions/${MANAGED_ENDPOINT_SUBSCRIPTION}/resourceGroups/${endpointGroup}/providers/Microsoft.Network/privateEndpoints/${factory.name}.${mpeName}`,
    groupIds: [POSTGRES_GROUP_ID],
    status: 'Pending',
    description: `Requested by DataFactory:${factory.name}, Name:${mpeName}`,
    actionsRequired: 'None',
    provisioningState,
    source: { factoryId: factoryIdOf(factory), managedVirtualNetwork: mvnet.name, name: mpeName },
  };
}
