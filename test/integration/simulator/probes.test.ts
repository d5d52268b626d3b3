import type { DataFactoryManagementClient, LinkedServiceResource } from '@azure/arm-datafactory';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { eventually, FACTORY_REF, sdkClients, serverRef, serverResourceId, W } from './clients';

/**
 * Connection probes through the real SDK: linked service (v2 form) → AzurePostgreSqlTable dataset → pipeline with
 * one Lookup → createRun → poll the run → activity error. Each failure reason Azure would give, and success.
 */
interface Probe {
  server: string;
  database: string;
  sslMode: number;
  runtime?: string;
  /** Merged into the version 2.0 typeProperties (undefined removes a property). */
  patch?: Record<string, unknown>;
  /** A legacy (version 1.0) connection string instead of the version 2.0 properties. */
  legacy?: string;
}

async function runProbe(
  df: DataFactoryManagementClient,
  name: string,
  probe: Probe,
): Promise<{ status: string; message: string; error: Record<string, unknown> }> {
  const rg = W.resourceGroup;
  const f = W.factoryName;
  const password = {
    type: 'AzureKeyVaultSecret',
    store: { type: 'LinkedServiceReference', referenceName: W.keyVaultLinkedService },
    secretName: 'pg-password',
  };
  const linkedService = {
    properties: {
      type: 'AzurePostgreSql',
      ...(probe.legacy ? {} : { version: '2.0' }),
      connectVia: {
        type: 'IntegrationRuntimeReference',
        referenceName: probe.runtime ?? W.managedVnetRuntime,
      },
      typeProperties: probe.legacy
        ? { connectionString: probe.legacy, password }
        : {
            server: `${probe.server}.postgres.database.azure.com`,
            port: 5432,
            database: probe.database,
            username: 'adfreader',
            sslMode: probe.sslMode,
            authenticationType: 'BasicAuth',
            password,
            ...probe.patch,
          },
    },
  } as unknown as LinkedServiceResource;
  await df.linkedServices.createOrUpdate(rg, f, `ls-${name}`, linkedService);
  await df.datasets.createOrUpdate(rg, f, `ds-${name}`, {
    properties: {
      type: 'AzurePostgreSqlTable',
      linkedServiceName: { type: 'LinkedServiceReference', referenceName: `ls-${name}` },
    },
  });
  await df.pipelines.createOrUpdate(rg, f, `pl-${name}`, {
    activities: [
      {
        name: 'Probe',
        type: 'Lookup',
        dataset: { type: 'DatasetReference', referenceName: `ds-${name}` },
        source: { type: 'AzurePostgreSqlSource', query: 'SELECT 1' },
        firstRowOnly: true,
      },
    ],
  } as never);
  const { runId } = await df.pipelines.createRun(rg, f, `pl-${name}`);
  expect((await df.pipelineRuns.get(rg, f, runId)).status).toBe('InProgress');
  const run = await eventually(async () => {
    const r = await df.pipelineRuns.get(rg, f, runId);
    return r.status === 'InProgress' || r.status === 'Queued' ? undefined : r;
  });
  const activities = await df.activityRuns.queryByPipelineRun(rg, f, runId, {
    lastUpdatedAfter: new Date(Date.now() - 60_000),
    lastUpdatedBefore: new Date(Date.now() + 60_000),
  });
  const error = (activities.value[0]?.['error'] ?? {}) as Record<string, unknown>;
  return { status: run.status ?? '', message: run.message ?? '', error };
}

describe('connection probes', () => {
  // Each test gets a simulator of its own: most approve pg-orders' endpoint, and the first needs it still pending.
  let sim: RunningSimulator;
  let df: DataFactoryManagementClient;
  beforeEach(async () => {
    sim = await startSimulator({
      lroSeconds: 0.1,
      adfSyncSeconds: 60,
      probeSeconds: 0.15,
      mpeProvisionSeconds: 0,
    });
    df = sdkClients(sim).df;
  });
  afterEach(() => sim.close());

  const approve = (server: string, endpoint: string): void => {
    const connection = sim.world.connectionForEndpoint(FACTORY_REF, endpoint);
    sim.world.approveConnection({ server: serverRef(server), connectionName: connection?.name ?? '' });
  };
  /** pg-orders' endpoint approved, and Data Factory has noticed: probes to it get past the network. */
  const ordersReachable = (): void => {
    approve(W.servers.orders, W.pendingEndpoint);
    sim.world.fastForward();
  };

  it('fails while the private endpoint is not approved (as Data Factory sees it)', async () => {
    const result = await runProbe(df, 'pending', {
      server: W.servers.orders,
      database: W.databases.orders,
      sslMode: 3,
    });
    expect(result.status).toBe('Failed');
    expect(result.error).toMatchObject({ errorCode: expect.any(String), failureType: 'UserError' });
    expect(result.error['message']).toMatch(
      /unreachable.*managed private endpoint 'mpe-pg-orders'.*not approved \(status: Pending/,
    );
    expect(result.message).toMatch(/^Operation on target Probe failed: /);

    // Approved on the server, but Data Factory has not noticed yet: still unreachable.
    approve(W.servers.orders, W.pendingEndpoint);
    const early = await runProbe(df, 'early', {
      server: W.servers.orders,
      database: W.databases.orders,
      sslMode: 3,
    });
    expect(early.error['message']).toMatch(/not approved/);
  });

  it('succeeds once Data Factory shows the endpoint Approved', async () => {
    ordersReachable();
    const result = await runProbe(df, 'ok', {
      server: W.servers.orders,
      database: W.databases.orders,
      sslMode: 3,
    });
    expect(result.status).toBe('Succeeded');
    expect(result.error).toMatchObject({ errorCode: '', message: '' });
  });

  it('fails through a runtime outside the managed virtual network', async () => {
    ordersReachable();
    const result = await runProbe(df, 'autoresolve', {
      server: W.servers.orders,
      database: W.databases.orders,
      sslMode: 3,
      runtime: W.autoResolveRuntime,
    });
    expect(result.status).toBe('Failed');
    expect(result.error['message']).toMatch(/does not run in a managed virtual network/);
  });

  it('fails without encryption while require_secure_transport is on', async () => {
    ordersReachable();
    const result = await runProbe(df, 'nossl', {
      server: W.servers.orders,
      database: W.databases.orders,
      sslMode: 0,
    });
    expect(result.error['message']).toMatch(
      /no pg_hba\.conf entry for host "[^"]+", user "adfreader", database "orders", SSL off/,
    );
  });

  it('works without encryption on a server with require_secure_transport off', async () => {
    sim.world.createManagedPrivateEndpoint(FACTORY_REF, 'mpe-sandbox', {
      privateLinkResourceId: serverResourceId(W.servers.sandbox),
    });
    approve(W.servers.sandbox, 'mpe-sandbox');
    sim.world.fastForward();
    const result = await runProbe(df, 'sandbox', {
      server: W.servers.sandbox,
      database: W.databases.sandbox,
      sslMode: 0,
    });
    expect(result.status).toBe('Succeeded');
  });

  it('fails for a database that does not exist', async () => {
    ordersReachable();
    const result = await runProbe(df, 'nodb', { server: W.servers.orders, database: 'sales', sslMode: 3 });
    expect(result.error['message']).toMatch(/database "sales" does not exist/);
  });

  it('fails for a host that is no server', async () => {
    ordersReachable();
    const result = await runProbe(df, 'nohost', { server: 'pg-nowhere', database: 'postgres', sslMode: 3 });
    expect(result.error['message']).toMatch(/No such host is known/);
  });

  // Data Factory accepts these at PUT (no AzurePostgreSql typeProperty is required in the spec, and typeProperties
  // are not type-checked: azure-rest-api-specs issue #25741); the connector reports them when the run reads them.
  it.each([
    [
      'Basic (it belongs to other connectors)',
      { authenticationType: 'Basic' },
      'InvalidValue',
      'authenticationType',
    ],
    ['no authenticationType', { authenticationType: undefined }, 'MissingProperty', 'authenticationType'],
    ['BasicAuth without password', { password: undefined }, 'MissingProperty', 'password'],
    ['sslMode 9', { sslMode: 9 }, 'InvalidValue', 'sslMode'],
    ['no database', { database: undefined }, 'MissingProperty', 'database'],
  ])('accepts %s at PUT; the run fails with the connector error', async (_what, patch, code, property) => {
    ordersReachable();
    const result = await runProbe(df, `bad-${property}-${code}`, {
      server: W.servers.orders,
      database: W.databases.orders,
      sslMode: 3,
      patch,
    });
    expect(result.status).toBe('Failed');
    expect(result.error).toMatchObject({ errorCode: '2200', failureType: 'UserError', target: 'Probe' });
    expect(result.error['message']).toMatch(
      new RegExp(
        `^Failure happened on 'Source' side\\. ErrorCode=UserError${code}InPayload,'Type=Microsoft\\.DataTransfer\\.Common\\.Shared\\.HybridDeliveryException,Message=.*'${property}'`,
      ),
    );
  });

  it('keeps a legacy (version 1.0) connection-string linked service working', async () => {
    ordersReachable();
    const result = await runProbe(df, 'legacy', {
      server: W.servers.orders,
      database: W.databases.orders,
      sslMode: 3,
      legacy: `host=pg-orders.postgres.database.azure.com;port=5432;database=${W.databases.orders};uid=adfreader;EncryptionMethod=1`,
    });
    expect(result.status).toBe('Succeeded');
  });

  it('keeps v2 typeProperties as sent, and refuses to delete what a probe still references', async () => {
    ordersReachable();
    expect(
      (await runProbe(df, 'ok', { server: W.servers.orders, database: W.databases.orders, sslMode: 3 }))
        .status,
    ).toBe('Succeeded');
    let raw = '';
    await df.linkedServices.get(W.resourceGroup, W.factoryName, 'ls-ok', {
      onResponse: (r) => (raw = r.bodyAsText ?? ''),
    });
    const body = JSON.parse(raw) as { properties: Record<string, unknown> };
    expect(body.properties).toMatchObject({
      version: '2.0',
      connectVia: { referenceName: W.managedVnetRuntime },
      typeProperties: {
        server: 'pg-orders.postgres.database.azure.com',
        port: 5432,
        database: 'orders',
        sslMode: 3,
        authenticationType: 'BasicAuth',
      },
    });
    await expect(df.datasets.delete(W.resourceGroup, W.factoryName, 'ds-ok')).rejects.toMatchObject({
      statusCode: 400,
    });
    await df.pipelines.delete(W.resourceGroup, W.factoryName, 'pl-ok');
    await df.datasets.delete(W.resourceGroup, W.factoryName, 'ds-ok');
    await df.linkedServices.delete(W.resourceGroup, W.factoryName, 'ls-ok');
    await df.linkedServices.delete(W.resourceGroup, W.factoryName, 'ls-ok');
  });

  it('never returns a SecureString password in clear', async () => {
    let raw = '';
    await df.linkedServices.createOrUpdate(
      W.resourceGroup,
      W.factoryName,
      'ls-typed',
      {
        properties: {
          type: 'AzurePostgreSql',
          typeProperties: {
            server: 'pg-orders.postgres.database.azure.com',
            database: 'orders',
            username: 'u',
            sslMode: 3,
            password: { type: 'SecureString', value: 'Sup3r-secret!' },
          },
        },
      } as unknown as LinkedServiceResource,
      { onResponse: (r) => (raw = r.bodyAsText ?? '') },
    );
    expect(raw).not.toContain('Sup3r-secret!');
    expect(JSON.parse(raw).properties.typeProperties.password).toEqual({
      type: 'SecureString',
      value: '**********',
    });
    expect(JSON.stringify(sim.world.snapshot())).not.toContain('Sup3r-secret!');
  });
});
