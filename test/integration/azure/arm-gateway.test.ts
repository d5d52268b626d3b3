import type { AzureGateway } from '../../../src/azure/gateway';
import { SANDBOX_BOT_PRINCIPAL, type RunningSimulator } from '../../../src/sandbox';
import { factoryRef, seededConnection, serverRef, startSandboxAzure, W } from '../../helpers/sandbox-azure';

let sim: RunningSimulator;
let gateway: AzureGateway;

beforeEach(async () => ({ sim, gateway } = await startSandboxAzure()));
afterEach(() => sim.close());

describe('ARM gateway on the real SDK clients, against the simulator: PostgreSQL side', () => {
  it('lists the watched servers with the facts the bot needs', async () => {
    const servers = await gateway.listWatchedServers();
    expect(servers.map((s) => [s.ref.serverName, s.vnetIntegrated]).sort()).toEqual([
      ['pg-orders', false],
      ['pg-sandbox', false],
      ['pg-vnet', true],
    ]);
    const orders = await gateway.getServer(serverRef('pg-orders'));
    expect(orders.fullyQualifiedDomainName).toBe('pg-orders.postgres.database.azure.com');
    expect(orders.publicNetworkAccess).toBe('Enabled');
  });

  it('narrows the scope to a resource group or one server', async () => {
    const { createArmGateway } = await import('../../../src/azure/arm-gateway');
    const pino = (await import('pino')).default;
    const narrow = createArmGateway({
      credential: sim.entra.credentialFor(SANDBOX_BOT_PRINCIPAL),
      endpoint: sim.url,
      caPem: sim.caPem,
      scopes: [
        { subscriptionId: W.subscriptionId, resourceGroup: W.resourceGroup, serverName: 'pg-sandbox' },
      ],
      logger: pino({ level: 'silent' }),
    });
    expect((await narrow.listWatchedServers()).map((s) => s.ref.serverName)).toEqual(['pg-sandbox']);
  });

  it('reads require_secure_transport', async () => {
    expect(await gateway.requiresSecureTransport(serverRef('pg-orders'))).toBe(true);
    expect(await gateway.requiresSecureTransport(serverRef('pg-sandbox'))).toBe(false);
  });

  it('lists and gets the seeded pending connection; a missing one is undefined', async () => {
    const [connection] = await gateway.listConnections(serverRef('pg-orders'));
    expect(connection).toMatchObject({
      status: 'Pending',
      groupIds: ['postgresqlServer'],
      ref: seededConnection,
    });
    expect(await gateway.getConnection(seededConnection)).toMatchObject({ status: 'Pending' });
    expect(await gateway.getConnection({ ...seededConnection, connectionName: 'nope.0000' })).toBeUndefined();
  });

  it('approves through the long-running PUT and ends Approved', async () => {
    const operation = await gateway.beginDecision(
      seededConnection,
      'Approved',
      'Approved by Avery via Teams',
    );
    expect(sim.world.getConnection(seededConnection)?.status).toBe('Pending'); // still running
    const final = await gateway.completeDecision(seededConnection, operation);
    expect(final).toMatchObject({ status: 'Approved', description: 'Approved by Avery via Teams' });
    expect(sim.requests.count({ method: 'PUT', path: /privateEndpointConnections/ })).toBe(1);
    // The final state comes from the one GET that ends the operation; no second read of the same connection.
    const connectionPath = new RegExp(`/privateEndpointConnections/${seededConnection.connectionName}$`);
    expect(sim.requests.count({ method: 'GET', path: connectionPath })).toBe(1);
  });

  it('resumes a decision from its stored token with a fresh gateway and sends no second PUT', async () => {
    const operation = await gateway.beginDecision(seededConnection, 'Rejected', 'Rejected: wrong factory');
    const token = JSON.parse(JSON.stringify(operation)) as typeof operation; // as if read back from the store
    const { gatewayFor } = await import('../../helpers/sandbox-azure');
    const final = await gatewayFor(sim).completeDecision(seededConnection, token);
    expect(final.status).toBe('Rejected');
    expect(sim.requests.count({ method: 'PUT', path: /privateEndpointConnections/ })).toBe(1);
    expect(
      sim.requests.count({ method: 'GET', path: /azureAsyncOperation|operationResults|operations/i }),
    ).toBeGreaterThan(0);
  });
});

describe('ARM gateway: Data Factory side', () => {
  it('lists factories, the managed VNet and the runtimes', async () => {
    expect((await gateway.listFactories()).map((f) => f.ref.factoryName).sort()).toEqual([
      'adf-contoso',
      'adf-legacy',
    ]);
    expect(await gateway.getManagedVirtualNetwork(factoryRef)).toMatchObject({ name: 'default' });
    expect(
      await gateway.getManagedVirtualNetwork({ ...factoryRef, factoryName: W.legacyFactoryName }),
    ).toBeUndefined();
    expect(await gateway.listIntegrationRuntimes(factoryRef)).toEqual(
      expect.arrayContaining([
        { name: 'ManagedVnetIR', type: 'Managed', managedVirtualNetwork: 'default' },
        { name: 'AutoResolveIntegrationRuntime', type: 'Managed' },
      ]),
    );
  });

  it('reads and enables interactive authoring', async () => {
    sim.world.setInteractiveAuthoring(factoryRef, 'ManagedVnetIR', 'Disabled');
    expect(await gateway.getInteractiveAuthoring(factoryRef, 'ManagedVnetIR')).toBe('Disabled');
    await gateway.enableInteractiveAuthoring(factoryRef, 'ManagedVnetIR', 60);
    expect(await gateway.getInteractiveAuthoring(factoryRef, 'ManagedVnetIR')).toBe('Enabled');
  });

  it('creates a managed private endpoint (200, not an LRO) and the server shows a pending connection', async () => {
    const mpe = await gateway.createManagedPrivateEndpoint(
      factoryRef,
      'mpe-pg-sandbox',
      serverRef('pg-sandbox'),
    );
    expect(mpe).toMatchObject({
      name: 'mpe-pg-sandbox',
      groupId: 'postgresqlServer',
      connectionStatus: 'Pending',
    });
    const connections = await gateway.listConnections(serverRef('pg-sandbox'));
    expect(connections).toHaveLength(1);
    expect(connections[0]!.status).toBe('Pending');
    expect((await gateway.listManagedPrivateEndpoints(factoryRef)).map((m) => m.name).sort()).toEqual([
      'mpe-pg-orders',
      'mpe-pg-sandbox',
    ]);
    await gateway.deleteManagedPrivateEndpoint(factoryRef, 'mpe-pg-sandbox');
    expect(await gateway.getManagedPrivateEndpoint(factoryRef, 'mpe-pg-sandbox')).toBeUndefined();
  });

  it('creates, reads, lists and deletes a v2 linked service; the password never comes back', async () => {
    const spec = {
      name: 'ls-pg-sandbox',
      integrationRuntime: 'ManagedVnetIR',
      server: 'pg-sandbox.postgres.database.azure.com',
      port: 5432,
      database: 'sandbox',
      username: 'adf_reader',
      sslMode: 3 as const,
      secret: { kind: 'password' as const, value: 'S3cret-value!' },
    };
    const created = await gateway.createPostgresLinkedService(factoryRef, spec);
    expect(created).toMatchObject({
      name: 'ls-pg-sandbox',
      type: 'AzurePostgreSql',
      connectVia: 'ManagedVnetIR',
    });
    expect(created.typeProperties).toMatchObject({ server: spec.server, database: 'sandbox', sslMode: 3 });
    const read = await gateway.getLinkedService(factoryRef, 'ls-pg-sandbox');
    expect(JSON.stringify(read)).not.toContain('S3cret-value!');
    expect((await gateway.listLinkedServices(factoryRef)).map((l) => l.name).sort()).toEqual([
      'ls-keyvault',
      'ls-pg-sandbox',
    ]);
    await gateway.deleteLinkedService(factoryRef, 'ls-pg-sandbox');
    expect(await gateway.getLinkedService(factoryRef, 'ls-pg-sandbox')).toBeUndefined();
  });

  it('runs a probe that fails while the endpoint is not approved, and removes it', async () => {
    await gateway.createManagedPrivateEndpoint(factoryRef, 'mpe-pg-sandbox', serverRef('pg-sandbox'));
    await gateway.createPostgresLinkedService(factoryRef, {
      name: 'ls-probe',
      integrationRuntime: 'ManagedVnetIR',
      server: 'pg-sandbox.postgres.database.azure.com',
      port: 5432,
      database: 'sandbox',
      username: 'adf_reader',
      sslMode: 3,
      secret: { kind: 'keyVault', keyVaultLinkedService: 'ls-keyvault', secretName: 'pg-sandbox-password' },
    });
    const probe = await gateway.startProbe(factoryRef, 'ls-probe');
    sim.world.fastForward(); // the probe run ends
    const result = await gateway.getProbeResult(factoryRef, probe);
    expect(result).toMatchObject({ status: 'Failed', finished: true });
    expect(result.errorMessage).toMatch(/not approved/i);
    await gateway.removeProbe(factoryRef, probe);
    await gateway.removeProbe(factoryRef, probe); // twice is fine
  });
});

describe('ARM gateway connections', () => {
  it('gateways built one after another (one per tap, for each person) reuse one keep-alive TLS connection', async () => {
    const { gatewayFor } = await import('../../helpers/sandbox-azure');
    const { SANDBOX_PEOPLE } = await import('../../../src/sandbox');
    const { serverId } = await import('../../../src/domain/resource-ids');
    sim.requests.clear();
    // A fresh gateway per call, each with another identity's credential, as the bot builds one for every tap.
    for (const person of [SANDBOX_PEOPLE.avery, SANDBOX_BOT_PRINCIPAL, SANDBOX_PEOPLE.avery]) {
      await gatewayFor(sim, person).permissionsAt(serverId(serverRef('pg-orders')));
      await gatewayFor(sim, person).getServer(serverRef('pg-orders')); // another SDK client, the same connection
    }
    const reads = sim.requests.all().filter((r) => r.method === 'GET');
    expect(reads).toHaveLength(6);
    expect(new Set(reads.map((r) => r.connection)).size).toBe(1);
  });
});
