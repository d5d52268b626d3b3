import { startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { sdkClients, serverRef, serverResourceId, W } from './clients';

/**
 * Managed private endpoints through the real SDK: the PUT is not long-running and answers 200 with
 * `provisioningState: 'Provisioning'`; the endpoint and its server-side connection come later (simulated time is
 * moved with fastForward; the halfway appearance of the connection is covered in test/unit/sandbox/world.test.ts).
 */
describe('managed private endpoint provisioning', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ mpeProvisionSeconds: 60, adfSyncSeconds: 60 });
  });
  afterAll(() => sim.close());

  const put = (name: string, serverName: string, groupId = 'postgresqlServer') =>
    sdkClients(sim).df.managedPrivateEndpoints.createOrUpdate(
      W.resourceGroup,
      W.factoryName,
      'default',
      name,
      {
        properties: { privateLinkResourceId: serverResourceId(serverName), groupId },
      },
    );

  it('answers the PUT with Provisioning and no connection yet; Succeeded with a Pending connection later', async () => {
    const { df, pg } = sdkClients(sim);
    const created = await put('mpe-later', W.servers.sandbox);
    expect(created.properties.provisioningState).toBe('Provisioning');
    const connections = async () => {
      const found = [];
      for await (const c of pg.privateEndpointConnections.listByServer(W.resourceGroup, W.servers.sandbox)) {
        found.push(c);
      }
      return found;
    };
    expect(await connections()).toEqual([]);

    sim.world.fastForward();
    const got = await df.managedPrivateEndpoints.get(W.resourceGroup, W.factoryName, 'default', 'mpe-later');
    expect(got.properties).toMatchObject({
      provisioningState: 'Succeeded',
      connectionState: { status: 'Pending' },
    });
    const [connection] = await connections();
    expect(connection).toMatchObject({
      provisioningState: 'Succeeded',
      privateLinkServiceConnectionState: {
        status: 'Pending',
        description: 'Requested by DataFactory:adf-contoso, Name:mpe-later',
      },
    });
    expect(connection?.name).toMatch(/^adf-contoso\.mpe-later-[0-9a-f-]{36}$/);
  });

  it.each([
    ['a VNet-integrated server', W.servers.vnet, 'postgresqlServer'],
    ['a server that does not exist', 'pg-nope', 'postgresqlServer'],
    ['a wrong group id', W.servers.orders, 'sqlServer'],
  ])('an endpoint to %s is Failed at once and makes no connection', async (_what, serverName, groupId) => {
    const before = sim.world.listConnections(serverRef(W.servers.orders)).length;
    const created = await put(`mpe-${groupId}-${serverName}`, serverName, groupId);
    expect(created.properties).toMatchObject({
      provisioningState: 'Failed',
      connectionState: { status: 'Failed' },
    });
    sim.world.fastForward();
    expect(sim.world.listConnections(serverRef(W.servers.orders))).toHaveLength(before);
  });

  it('rejects a negative mpeProvisionSeconds', async () => {
    await expect(startSimulator({ mpeProvisionSeconds: -1 })).rejects.toThrow(/mpeProvisionSeconds/);
  });
});
