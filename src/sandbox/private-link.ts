import { randomUUID } from 'node:crypto';
import { conflict } from './arm-errors';
import { sameName } from './json';
import { findEndpoint, findServerById, fqdnOf, SERVER_TYPE } from './lookup';
import { connectionNameFor, POSTGRES_GROUP_ID, startProvisioning } from './mpe-provisioning';
import type { WorldCore } from './world-core';
import type {
  ConnectionState,
  ConnectionStateView,
  FactoryState,
  ManagedPrivateEndpointState,
  ManagedVirtualNetworkState,
  MpeKey,
  ServerState,
  WorldState,
} from './world-state';

/**
 * Private Link between a factory's managed virtual network and a PostgreSQL flexible server: a managed private
 * endpoint makes a Pending connection on the server once provisioned (mpe-provisioning.ts); a decision on the server reaches the endpoint's
 * connectionState only `adfSyncMs` later, as in Azure where Data Factory notices after minutes.
 */

export interface EndpointTarget {
  privateLinkResourceId: string;
  groupId: string;
  fqdns?: string[];
}

const PENDING: ConnectionStateView = { status: 'Pending', description: '', actionsRequired: 'None' };

/**
 * Creates (or re-puts) a managed private endpoint; it is provisioned afterwards (mpe-provisioning.ts). Azure accepts
 * the PUT even when the target cannot take Private Link; the simulator then answers provisioningState 'Failed' and
 * connectionState {status: 'Failed', description: why} at once, and makes no server-side connection. (No source says
 * whether Azure reaches Failed through Provisioning; UNCONFIRMED.)
 */
export function createManagedPrivateEndpoint(
  core: WorldCore,
  state: WorldState,
  factory: FactoryState,
  mvnet: ManagedVirtualNetworkState,
  name: string,
  target: EndpointTarget,
): ManagedPrivateEndpointState {
  const existing = factory.managedPrivateEndpoints.find(
    (m) => sameName(m.name, name) && sameName(m.managedVirtualNetwork, mvnet.name),
  );
  if (existing) {
    if (
      sameName(existing.privateLinkResourceId, target.privateLinkResourceId) &&
      sameName(existing.groupId, target.groupId)
    ) {
      return existing;
    }
    throw conflict(
      `Managed private endpoint '${name}' already exists with a different private link resource or group id; delete it first.`,
    );
  }
  const mpe: ManagedPrivateEndpointState = {
    name,
    managedVirtualNetwork: mvnet.name,
    privateLinkResourceId: target.privateLinkResourceId,
    groupId: target.groupId,
    fqdns: target.fqdns ?? [],
    provisioningState: 'Provisioning',
    connectionState: { ...PENDING },
    etag: core.newId(),
  };
  factory.managedPrivateEndpoints.push(mpe);
  const server = findServerById(state, target.privateLinkResourceId);
  const failure = whyNoPrivateLink(server, target);
  if (failure || !server) {
    mpe.provisioningState = 'Failed';
    mpe.connectionState = { status: 'Failed', description: failure ?? '', actionsRequired: 'None' };
    return mpe;
  }
  if (mpe.fqdns.length === 0) mpe.fqdns = [fqdnOf(server)];
  mpe.connectionName = connectionNameFor(factory, name, core.newId());
  startProvisioning(core, state, factory, mpe);
  return mpe;
}

function whyNoPrivateLink(server: ServerState | undefined, target: EndpointTarget): string | undefined {
  const prefix = 'Failed to create the private endpoint:';
  if (!target.privateLinkResourceId.toLowerCase().includes(`/providers/${SERVER_TYPE.toLowerCase()}/`)) {
    return `${prefix} the sandbox only simulates Private Link to Azure Database for PostgreSQL flexible servers ('${target.privateLinkResourceId}').`;
  }
  if (!server) return `${prefix} the private link resource '${target.privateLinkResourceId}' was not found.`;
  if (!sameName(target.groupId, POSTGRES_GROUP_ID)) {
    return `${prefix} group id '${target.groupId}' is not valid for resource type ${SERVER_TYPE}; the valid group id is '${POSTGRES_GROUP_ID}'.`;
  }
  if (server.delegatedSubnetResourceId) {
    return `${prefix} server '${server.name}' is integrated into a virtual network (delegated subnet '${server.delegatedSubnetResourceId}'). Private endpoints are supported only for servers deployed with public access.`;
  }
  return undefined;
}

/** Deleting the endpoint deletes its private endpoint, so the server-side connection goes away with it. */
export function deleteManagedPrivateEndpoint(
  state: WorldState,
  factory: FactoryState,
  mvnetName: string,
  name: string,
): boolean {
  const mpe = factory.managedPrivateEndpoints.find(
    (m) => sameName(m.name, name) && sameName(m.managedVirtualNetwork, mvnetName),
  );
  if (!mpe) return false;
  factory.managedPrivateEndpoints = factory.managedPrivateEndpoints.filter((m) => m !== mpe);
  const server = findServerById(state, mpe.privateLinkResourceId);
  if (server && mpe.connectionName) {
    server.connections = server.connections.filter((c) => !sameName(c.name, mpe.connectionName));
  }
  return true;
}

/** Applies an approve/reject on the server; the endpoint's factory learns of it `adfSyncMs` later. */
export function applyDecision(
  core: WorldCore,
  connection: ConnectionState,
  status: string,
  description: string,
): void {
  connection.status = status;
  connection.description = description;
  connection.actionsRequired = 'None';
  connection.provisioningState = 'Succeeded';
  if (connection.source) {
    core.schedule(core.timing.adfSyncMs, {
      kind: 'adf-sync',
      mpe: connection.source,
      connectionName: connection.name,
      view: { status, description, actionsRequired: 'None' },
    });
  }
}

/** Removes a connection on the server; its managed private endpoint shows 'Disconnected' `adfSyncMs` later. */
export function removeConnection(core: WorldCore, server: ServerState, connection: ConnectionState): void {
  server.connections = server.connections.filter((c) => c !== connection);
  if (connection.source) {
    core.schedule(core.timing.adfSyncMs, {
      kind: 'adf-sync',
      mpe: connection.source,
      connectionName: connection.name,
      view: {
        status: 'Disconnected',
        description: 'The private endpoint connection was removed by the owner of the private link resource.',
        actionsRequired: 'Recreate',
      },
    });
  }
}

export function applyAdfSync(
  state: WorldState,
  mpeKey: MpeKey,
  connectionName: string,
  view: ConnectionStateView,
): void {
  const mpe = findEndpoint(state, mpeKey);
  // The endpoint was deleted (or re-created with another connection) meanwhile: nothing left to tell.
  if (!mpe || !sameName(mpe.connectionName, connectionName)) return;
  mpe.connectionState = { ...view };
  mpe.etag = randomUUID();
}
