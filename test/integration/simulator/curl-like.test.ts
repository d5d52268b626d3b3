import { startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { FACTORY_PATH, PG_PATH, rawCall, W } from './clients';
import { passwordToken } from './tokens';

/**
 * Any HTTPS client can drive the simulator with the documented REST calls, with a token from the sandbox Entra's
 * token endpoint on the same host (as the README's curl example does).
 */
describe('plain HTTPS clients', () => {
  let sim: RunningSimulator;
  let token: string;
  beforeAll(async () => {
    // Nothing finishes by itself: each test moves the simulator's clock (fastForward) when it means to.
    sim = await startSimulator({ lroSeconds: 60, mpeProvisionSeconds: 60 });
    token = await passwordToken(sim, 'sam.security@contoso.example');
  });
  afterAll(() => sim.close());

  it('PUT a managed private endpoint, wait for it to be provisioned, then see the pending connection', async () => {
    const put = await rawCall(
      sim,
      'PUT',
      `${FACTORY_PATH}/managedVirtualNetworks/default/managedPrivateEndpoints/mpe-curl?api-version=2018-06-01`,
      {
        token,
        body: {
          properties: {
            privateLinkResourceId: `${PG_PATH}/${W.servers.sandbox}`,
            groupId: 'postgresqlServer',
          },
        },
      },
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'mpe-curl', properties: { provisioningState: 'Provisioning' } });
    const connections = `${PG_PATH}/${W.servers.sandbox}/privateEndpointConnections`;
    expect((await rawCall(sim, 'GET', connections)).body).toEqual({ value: [] });
    sim.world.fastForward();

    const list = await rawCall(
      sim,
      'GET',
      `${PG_PATH}/${W.servers.sandbox}/privateEndpointConnections?api-version=2024-08-01`,
      { token },
    );
    expect(list.status).toBe(200);
    const value = (
      list.body as {
        value: { name: string; properties: { privateLinkServiceConnectionState: { status: string } } }[];
      }
    ).value;
    expect(value).toHaveLength(1);
    expect(value[0]?.name).toMatch(/^adf-contoso\.mpe-curl-[0-9a-f-]{36}$/);
    expect(value[0]?.properties.privateLinkServiceConnectionState.status).toBe('Pending');
  });

  it('approves with a PUT and follows Azure-AsyncOperation to Succeeded', async () => {
    const put = await rawCall(
      sim,
      'PUT',
      `${PG_PATH}/${W.servers.orders}/privateEndpointConnections/${W.pendingConnectionName}`,
      {
        body: {
          properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'curl' } },
        },
      },
    );
    expect(put.status).toBe(202);
    const statusUrl = String(put.headers['azure-asyncoperation']);
    const first = await rawCall(sim, 'GET', statusUrl);
    expect(first.body).toMatchObject({ status: 'InProgress', startTime: expect.any(String) });
    sim.world.fastForward();
    const done = await rawCall(sim, 'GET', statusUrl);
    expect(done.body).toMatchObject({ status: 'Succeeded', endTime: expect.any(String) });
    const result = await rawCall(sim, 'GET', String(put.headers['location']));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'curl' } },
    });
  });
});

describe('long-running operations that take seconds', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ lroSeconds: 3 });
  });
  afterAll(() => sim.close());

  it('advise pollers with Retry-After (whole seconds), which sub-second operations leave out', async () => {
    const put = await rawCall(
      sim,
      'PUT',
      `${PG_PATH}/${W.servers.orders}/privateEndpointConnections/${W.pendingConnectionName}`,
      {
        body: {
          properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'slow' } },
        },
      },
    );
    expect(put.status).toBe(202);
    expect(Number(put.headers['retry-after'])).toBeGreaterThanOrEqual(2);
    const status = await rawCall(sim, 'GET', String(put.headers['azure-asyncoperation']));
    expect(status.body).toMatchObject({ status: 'InProgress' });
    expect(Number(status.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const pending = await rawCall(sim, 'GET', String(put.headers['location']));
    expect(pending.status).toBe(202);
    sim.world.fastForward();
    expect((await rawCall(sim, 'GET', String(put.headers['azure-asyncoperation']))).body).toMatchObject({
      status: 'Succeeded',
    });
  });
});
