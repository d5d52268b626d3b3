import type { AzureGateway } from '../../../src/azure/gateway';
import type { RunningSimulator } from '../../../src/sandbox';
import { seededConnection, serverRef, startSandboxAzure } from '../../helpers/sandbox-azure';

let sim: RunningSimulator;
let gateway: AzureGateway;

beforeEach(async () => ({ sim, gateway } = await startSandboxAzure()));
afterEach(() => sim.close());

const CONNECTIONS = /privateEndpointConnections$/;

describe('Azure faults through the real SDK retry policy', () => {
  it('a 429 with Retry-After is retried and succeeds', async () => {
    sim.faults.add({
      method: 'GET',
      path: CONNECTIONS,
      kind: 'throttle',
      retryAfterSeconds: 0,
      retryAfterMs: 30,
      times: 1,
    });
    await expect(gateway.listConnections(serverRef('pg-orders'))).resolves.toHaveLength(1);
    expect(sim.requests.count({ method: 'GET', path: CONNECTIONS })).toBe(2);
  });

  it('a 500 is retried and succeeds', async () => {
    sim.faults.add({ method: 'GET', path: CONNECTIONS, kind: 'server-error', times: 2 });
    await expect(gateway.listConnections(serverRef('pg-orders'))).resolves.toHaveLength(1);
    expect(sim.requests.count({ method: 'GET', path: CONNECTIONS })).toBe(3);
  });

  it('a dropped connection is retried and succeeds', async () => {
    sim.faults.add({ method: 'GET', path: CONNECTIONS, kind: 'reset', times: 1 });
    await expect(gateway.listConnections(serverRef('pg-orders'))).resolves.toHaveLength(1);
  });

  it('a 429 without Retry-After fails at once as a typed error', async () => {
    sim.faults.add({ method: 'GET', path: CONNECTIONS, kind: 'throttle-no-retry-after' });
    await expect(gateway.listConnections(serverRef('pg-orders'))).rejects.toMatchObject({
      code: 'AZURE_THROTTLED',
      status: 429,
    });
    expect(sim.requests.count({ method: 'GET', path: CONNECTIONS })).toBe(1);
  });

  it('a persistent 500 surfaces as a typed error after the SDK retries (4 attempts)', async () => {
    sim.faults.add({ method: 'GET', path: CONNECTIONS, kind: 'server-error' });
    await expect(gateway.listConnections(serverRef('pg-orders'))).rejects.toMatchObject({
      code: 'AZURE_UNAVAILABLE',
      status: 500,
    });
    expect(sim.requests.count({ method: 'GET', path: CONNECTIONS })).toBe(4);
  });

  it('a 500 on the approval PUT is retried and the decision still lands once', async () => {
    sim.faults.add({ method: 'PUT', path: /privateEndpointConnections\//, kind: 'server-error', times: 1 });
    const operation = await gateway.beginDecision(seededConnection, 'Approved', 'ok');
    expect((await gateway.completeDecision(seededConnection, operation)).status).toBe('Approved');
  });

  it('a slow answer still completes within the test bound', async () => {
    sim.faults.add({
      method: 'GET',
      path: /flexibleServers\/pg-orders$/,
      kind: 'slow',
      delayMs: 300,
      times: 1,
    });
    await expect(gateway.getServer(serverRef('pg-orders'))).resolves.toMatchObject({ state: 'Ready' });
  });
});
