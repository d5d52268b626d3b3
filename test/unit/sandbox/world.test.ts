import { serverId } from '../../../src/domain/resource-ids';
import { startOperation } from '../../../src/sandbox/lro';
import { SANDBOX_WORLD as W, seedWorld } from '../../../src/sandbox/seed';
import { SimulatedWorld } from '../../../src/sandbox/world';
import type { WorldState } from '../../../src/sandbox/world-state';

const factory = {
  subscriptionId: W.subscriptionId,
  resourceGroup: W.resourceGroup,
  factoryName: W.factoryName,
};
const server = (serverName: string) => ({
  subscriptionId: W.subscriptionId,
  resourceGroup: W.resourceGroup,
  serverName,
});
const target = (serverName: string) => ({ privateLinkResourceId: serverId(server(serverName)) });

function makeWorld(): { world: SimulatedWorld; clock: { now: number }; saves: WorldState[] } {
  const clock = { now: Date.parse('2025-06-01T10:00:00Z') };
  const saves: WorldState[] = [];
  const world = new SimulatedWorld(seedWorld('sandbox'), {
    timing: { lroMs: 1000, adfSyncMs: 5000, probeMs: 2000, mpeProvisionMs: 4000 },
    now: () => clock.now,
    onChange: (s) => saves.push(structuredClone(s)),
  });
  return { world, clock, saves };
}

describe('SimulatedWorld', () => {
  it('seeds the sandbox estate', () => {
    const { world } = makeWorld();
    expect(world.listServers().map((s) => s.name)).toEqual([
      W.servers.orders,
      W.servers.sandbox,
      W.servers.vnet,
    ]);
    expect(world.getServerParameter(server(W.servers.orders), 'require_secure_transport')).toBe('on');
    expect(world.getServerParameter(server(W.servers.sandbox), 'require_secure_transport')).toBe('off');
    expect(world.getServer(server(W.servers.vnet))).toMatchObject({
      publicNetworkAccess: 'Disabled',
      delegatedSubnetResourceId: expect.any(String),
    });
    expect(world.getServer(server(W.servers.orders))?.databases).toContain('orders');
    expect(
      world.getConnection({ server: server(W.servers.orders), connectionName: W.pendingConnectionName }),
    ).toMatchObject({ status: 'Pending' });
    expect(world.getManagedPrivateEndpoint(factory, W.pendingEndpoint)?.connectionState.status).toBe(
      'Pending',
    );
    expect(
      world.getFactory({ ...factory, factoryName: W.legacyFactoryName })?.managedVirtualNetworks,
    ).toEqual([]);
    const runtimes = world.getFactory(factory)?.integrationRuntimes ?? [];
    expect(runtimes.find((r) => r.name === W.managedVnetRuntime)).toMatchObject({
      managedVirtualNetwork: 'default',
      interactiveAuthoring: 'Enabled',
    });
    expect(world.getLinkedService(factory, W.keyVaultLinkedService)?.properties).toMatchObject({
      type: 'AzureKeyVault',
      typeProperties: { baseUrl: W.keyVaultUrl },
    });
  });

  it('seeds the same world every time; the empty seed has only the resource group', () => {
    expect(seedWorld('sandbox')).toEqual(seedWorld('sandbox'));
    const empty = seedWorld('empty');
    expect(empty.resourceGroups).toEqual([
      { subscriptionId: W.subscriptionId, name: W.resourceGroup, location: W.location },
    ]);
    expect([empty.servers, empty.factories]).toEqual([[], []]);
  });

  it('a managed private endpoint is Provisioning; its Pending connection appears halfway, Succeeded at the end', () => {
    const { world, clock } = makeWorld();
    const mpe = world.createManagedPrivateEndpoint(factory, 'mpe_sandbox', target(W.servers.sandbox));
    expect(mpe).toMatchObject({
      provisioningState: 'Provisioning',
      connectionState: { status: 'Pending' },
      fqdns: ['pg-sandbox.postgres.database.azure.com'],
    });
    expect(mpe.connectionName).toMatch(/^adf-contoso\.mpe_sandbox-[0-9a-f-]{36}$/);
    clock.now += 1999;
    expect(world.listConnections(server(W.servers.sandbox))).toEqual([]);
    clock.now += 1;
    const [connection] = world.listConnections(server(W.servers.sandbox));
    expect(connection).toMatchObject({
      name: mpe.connectionName,
      status: 'Pending',
      provisioningState: 'Creating',
      description: 'Requested by DataFactory:adf-contoso, Name:mpe_sandbox',
    });
    expect(connection?.privateEndpointId).toMatch(
      /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/vnet-[0-9a-f]+\/providers\/Microsoft\.Network\/privateEndpoints\/adf-contoso\.mpe_sandbox$/,
    );
    expect(world.getManagedPrivateEndpoint(factory, 'mpe_sandbox')?.provisioningState).toBe('Provisioning');
    clock.now += 2000;
    expect(world.getManagedPrivateEndpoint(factory, 'mpe_sandbox')?.provisioningState).toBe('Succeeded');
    expect(world.listConnections(server(W.servers.sandbox))[0]?.provisioningState).toBe('Succeeded');
  });

  it('an endpoint deleted while Provisioning leaves no connection behind', () => {
    const { world } = makeWorld();
    world.createManagedPrivateEndpoint(factory, 'mpe-gone', target(W.servers.sandbox));
    world.deleteManagedPrivateEndpoint(factory, 'mpe-gone');
    world.fastForward();
    expect(world.listConnections(server(W.servers.sandbox))).toEqual([]);
  });

  it('re-putting the same endpoint is idempotent; another target is a conflict', () => {
    const { world } = makeWorld();
    world.createManagedPrivateEndpoint(factory, 'mpe-a', target(W.servers.sandbox));
    world.createManagedPrivateEndpoint(factory, 'MPE-A', target(W.servers.sandbox));
    world.fastForward();
    expect(world.listConnections(server(W.servers.sandbox))).toHaveLength(1);
    expect(() => world.createManagedPrivateEndpoint(factory, 'mpe-a', target(W.servers.orders))).toThrow(
      expect.objectContaining({ status: 409 }),
    );
  });

  it.each([
    ['a VNet-integrated server', target(W.servers.vnet), /integrated into a virtual network/],
    ['a server that does not exist', target('pg-nope'), /was not found/],
    [
      'a wrong group id',
      { ...target(W.servers.sandbox), groupId: 'sqlServer' },
      /group id 'sqlServer' is not valid/,
    ],
    [
      'another resource type',
      {
        privateLinkResourceId:
          '/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z',
        groupId: 'blob',
      },
      /only simulates Private Link/,
    ],
  ])('an endpoint to %s fails provisioning without a connection', (_name, spec, message) => {
    const { world } = makeWorld();
    const mpe = world.createManagedPrivateEndpoint(factory, 'mpe-x', spec);
    expect(mpe.provisioningState).toBe('Failed');
    expect(mpe.connectionState).toMatchObject({
      status: 'Failed',
      description: expect.stringMatching(message),
    });
    expect(mpe.connectionName).toBeUndefined();
  });

  it('Data Factory sees a decision exactly adfSyncMs after it is made', () => {
    const { world, clock } = makeWorld();
    world.approveConnection(
      { server: server(W.servers.orders), connectionName: W.pendingConnectionName },
      'ok by dba',
    );
    expect(
      world.getConnection({ server: server(W.servers.orders), connectionName: W.pendingConnectionName })
        ?.status,
    ).toBe('Approved');
    clock.now += 4999;
    expect(world.getManagedPrivateEndpoint(factory, W.pendingEndpoint)?.connectionState.status).toBe(
      'Pending',
    );
    clock.now += 1;
    expect(world.getManagedPrivateEndpoint(factory, W.pendingEndpoint)?.connectionState).toEqual({
      status: 'Approved',
      description: 'ok by dba',
      actionsRequired: 'None',
    });
  });

  it('chains follow-up changes from the instant the first fell due, not from when it was noticed', () => {
    const { world, clock } = makeWorld();
    const connectionName = W.pendingConnectionName;
    world.mutate((s) =>
      startOperation(world, s, {
        kind: 'connection-update',
        subscriptionId: W.subscriptionId,
        location: W.location,
        resourceId: `${serverId(server(W.servers.orders))}/privateEndpointConnections/${connectionName}`,
        payload: { status: 'Rejected', description: 'no' },
      }),
    );
    clock.now += 999;
    expect(world.snapshot().operations[0]?.status).toBe('InProgress');
    // Nobody looks until long after: the operation completed at +1000 and Data Factory synced at +6000.
    clock.now += 5001;
    expect(world.getManagedPrivateEndpoint(factory, W.pendingEndpoint)?.connectionState.status).toBe(
      'Rejected',
    );
    const op = world.snapshot().operations[0];
    expect(op).toMatchObject({ status: 'Succeeded', endTime: '2025-06-01T10:00:01.000Z' });
  });

  it('deleting a connection shows Disconnected later; deleting the endpoint removes the connection', () => {
    const { world, clock } = makeWorld();
    world.deleteConnection({ server: server(W.servers.orders), connectionName: W.pendingConnectionName });
    expect(world.listConnections(server(W.servers.orders))).toEqual([]);
    clock.now += 5000;
    expect(world.getManagedPrivateEndpoint(factory, W.pendingEndpoint)?.connectionState.status).toBe(
      'Disconnected',
    );

    const mpe = world.createManagedPrivateEndpoint(factory, 'mpe-b', target(W.servers.orders));
    world.fastForward();
    expect(world.listConnections(server(W.servers.orders)).map((c) => c.name)).toEqual([mpe.connectionName]);
    expect(world.deleteManagedPrivateEndpoint(factory, 'mpe-b')).toBe(true);
    expect(world.deleteManagedPrivateEndpoint(factory, 'mpe-b')).toBe(false);
    expect(world.listConnections(server(W.servers.orders))).toEqual([]);
  });

  it('a sync for an endpoint deleted meanwhile changes nothing', () => {
    const { world } = makeWorld();
    world.approveConnection({ server: server(W.servers.orders), connectionName: W.pendingConnectionName });
    world.deleteManagedPrivateEndpoint(factory, W.pendingEndpoint);
    world.fastForward();
    expect(world.getManagedPrivateEndpoint(factory, W.pendingEndpoint)).toBeUndefined();
    expect(world.pendingChanges()).toEqual([]);
  });

  it('validates server parameters and reports missing resources as ARM errors', () => {
    const { world } = makeWorld();
    world.setServerParameter(server(W.servers.orders), 'REQUIRE_SECURE_TRANSPORT', 'OFF');
    expect(world.getServerParameter(server(W.servers.orders), 'require_secure_transport')).toBe('off');
    expect(() =>
      world.setServerParameter(server(W.servers.orders), 'require_secure_transport', 'maybe'),
    ).toThrow(expect.objectContaining({ code: 'InvalidRequestContent' }));
    expect(() => world.setServerParameter(server(W.servers.orders), 'no_such_thing', '1')).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() => world.listConnections(server('pg-nope'))).toThrow(
      expect.objectContaining({ code: 'ResourceNotFound' }),
    );
    expect(() => world.listConnections({ ...server(W.servers.orders), resourceGroup: 'rg-nope' })).toThrow(
      expect.objectContaining({ code: 'ResourceGroupNotFound' }),
    );
  });

  it('adds servers and databases', () => {
    const { world } = makeWorld();
    world.addServer({
      subscriptionId: W.subscriptionId,
      resourceGroup: 'rg-more',
      name: 'pg-new',
      location: 'northeurope',
      databases: ['x'],
    });
    world.addDatabase(server(W.servers.orders), 'reporting');
    expect(world.getServer({ ...server('pg-new'), resourceGroup: 'rg-more' })?.databases).toContain('x');
    expect(world.getServer(server(W.servers.orders))?.databases).toContain('reporting');
    expect(() =>
      world.addServer({
        subscriptionId: W.subscriptionId,
        resourceGroup: 'rg-more',
        name: 'PG-NEW',
        location: 'x',
      }),
    ).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('reports every change, and hands out copies only', () => {
    const { world, saves } = makeWorld();
    const snapshot = world.snapshot();
    snapshot.servers.length = 0;
    expect(world.listServers()).toHaveLength(3);
    const before = saves.length;
    world.addDatabase(server(W.servers.orders), 'more');
    expect(saves.length).toBe(before + 1);
    expect(saves[saves.length - 1]?.servers[0]?.databases).toContain('more');
  });
});
