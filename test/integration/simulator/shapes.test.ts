import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { shapeDiff } from '../../helpers/shape';
import { FACTORY_PATH, PG_PATH, rawCall, RG_PATH, W } from './clients';

/** Every simulator answer has the shape of the real ARM payload it stands for (test/fixtures/azure). */
const FIXTURES = join(__dirname, '../../fixtures/azure');

interface Example {
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

function example(file: string): Example {
  return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Example;
}

function body(file: string, status = '200'): unknown {
  return example(file).responses[status]?.body;
}

/** The ARM headers a real answer shows (request ids, rate limit) must be on ours too. */
function expectArmHeaders(file: string, headers: Record<string, unknown>): void {
  const wanted = Object.keys(example(file).responses['200']?.headers ?? {}).filter((h) =>
    h.toLowerCase().startsWith('x-ms-'),
  );
  for (const h of wanted) expect(headers[h.toLowerCase()]).toEqual(expect.any(String));
}

describe('simulator answers have the shape of real ARM payloads', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ lroSeconds: 0.2, adfSyncSeconds: 0.2, probeSeconds: 0.1 });
  });
  afterAll(() => sim.close());

  it('server get (public access, no connections)', async () => {
    const res = await rawCall(sim, 'GET', `${PG_PATH}/${W.servers.sandbox}`);
    expect(res.status).toBe(200);
    expect(shapeDiff(body('postgresql-flexible/ServerGet.json'), res.body)).toEqual([]);
  });

  it('server get with private endpoint connections', async () => {
    const res = await rawCall(sim, 'GET', `${PG_PATH}/${W.servers.orders}`);
    expect(shapeDiff(body('postgresql-flexible/ServerGetWithPrivateEndpoints.json'), res.body)).toEqual([]);
  });

  it('private endpoint connection get', async () => {
    const res = await rawCall(
      sim,
      'GET',
      `${PG_PATH}/${W.servers.orders}/privateEndpointConnections/${W.pendingConnectionName}`,
    );
    expect(
      shapeDiff(body('postgresql-flexible/PrivateEndpointConnectionGet.json'), res.body, { exact: true }),
    ).toEqual([]);
  });

  it('private endpoint connection update: 202 with async-operation headers, then the 200 body', async () => {
    const path = `${PG_PATH}/${W.servers.orders}/privateEndpointConnections/${W.pendingConnectionName}`;
    const fixture = example('postgresql-flexible/PrivateEndpointConnectionUpdate.json');
    const res = await rawCall(sim, 'PUT', path, {
      body: { properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'ok' } } },
    });
    expect(res.status).toBe(202);
    for (const name of Object.keys(fixture.responses['202']?.headers ?? {})) {
      const value = String(res.headers[name.toLowerCase()]);
      expect(value).toMatch(
        new RegExp(
          `^${sim.url}/subscriptions/${W.subscriptionId}/providers/Microsoft.DBforPostgreSQL/locations/${W.location}/(azureAsyncOperation|operationResults)/[0-9a-f-]+\\?api-version=2025-08-01$`,
        ),
      );
    }
    sim.world.fastForward();
    const after = await rawCall(sim, 'GET', path);
    expect(shapeDiff(fixture.responses['200']?.body, after.body, { exact: true })).toEqual([]);
  });

  it('configuration get', async () => {
    const res = await rawCall(
      sim,
      'GET',
      `${PG_PATH}/${W.servers.orders}/configurations/require_secure_transport`,
    );
    expect(shapeDiff(body('postgresql-flexible/ConfigurationGet.json'), res.body)).toEqual([]);
  });

  it('managed private endpoint get and create (create answers 200)', async () => {
    const get = await rawCall(
      sim,
      'GET',
      `${FACTORY_PATH}/managedVirtualNetworks/default/managedPrivateEndpoints/${W.pendingEndpoint}`,
    );
    expect(shapeDiff(body('datafactory/ManagedPrivateEndpoints_Get.json'), get.body)).toEqual([]);
    expectArmHeaders('datafactory/ManagedPrivateEndpoints_Get.json', get.headers);
    const put = await rawCall(
      sim,
      'PUT',
      `${FACTORY_PATH}/managedVirtualNetworks/default/managedPrivateEndpoints/mpe-shape`,
      {
        body: {
          properties: {
            privateLinkResourceId: `${PG_PATH}/${W.servers.sandbox}`,
            groupId: 'postgresqlServer',
            fqdns: [],
          },
        },
      },
    );
    expect(put.status).toBe(200);
    expect(shapeDiff(body('datafactory/ManagedPrivateEndpoints_Create.json'), put.body)).toEqual([]);
    expectArmHeaders('datafactory/ManagedPrivateEndpoints_Create.json', put.headers);
  });

  it('managed virtual network get', async () => {
    const res = await rawCall(sim, 'GET', `${FACTORY_PATH}/managedVirtualNetworks/default`);
    expect(shapeDiff(body('datafactory/ManagedVirtualNetworks_Get.json'), res.body, { exact: true })).toEqual(
      [],
    );
  });

  it('integration runtime get', async () => {
    const res = await rawCall(sim, 'GET', `${FACTORY_PATH}/integrationruntimes/${W.managedVnetRuntime}`);
    expect(shapeDiff(body('datafactory/IntegrationRuntimes_Get.json'), res.body)).toEqual([]);
    expectArmHeaders('datafactory/IntegrationRuntimes_Get.json', res.headers);
  });

  it('enableInteractiveQuery: 202 with the headers of the example, on the same operationresults path', async () => {
    const fixture = example('datafactory/IntegrationRuntimes_EnableInteractiveQuery.json');
    const runtime = `${FACTORY_PATH}/integrationruntimes/${W.managedVnetRuntime}`;
    const res = await rawCall(sim, 'POST', `${runtime}/enableInteractiveQuery`, {
      body: { autoTerminationMinutes: 10 },
    });
    expect(res.status).toBe(202);
    const headers = fixture.responses['202']?.headers ?? {};
    expect(Object.keys(headers)).toEqual(['azure-asyncoperation', 'location']);
    for (const [name, value] of Object.entries(headers)) {
      const examplePath = new URL(value).pathname.replace(/[0-9a-f]{32}$/, '');
      const ours = new URL(String(res.headers[name]));
      expect(ours.origin).toBe(sim.url);
      expect(ours.pathname.toLowerCase().replace(/[0-9a-f-]{36}$/, '')).toBe(
        examplePath
          .toLowerCase()
          .replace('12345678-1234-1234-1234-12345678abc', W.subscriptionId)
          .replace('exampleresourcegroup', W.resourceGroup)
          .replace('examplefactoryname', W.factoryName)
          .replace('exampleintegrationruntime', W.managedVnetRuntime.toLowerCase()),
      );
      expect(ours.searchParams.get('api-version')).toBe('2018-06-01');
    }
    sim.world.fastForward();
  });

  it('linked service create masks the SecureString and adds encryptedCredential', async () => {
    const fixture = example('datafactory/LinkedServices_Create.json');
    const res = await rawCall(sim, 'PUT', `${FACTORY_PATH}/linkedservices/ls-storage`, {
      body: {
        properties: {
          type: 'AzureStorage',
          typeProperties: { connectionString: { type: 'SecureString', value: 'AccountKey=secret' } },
        },
      },
    });
    expect(res.status).toBe(200);
    expect(shapeDiff(fixture.responses['200']?.body, res.body, { exact: true })).toEqual([]);
    expect(res.text).not.toContain('secret');
    expectArmHeaders('datafactory/LinkedServices_Create.json', res.headers);
  });

  it('pipeline createRun and pipeline run get', async () => {
    await rawCall(sim, 'PUT', `${FACTORY_PATH}/pipelines/pl-shape`, {
      body: {
        properties: {
          activities: [{ name: 'Wait1', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }],
        },
      },
    });
    const run = await rawCall(sim, 'POST', `${FACTORY_PATH}/pipelines/pl-shape/createRun`, {
      body: { OutputBlobNameList: ['exampleoutput.csv'] },
    });
    expect(run.status).toBe(200);
    expect(shapeDiff(body('datafactory/Pipelines_CreateRun.json'), run.body, { exact: true })).toEqual([]);
    sim.world.fastForward();
    const runId = (run.body as { runId: string }).runId;
    const got = await rawCall(sim, 'GET', `${FACTORY_PATH}/pipelineruns/${runId}`);
    expect(shapeDiff(body('datafactory/PipelineRuns_Get.json'), got.body)).toEqual([]);
    expect(got.body).toMatchObject({
      status: 'Succeeded',
      parameters: { OutputBlobNameList: '["exampleoutput.csv"]' },
    });
  });

  it('lists answer {value: [...]}', async () => {
    for (const path of [
      `/subscriptions/${W.subscriptionId}/providers/Microsoft.DBforPostgreSQL/flexibleServers`,
      `/subscriptions/${W.subscriptionId}/providers/Microsoft.DataFactory/factories`,
      `${RG_PATH}/providers/Microsoft.DataFactory/factories`,
      `${FACTORY_PATH}/integrationRuntimes`,
    ]) {
      const res = await rawCall(sim, 'GET', path);
      expect(res.status).toBe(200);
      expect(Array.isArray((res.body as { value: unknown }).value)).toBe(true);
    }
  });
});
