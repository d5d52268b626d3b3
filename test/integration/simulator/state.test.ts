import type { PrivateEndpointConnection } from '@azure/arm-postgresql-flexible';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { eventually, FACTORY_REF, sdkClients, serverRef, serverResourceId, W } from './clients';

/** State that moves: endpoints make pending connections, decisions run as LROs and reach Data Factory late. */
const FAST = { updateIntervalInMs: 25 };
const decision = (status: 'Approved' | 'Rejected', description: string): PrivateEndpointConnection =>
  ({ privateLinkServiceConnectionState: { status, description } }) as PrivateEndpointConnection;

describe('simulated Azure state', () => {
  // Each test gets a simulator of its own, with only the seeded endpoints and connections: they add and decide them.
  let sim: RunningSimulator;
  let clients: ReturnType<typeof sdkClients>;
  beforeEach(async () => {
    sim = await startSimulator({
      lroSeconds: 0.2,
      adfSyncSeconds: 0.6,
      probeSeconds: 0.1,
      mpeProvisionSeconds: 0,
    });
    clients = sdkClients(sim);
  });
  afterEach(() => sim.close());

  const listConnections = async (server: string): Promise<PrivateEndpointConnection[]> => {
    const all: PrivateEndpointConnection[] = [];
    for await (const c of clients.pg.privateEndpointConnections.listByServer(W.resourceGroup, server))
      all.push(c);
    return all;
  };

  it('every list the bot uses works through the SDK pagers', async () => {
    const names = async (items: AsyncIterable<{ name?: string }>): Promise<string[]> => {
      const all: string[] = [];
      for await (const item of items) all.push(item.name ?? '');
      return all;
    };
    const { df, pg } = clients;
    const servers = [W.servers.orders, W.servers.sandbox, W.servers.vnet];
    expect(await names(pg.servers.listBySubscription())).toEqual(servers);
    expect(await names(pg.servers.listByResourceGroup(W.resourceGroup))).toEqual(servers);
    expect(await names(pg.configurations.listByServer(W.resourceGroup, W.servers.orders))).toContain(
      'require_secure_transport',
    );
    expect(await names(pg.databases.listByServer(W.resourceGroup, W.servers.orders))).toContain(
      W.databases.orders,
    );
    expect(await names(df.factories.list())).toEqual([W.factoryName, W.legacyFactoryName]);
    expect(await names(df.factories.listByResourceGroup(W.resourceGroup))).toEqual([
      W.factoryName,
      W.legacyFactoryName,
    ]);
    expect(await names(df.managedVirtualNetworks.listByFactory(W.resourceGroup, W.factoryName))).toEqual([
      'default',
    ]);
    expect(
      await names(df.managedVirtualNetworks.listByFactory(W.resourceGroup, W.legacyFactoryName)),
    ).toEqual([]);
    expect(await names(df.integrationRuntimes.listByFactory(W.resourceGroup, W.factoryName))).toEqual([
      W.managedVnetRuntime,
      W.autoResolveRuntime,
    ]);
    expect(
      await names(df.managedPrivateEndpoints.listByFactory(W.resourceGroup, W.factoryName, 'default')),
    ).toEqual([W.pendingEndpoint]);
    expect(await names(df.linkedServices.listByFactory(W.resourceGroup, W.factoryName))).toEqual([
      W.keyVaultLinkedService,
    ]);
    const ir = await df.integrationRuntimes.get(W.resourceGroup, W.factoryName, W.managedVnetRuntime);
    expect(ir.properties).toMatchObject({
      type: 'Managed',
      managedVirtualNetwork: { type: 'ManagedVirtualNetworkReference', referenceName: 'default' },
    });
  });

  it('a new managed private endpoint makes a Pending connection on the server', async () => {
    const mpe = await clients.df.managedPrivateEndpoints.createOrUpdate(
      W.resourceGroup,
      W.factoryName,
      'default',
      'mpe-sandbox',
      {
        properties: {
          privateLinkResourceId: serverResourceId(W.servers.sandbox),
          groupId: 'postgresqlServer',
        },
      },
    );
    expect(mpe.properties).toMatchObject({
      provisioningState: 'Succeeded',
      connectionState: { status: 'Pending' },
    });
    const [connection] = await listConnections(W.servers.sandbox);
    expect(connection?.name).toMatch(/^adf-contoso\.mpe-sandbox-[0-9a-f-]{36}$/);
    expect(connection?.privateLinkServiceConnectionState).toMatchObject({
      status: 'Pending',
      description: 'Requested by DataFactory:adf-contoso, Name:mpe-sandbox',
    });
    expect(connection?.privateEndpoint?.id).toMatch(
      /\/providers\/Microsoft\.Network\/privateEndpoints\/adf-contoso\.mpe-sandbox$/,
    );
    expect(connection?.privateEndpoint?.id).not.toContain(W.subscriptionId);
    const server = await clients.pg.servers.get(W.resourceGroup, W.servers.sandbox);
    expect(server.privateEndpointConnections?.map((c) => c.name)).toEqual([connection?.name]);
  });

  it('approval is a long-running PUT; Data Factory sees it only adfSyncSeconds later', async () => {
    const started = Date.now();
    const result = await clients.pg.privateEndpointConnections.beginUpdateAndWait(
      W.resourceGroup,
      W.servers.orders,
      W.pendingConnectionName,
      decision('Approved', 'Approved by dba@contoso.com'),
      FAST,
    );
    const decidedAt = Date.now();
    expect(decidedAt - started).toBeGreaterThanOrEqual(180);
    expect(result.privateLinkServiceConnectionState).toMatchObject({
      status: 'Approved',
      description: 'Approved by dba@contoso.com',
    });
    expect(result.provisioningState).toBe('Succeeded');
    expect(sim.requests.count({ method: 'GET', path: /azureAsyncOperation/ })).toBeGreaterThan(0);

    const mpe = () =>
      clients.df.managedPrivateEndpoints.get(W.resourceGroup, W.factoryName, 'default', W.pendingEndpoint);
    expect((await mpe()).properties.connectionState?.status).toBe('Pending');
    await eventually(async () =>
      (await mpe()).properties.connectionState?.status === 'Approved' ? true : undefined,
    );
    expect(Date.now() - decidedAt).toBeGreaterThanOrEqual(450);
    expect((await mpe()).properties.connectionState?.description).toBe('Approved by dba@contoso.com');
  });

  // The spec's PrivateEndpointConnectionProvisioningState has no 'Updating': the decision shows only in the LRO.
  it("keeps provisioningState 'Succeeded' and the old status while the operation runs", async () => {
    sim.world.createManagedPrivateEndpoint(FACTORY_REF, 'mpe-sandbox', {
      privateLinkResourceId: serverResourceId(W.servers.sandbox),
    });
    const poller = await clients.pg.privateEndpointConnections.beginUpdate(
      W.resourceGroup,
      W.servers.sandbox,
      (await listConnections(W.servers.sandbox))[0]?.name ?? '',
      decision('Rejected', 'not this one'),
      FAST,
    );
    const during = await listConnections(W.servers.sandbox);
    expect(during[0]?.provisioningState).toBe('Succeeded');
    expect(during[0]?.privateLinkServiceConnectionState?.status).toBe('Pending');
    const done = await poller.pollUntilDone();
    expect(done.privateLinkServiceConnectionState?.status).toBe('Rejected');
    sim.world.fastForward();
    expect(sim.world.getManagedPrivateEndpoint(FACTORY_REF, 'mpe-sandbox')?.connectionState.status).toBe(
      'Rejected',
    );
  });

  it('a failed operation ends Failed and the poller throws with its error', async () => {
    const created = sim.world.createManagedPrivateEndpoint(FACTORY_REF, 'mpe-fail', {
      privateLinkResourceId: serverResourceId(W.servers.orders),
    });
    sim.world.queueOperationFailure({ code: 'InternalServerError', message: 'simulated failure' });
    await expect(
      clients.pg.privateEndpointConnections.beginUpdateAndWait(
        W.resourceGroup,
        W.servers.orders,
        created.connectionName ?? '',
        decision('Approved', 'x'),
        FAST,
      ),
    ).rejects.toThrow(/simulated failure/);
    const after = sim.world.getConnection({
      server: serverRef(W.servers.orders),
      connectionName: created.connectionName ?? '',
    });
    expect(after).toMatchObject({ status: 'Pending', provisioningState: 'Succeeded' });
  });

  it('deleting a connection (LRO) shows Disconnected on the endpoint after the sync delay', async () => {
    const connectionName =
      sim.world.createManagedPrivateEndpoint(FACTORY_REF, 'mpe-deleted', {
        privateLinkResourceId: serverResourceId(W.servers.orders),
      }).connectionName ?? '';
    expect(sim.world.getConnection({ server: serverRef(W.servers.orders), connectionName })).toBeDefined();
    await clients.pg.privateEndpointConnections.beginDeleteAndWait(
      W.resourceGroup,
      W.servers.orders,
      connectionName,
      FAST,
    );
    expect(sim.world.getConnection({ server: serverRef(W.servers.orders), connectionName })).toBeUndefined();
    expect(sim.world.getManagedPrivateEndpoint(FACTORY_REF, 'mpe-deleted')?.connectionState.status).toBe(
      'Pending',
    );
    await eventually(() =>
      sim.world.getManagedPrivateEndpoint(FACTORY_REF, 'mpe-deleted')?.connectionState.status ===
      'Disconnected'
        ? true
        : undefined,
    );
  });

  it('deleting the managed private endpoint removes its connection on the server', async () => {
    const mpe = sim.world.createManagedPrivateEndpoint(FACTORY_REF, 'mpe-gone', {
      privateLinkResourceId: serverResourceId(W.servers.orders),
    });
    expect(
      sim.world.getConnection({
        server: serverRef(W.servers.orders),
        connectionName: mpe.connectionName ?? '',
      }),
    ).toBeDefined();
    await clients.df.managedPrivateEndpoints.delete(W.resourceGroup, W.factoryName, 'default', 'mpe-gone');
    expect((await listConnections(W.servers.orders)).map((c) => c.name)).not.toContain(mpe.connectionName);
    await expect(
      clients.df.managedPrivateEndpoints.get(W.resourceGroup, W.factoryName, 'default', 'mpe-gone'),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('an endpoint to a VNet-integrated server is accepted but fails provisioning, with no connection', async () => {
    const mpe = await clients.df.managedPrivateEndpoints.createOrUpdate(
      W.resourceGroup,
      W.factoryName,
      'default',
      'mpe-vnet',
      {
        properties: { privateLinkResourceId: serverResourceId(W.servers.vnet), groupId: 'postgresqlServer' },
      },
    );
    expect(mpe.properties.provisioningState).toBe('Failed');
    expect(mpe.properties.connectionState?.description).toMatch(/integrated into a virtual network/);
    expect(await listConnections(W.servers.vnet)).toEqual([]);
    const server = await clients.pg.servers.get(W.resourceGroup, W.servers.vnet);
    expect(server.network).toMatchObject({
      publicNetworkAccess: 'Disabled',
      delegatedSubnetResourceId: expect.stringContaining('/subnets/'),
    });
  });

  it('server parameters update as long-running operations', async () => {
    const before = await clients.pg.configurations.get(
      W.resourceGroup,
      W.servers.orders,
      'require_secure_transport',
    );
    expect(before.value).toBe('on');
    const after = await clients.pg.configurations.beginUpdateAndWait(
      W.resourceGroup,
      W.servers.orders,
      'require_secure_transport',
      { value: 'OFF', source: 'user-override' },
      FAST,
    );
    expect(after).toMatchObject({ value: 'off', source: 'user-override' });
    expect(sim.world.getServerParameter(serverRef(W.servers.orders), 'require_secure_transport')).toBe('off');
    sim.world.setServerParameter(serverRef(W.servers.orders), 'require_secure_transport', 'on');
    await expect(
      clients.pg.configurations.beginUpdateAndWait(
        W.resourceGroup,
        W.servers.orders,
        'require_secure_transport',
        { value: 'maybe' },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
