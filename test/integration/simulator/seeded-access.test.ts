import { grantBotWriteRoles } from '../../../src/sandbox/rbac/role-grants';
import { SANDBOX_BOT_PRINCIPAL, startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { FACTORY_PATH, sdkClients, W } from './clients';
import { as, authorizationFailed, avery, jordan, ORDERS, PENDING, riley, SUB } from './rbac-support';

/** The seeded sandbox: who may do what, through the real SDK clients and plain HTTPS. */
describe('the seeded role assignments', () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator({ lroSeconds: 0.05, adfSyncSeconds: 0.05 });
  });
  afterEach(() => sim.close());

  it('Avery (Contributor on pg-orders) approves the pending connection and polls it to the end', async () => {
    const { pg } = sdkClients(sim, avery);
    const result = await pg.privateEndpointConnections.beginUpdateAndWait(
      W.resourceGroup,
      W.servers.orders,
      W.pendingConnectionName,
      { privateLinkServiceConnectionState: { status: 'Approved', description: 'ok' } },
      { updateIntervalInMs: 20 },
    );
    expect(result.privateLinkServiceConnectionState?.status).toBe('Approved');
  });

  it('Riley (nothing on the servers) may not approve: 403 AuthorizationFailed', async () => {
    const res = await as(sim, riley, 'PUT', `${PENDING}?api-version=2025-08-01`, {
      body: { properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'me' } } },
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(
      authorizationFailed(
        riley,
        'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write',
        PENDING,
      ),
    );
  });

  it('Riley (Data Factory Contributor on adf-contoso) creates a managed private endpoint there', async () => {
    const { df } = sdkClients(sim, riley);
    const mpe = await df.managedPrivateEndpoints.createOrUpdate(
      W.resourceGroup,
      W.factoryName,
      'default',
      'mpe-riley',
      {
        properties: {
          privateLinkResourceId: `${ORDERS.replace(W.servers.orders, W.servers.sandbox)}`,
          groupId: 'postgresqlServer',
        },
      },
    );
    expect(mpe.name).toBe('mpe-riley');
  });

  it('Jordan can read nothing', async () => {
    for (const [path, action, scope] of [
      [`${ORDERS}?api-version=2025-08-01`, 'Microsoft.DBforPostgreSQL/flexibleServers/read', ORDERS],
      [
        `${SUB}/providers/Microsoft.DBforPostgreSQL/flexibleServers?api-version=2025-08-01`,
        'Microsoft.DBforPostgreSQL/flexibleServers/read',
        SUB,
      ],
      [`${FACTORY_PATH}?api-version=2018-06-01`, 'Microsoft.DataFactory/factories/read', FACTORY_PATH],
    ] as const) {
      const res = await as(sim, jordan, 'GET', path);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(authorizationFailed(jordan, action, scope));
    }
  });

  it('a list at the subscription shows Avery only the servers she may read (ARM filters it)', async () => {
    const { pg } = sdkClients(sim, avery);
    const names: string[] = [];
    for await (const server of pg.servers.listBySubscription()) names.push(server.name ?? '');
    expect(names.sort()).toEqual([W.servers.orders, W.servers.sandbox]);
  });

  it('the bot (Private Link Bot - Reader at the subscription) reads everything it needs but may not change a server', async () => {
    const { pg } = sdkClients(sim, SANDBOX_BOT_PRINCIPAL);
    const names: string[] = [];
    for await (const server of pg.servers.listBySubscription()) names.push(server.name ?? '');
    expect(names).toHaveLength(3);
    const res = await as(
      sim,
      SANDBOX_BOT_PRINCIPAL,
      'PUT',
      `${ORDERS}/configurations/require_secure_transport?api-version=2025-08-01`,
      {
        body: { properties: { value: 'off', source: 'user-override' } },
      },
    );
    expect(res.body).toEqual(
      authorizationFailed(
        SANDBOX_BOT_PRINCIPAL,
        'Microsoft.DBforPostgreSQL/flexibleServers/configurations/write',
        `${ORDERS}/configurations/require_secure_transport`,
      ),
    );
  });

  it('the bot writes nothing of its own: approving is refused until an administrator grants it the writing roles (ACT_AS=bot)', async () => {
    const path = `${ORDERS}/privateEndpointConnections/${W.pendingConnectionName}?api-version=2025-08-01`;
    const body = {
      properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'ok' } },
    };
    const refused = await as(sim, SANDBOX_BOT_PRINCIPAL, 'PUT', path, { body });
    expect(refused.status).toBe(403);
    await grantBotWriteRoles(sim);
    expect((await as(sim, SANDBOX_BOT_PRINCIPAL, 'PUT', path, { body })).status).toBe(202);
  });
});
