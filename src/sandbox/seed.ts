import { serverId } from '../domain/resource-ids';
import { buildFactory, buildServer } from './builders';
import { connectionNameFor, newConnection, POSTGRES_GROUP_ID } from './mpe-provisioning';
import { seedAuthorization } from './rbac/seed-authorization';
import { emptyState, type WorldState } from './world-state';

/** Names of the seeded sandbox estate; the bot's sandbox configuration and tests use them. */
export const SANDBOX_WORLD = {
  subscriptionId: '11111111-1111-1111-1111-111111111111',
  resourceGroup: 'rg-analytics',
  location: 'westeurope',
  factoryName: 'adf-contoso',
  legacyFactoryName: 'adf-legacy',
  managedVirtualNetwork: 'default',
  managedVnetRuntime: 'ManagedVnetIR',
  autoResolveRuntime: 'AutoResolveIntegrationRuntime',
  keyVaultLinkedService: 'ls-keyvault',
  keyVaultUrl: 'https://kv-contoso.vault.azure.net/',
  servers: { orders: 'pg-orders', sandbox: 'pg-sandbox', vnet: 'pg-vnet' },
  databases: { orders: 'orders', sandbox: 'sandbox' },
  pendingEndpoint: 'mpe-pg-orders',
  /** Fixed so the seeded pending connection has a stable name across runs. */
  pendingConnectionName: 'adf-contoso.mpe-pg-orders-5f0c6a2e-3b9d-4c1f-8e7a-2d4b6c8e0f13',
} as const;

const PENDING_CONNECTION_GUID = '5f0c6a2e-3b9d-4c1f-8e7a-2d4b6c8e0f13';

export type SeedName = 'sandbox' | 'empty';

export function seedWorld(seed: SeedName): WorldState {
  return seed === 'empty' ? emptyWorld() : sandboxWorld();
}

/**
 * The subscription and resource group only: tests add what they need through the world. Both seeds carry the
 * sandbox's role assignments (see rbac/seed-authorization.ts).
 */
function emptyWorld(): WorldState {
  const state = emptyState();
  const w = SANDBOX_WORLD;
  state.resourceGroups.push({
    subscriptionId: w.subscriptionId,
    name: w.resourceGroup,
    location: w.location,
  });
  state.authorization = sandboxAuthorization();
  return state;
}

function sandboxAuthorization(): WorldState['authorization'] {
  const w = SANDBOX_WORLD;
  return seedAuthorization({
    subscriptionId: w.subscriptionId,
    resourceGroup: w.resourceGroup,
    servers: [w.servers.orders, w.servers.sandbox],
    factoryName: w.factoryName,
  });
}

/** A state saved before the simulator knew RBAC gets the seeded roles and assignments (and an empty activity log). */
export function withAuthorization(state: WorldState): WorldState {
  const partial = state as Omit<WorldState, 'authorization' | 'activityLog'> & Partial<WorldState>;
  return {
    ...partial,
    authorization: partial.authorization ?? sandboxAuthorization(),
    activityLog: partial.activityLog ?? [],
  };
}

function sandboxWorld(): WorldState {
  const state = emptyWorld();
  const w = SANDBOX_WORLD;
  const at = { subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, location: w.location };
  const createdAt = '2025-01-15T09:30:00.000Z';
  const orders = buildServer({ ...at, name: w.servers.orders, databases: [w.databases.orders], createdAt });
  const sandbox = buildServer({
    ...at,
    name: w.servers.sandbox,
    databases: [w.databases.sandbox],
    parameters: { require_secure_transport: 'off' },
    createdAt,
  });
  const vnet = buildServer({
    ...at,
    name: w.servers.vnet,
    delegatedSubnetResourceId: `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroup}/providers/Microsoft.Network/virtualNetworks/vnet-data/subnets/snet-postgres`,
    databases: ['inventory'],
    createdAt,
  });
  state.servers.push(orders, sandbox, vnet);

  const contoso = buildFactory({
    ...at,
    name: w.factoryName,
    managedVirtualNetwork: w.managedVirtualNetwork,
    createTime: createdAt,
    principalId: '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    vNetId: '5a7bd944-87e6-454a-8d4d-9fba446514fd',
    runtimes: [
      {
        name: w.managedVnetRuntime,
        managedVirtualNetwork: w.managedVirtualNetwork,
        interactiveAuthoring: 'Enabled',
        description: 'Azure integration runtime in the managed virtual network',
      },
      { name: w.autoResolveRuntime, description: 'Default Azure integration runtime (public network)' },
    ],
  });
  contoso.linkedServices.push({
    name: w.keyVaultLinkedService,
    properties: { type: 'AzureKeyVault', typeProperties: { baseUrl: w.keyVaultUrl }, annotations: [] },
    etag: '0b00c1d2-0000-0d00-0000-65a4f0a10000',
  });
  const legacy = buildFactory({
    ...at,
    name: w.legacyFactoryName,
    createTime: createdAt,
    principalId: '0f9e8d7c-6b5a-4948-8372-615049382716',
  });
  state.factories.push(contoso, legacy);

  // The pending request a new user sees first: adf-contoso asked for Private Link to pg-orders.
  const mvnet = contoso.managedVirtualNetworks[0];
  if (!mvnet) throw new Error('seed: adf-contoso has no managed virtual network');
  const connection = newConnection(
    contoso,
    mvnet,
    w.pendingEndpoint,
    connectionNameFor(contoso, w.pendingEndpoint, PENDING_CONNECTION_GUID),
  );
  orders.connections.push(connection);
  contoso.managedPrivateEndpoints.push({
    name: w.pendingEndpoint,
    managedVirtualNetwork: mvnet.name,
    privateLinkResourceId: serverId({ ...at, serverName: w.servers.orders }),
    groupId: POSTGRES_GROUP_ID,
    fqdns: [`${w.servers.orders}.postgres.database.azure.com`],
    provisioningState: 'Succeeded',
    connectionState: { status: 'Pending', description: '', actionsRequired: 'None' },
    connectionName: connection.name,
    etag: '3c00a7e1-0000-0d00-0000-65a4f0b20000',
  });
  return state;
}
