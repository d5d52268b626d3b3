import { factoryId, parseServerId, serverId } from '../domain/resource-ids';
import { parentNotFound, resourceGroupNotFound, resourceNotFound, subscriptionNotFound } from './arm-errors';
import { sameName } from './json';
import type {
  ConnectionState,
  FactoryState,
  ManagedPrivateEndpointState,
  MpeKey,
  ResourceGroupState,
  ServerState,
  WorldState,
} from './world-state';

/** Finders over the world state. `require*` throw the ArmError Azure would answer; names compare ignoring case. */

export const SERVER_TYPE = 'Microsoft.DBforPostgreSQL/flexibleServers';
export const FACTORY_TYPE = 'Microsoft.DataFactory/factories';

export function serverIdOf(s: ServerState): string {
  return serverId({ subscriptionId: s.subscriptionId, resourceGroup: s.resourceGroup, serverName: s.name });
}

export function factoryIdOf(f: FactoryState): string {
  return factoryId({ subscriptionId: f.subscriptionId, resourceGroup: f.resourceGroup, factoryName: f.name });
}

export function fqdnOf(s: ServerState): string {
  return `${s.name.toLowerCase()}.postgres.database.azure.com`;
}

export function requireSubscription(state: WorldState, subscriptionId: string): void {
  if (!state.resourceGroups.some((g) => sameName(g.subscriptionId, subscriptionId))) {
    throw subscriptionNotFound(subscriptionId);
  }
}

/** A portal action creating a resource in a new resource group creates the group too (location of the resource). */
export function ensureResourceGroup(
  state: WorldState,
  subscriptionId: string,
  name: string,
  location: string,
): void {
  const exists = state.resourceGroups.some(
    (g) => sameName(g.subscriptionId, subscriptionId) && sameName(g.name, name),
  );
  if (!exists) state.resourceGroups.push({ subscriptionId, name, location });
}

export function requireResourceGroup(
  state: WorldState,
  subscriptionId: string,
  name: string,
): ResourceGroupState {
  requireSubscription(state, subscriptionId);
  const group = state.resourceGroups.find(
    (g) => sameName(g.subscriptionId, subscriptionId) && sameName(g.name, name),
  );
  if (!group) throw resourceGroupNotFound(name);
  return group;
}

export function findServer(
  state: WorldState,
  subscriptionId: string,
  resourceGroup: string,
  name: string,
): ServerState | undefined {
  return state.servers.find(
    (s) =>
      sameName(s.subscriptionId, subscriptionId) &&
      sameName(s.resourceGroup, resourceGroup) &&
      sameName(s.name, name),
  );
}

export function findServerById(state: WorldState, id: string): ServerState | undefined {
  const ref = parseServerId(id);
  return ref ? findServer(state, ref.subscriptionId, ref.resourceGroup, ref.serverName) : undefined;
}

/** `asParent`: the server is the parent of the addressed resource (404 ParentResourceNotFound). */
export function requireServer(
  state: WorldState,
  subscriptionId: string,
  resourceGroup: string,
  name: string,
  asParent = false,
): ServerState {
  requireResourceGroup(state, subscriptionId, resourceGroup);
  const server = findServer(state, subscriptionId, resourceGroup, name);
  if (server) return server;
  throw asParent ? parentNotFound(name) : resourceNotFound(SERVER_TYPE, name, resourceGroup);
}

export function findFactory(
  state: WorldState,
  subscriptionId: string,
  resourceGroup: string,
  name: string,
): FactoryState | undefined {
  return state.factories.find(
    (f) =>
      sameName(f.subscriptionId, subscriptionId) &&
      sameName(f.resourceGroup, resourceGroup) &&
      sameName(f.name, name),
  );
}

export function findFactoryById(state: WorldState, id: string): FactoryState | undefined {
  return state.factories.find((f) => sameName(factoryIdOf(f), id));
}

export function requireFactory(
  state: WorldState,
  subscriptionId: string,
  resourceGroup: string,
  name: string,
  asParent = false,
): FactoryState {
  requireResourceGroup(state, subscriptionId, resourceGroup);
  const factory = findFactory(state, subscriptionId, resourceGroup, name);
  if (factory) return factory;
  throw asParent ? parentNotFound(name) : resourceNotFound(FACTORY_TYPE, name, resourceGroup);
}

export function byName<T extends { name: string }>(items: readonly T[], name: string): T | undefined {
  return items.find((i) => sameName(i.name, name));
}

/** A managed private endpoint by its key (factory id, managed VNet, name). */
export function findEndpoint(state: WorldState, key: MpeKey): ManagedPrivateEndpointState | undefined {
  const factory = findFactoryById(state, key.factoryId);
  return factory?.managedPrivateEndpoints.find(
    (m) => sameName(m.name, key.name) && sameName(m.managedVirtualNetwork, key.managedVirtualNetwork),
  );
}

/** The connection a managed private endpoint made on its server, if it still exists. */
export function connectionOf(
  state: WorldState,
  mpe: ManagedPrivateEndpointState,
): { server: ServerState; connection: ConnectionState } | undefined {
  const server = findServerById(state, mpe.privateLinkResourceId);
  const connection =
    server && mpe.connectionName ? byName(server.connections, mpe.connectionName) : undefined;
  return server && connection ? { server, connection } : undefined;
}
