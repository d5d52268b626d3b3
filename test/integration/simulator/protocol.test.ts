import { startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { FACTORY_PATH, PG_PATH, rawCall, RG_PATH, sdkClients, W } from './clients';

/** ARM protocol: authentication, api-version, error bodies, headers, throttling and injected faults. */
describe('ARM protocol', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ lroSeconds: 0.3, adfSyncSeconds: 0.2, probeSeconds: 0.1 });
  });
  afterEach(() => sim.faults.clear());
  afterAll(() => sim.close());

  const serverPath = `${PG_PATH}/${W.servers.orders}`;

  it('401 AuthenticationFailed without a bearer token', async () => {
    const res = await rawCall(sim, 'GET', serverPath, { token: null });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'AuthenticationFailed', message: expect.any(String) } });
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('400 MissingApiVersionParameter without api-version', async () => {
    const res = await rawCall(sim, 'GET', serverPath, { apiVersion: null });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'MissingApiVersionParameter' } });
  });

  it('accepts other dated PostgreSQL api-versions, but not unknown Data Factory ones', async () => {
    expect((await rawCall(sim, 'GET', serverPath, { apiVersion: '2024-08-01' })).status).toBe(200);
    const df = await rawCall(sim, 'GET', FACTORY_PATH, { apiVersion: '2025-01-01' });
    expect(df.status).toBe(400);
    expect(df.body).toMatchObject({ error: { code: 'NoRegisteredProviderFound' } });
  });

  it('matches ARM path segments ignoring case', async () => {
    const res = await rawCall(
      sim,
      'GET',
      serverPath.replace('resourceGroups', 'resourcegroups').replace('flexibleServers', 'FLEXIBLESERVERS'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: W.servers.orders });
  });

  it.each([
    ['unknown server', `${PG_PATH}/pg-missing`, 'ResourceNotFound'],
    [
      'unknown resource group',
      `/subscriptions/${W.subscriptionId}/resourceGroups/rg-nope/providers/Microsoft.DBforPostgreSQL/flexibleServers/x`,
      'ResourceGroupNotFound',
    ],
    [
      'connection of an unknown server',
      `${PG_PATH}/pg-missing/privateEndpointConnections/c.1`,
      'ParentResourceNotFound',
    ],
    ['unknown connection', `${serverPath}/privateEndpointConnections/nope.1234`, 'ResourceNotFound'],
    [
      'unknown subscription',
      `/subscriptions/99999999-9999-9999-9999-999999999999/providers/Microsoft.DBforPostgreSQL/flexibleServers`,
      'SubscriptionNotFound',
    ],
    [
      'unknown factory',
      `${RG_PATH}/providers/Microsoft.DataFactory/factories/adf-missing`,
      'ResourceNotFound',
    ],
    [
      'endpoint in a factory without managed VNet',
      `${RG_PATH}/providers/Microsoft.DataFactory/factories/${W.legacyFactoryName}/managedVirtualNetworks/default/managedPrivateEndpoints/x`,
      'ParentResourceNotFound',
    ],
    [
      'unknown pipeline run',
      `${FACTORY_PATH}/pipelineruns/00000000-0000-0000-0000-000000000000`,
      'ResourceNotFound',
    ],
  ])('404 for %s', async (_name, path, code) => {
    const res = await rawCall(sim, 'GET', path);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('400 InvalidRequestContent for a body that is not JSON or misses required fields', async () => {
    const mpe = `${FACTORY_PATH}/managedVirtualNetworks/default/managedPrivateEndpoints/mpe-bad`;
    expect((await rawCall(sim, 'PUT', mpe, { body: '{not json' })).body).toMatchObject({
      error: { code: 'InvalidRequestContent' },
    });
    expect((await rawCall(sim, 'PUT', mpe, { body: { properties: {} } })).status).toBe(400);
    const conn = `${serverPath}/privateEndpointConnections/${W.pendingConnectionName}`;
    const bad = await rawCall(sim, 'PUT', conn, {
      body: { properties: { privateLinkServiceConnectionState: { status: 'Pending' } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'InvalidRequestContent' } });
  });

  it('409 Conflict for a second decision while the first is still running', async () => {
    const conn = `${serverPath}/privateEndpointConnections/${W.pendingConnectionName}`;
    const decide = {
      body: { properties: { privateLinkServiceConnectionState: { status: 'Rejected', description: 'no' } } },
    };
    expect((await rawCall(sim, 'PUT', conn, decide)).status).toBe(202);
    const second = await rawCall(sim, 'PUT', conn, decide);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'Conflict' } });
    sim.world.fastForward();
    // Once rejected, a connection cannot be approved (the endpoint must be re-created).
    const approve = {
      body: { properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'yes' } } },
    };
    expect((await rawCall(sim, 'PUT', conn, approve)).status).toBe(409);
  });

  it('answers carry ARM request ids and the remaining-requests headers', async () => {
    const res = await rawCall(sim, 'GET', serverPath, {
      headers: { 'x-ms-correlation-request-id': 'corr-1' },
    });
    expect(res.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-ms-correlation-request-id']).toBe('corr-1');
    expect(Number(res.headers['x-ms-ratelimit-remaining-subscription-reads'])).toBeGreaterThan(0);
    const write = await rawCall(sim, 'PUT', `${FACTORY_PATH}/pipelines/pl-headers`, {
      body: { properties: { activities: [] } },
    });
    expect(Number(write.headers['x-ms-ratelimit-remaining-subscription-writes'])).toBeGreaterThan(0);
  });

  it('every answered request is in the request log', async () => {
    sim.requests.clear();
    await rawCall(sim, 'GET', serverPath);
    await rawCall(sim, 'GET', `${PG_PATH}/pg-missing`);
    expect(sim.requests.count({ method: 'GET', path: /flexibleServers\/pg-/ })).toBe(2);
    expect(sim.requests.last()).toMatchObject({ method: 'GET', status: 404 });
  });

  describe('faults', () => {
    it("'throttle' answers 429 with Retry-After; the SDK waits and retries", async () => {
      const { pg } = sdkClients(sim);
      const raw = sim.faults.add({
        method: 'GET',
        path: /flexibleServers\/pg-orders$/,
        kind: 'throttle',
        times: 1,
        retryAfterSeconds: 7,
      });
      const res = await rawCall(sim, 'GET', serverPath);
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.body).toMatchObject({ error: { code: 'TooManyRequests' } });
      expect(sim.faults.list().some((f) => f.id === raw)).toBe(false);

      sim.faults.add({ path: /flexibleServers\/pg-orders$/, kind: 'throttle', times: 1, retryAfterMs: 30 });
      sim.requests.clear();
      const server = await pg.servers.get(W.resourceGroup, W.servers.orders);
      expect(server.name).toBe(W.servers.orders);
      expect(sim.requests.find().map((r) => r.status)).toEqual([429, 200]);
    });

    it("'throttle-no-retry-after' fails the SDK call at once", async () => {
      const { pg } = sdkClients(sim);
      sim.faults.add({ path: /flexibleServers\/pg-orders$/, kind: 'throttle-no-retry-after' });
      sim.requests.clear();
      await expect(pg.servers.get(W.resourceGroup, W.servers.orders)).rejects.toMatchObject({
        statusCode: 429,
      });
      expect(sim.requests.count()).toBe(1);
    });

    it("'server-error' answers 500 InternalServerError; the SDK retries", async () => {
      const { df } = sdkClients(sim);
      sim.faults.add({ path: /factories\/adf-contoso$/, kind: 'server-error', times: 2 });
      sim.requests.clear();
      const factory = await df.factories.get(W.resourceGroup, W.factoryName);
      expect(factory.name).toBe(W.factoryName);
      expect(sim.requests.find().map((r) => r.status)).toEqual([500, 500, 200]);
      sim.faults.add({ path: /factories\/adf-contoso$/, kind: 'server-error', times: 1 });
      expect((await rawCall(sim, 'GET', FACTORY_PATH)).body).toMatchObject({
        error: { code: 'InternalServerError' },
      });
    });

    it("'slow' holds the request, then answers normally", async () => {
      sim.faults.add({ method: 'GET', path: /pg-sandbox$/, kind: 'slow', delayMs: 300, times: 1 });
      const started = Date.now();
      const res = await rawCall(sim, 'GET', `${PG_PATH}/${W.servers.sandbox}`);
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    });

    it("'reset' drops the connection without an answer; the SDK retries", async () => {
      sim.faults.add({ path: /pg-sandbox$/, kind: 'reset', times: 1 });
      await expect(rawCall(sim, 'GET', `${PG_PATH}/${W.servers.sandbox}`)).rejects.toThrow(
        /socket hang up|ECONNRESET/,
      );
      const { pg } = sdkClients(sim);
      sim.faults.add({ path: /pg-sandbox$/, kind: 'reset', times: 1 });
      sim.requests.clear();
      expect((await pg.servers.get(W.resourceGroup, W.servers.sandbox)).name).toBe(W.servers.sandbox);
      expect(sim.requests.find().map((r) => r.status)).toEqual([0, 200]);
    });

    it('a rule only matches its method, and remove() ends it', async () => {
      const id = sim.faults.add({ method: 'PUT', path: /pg-sandbox$/, kind: 'server-error' });
      expect((await rawCall(sim, 'GET', `${PG_PATH}/${W.servers.sandbox}`)).status).toBe(200);
      expect(sim.faults.remove(id)).toBe(true);
      expect(sim.faults.list()).toEqual([]);
    });
  });
});

describe('ARM throttling (token bucket per subscription)', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ throttle: { reads: { capacity: 3, refillPerSecond: 1 } } });
  });
  afterAll(() => sim.close());

  it('answers 429 with Retry-After once the read bucket is empty, and recovers', async () => {
    const path = `${PG_PATH}/${W.servers.orders}`;
    const statuses: number[] = [];
    const remaining: unknown[] = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await rawCall(sim, 'GET', path);
      statuses.push(res.status);
      remaining.push(res.headers['x-ms-ratelimit-remaining-subscription-reads']);
      if (res.status === 429) {
        expect(res.headers['retry-after']).toBe('1');
        expect(res.body).toMatchObject({ error: { code: 'TooManyRequests' } });
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(remaining.slice(0, 3)).toEqual(['2', '1', '0']);
    // Writes have their own bucket.
    expect(
      (await rawCall(sim, 'PUT', `${FACTORY_PATH}/pipelines/pl-t`, { body: { properties: {} } })).status,
    ).toBe(200);
    // The SDK honours Retry-After and gets through once a token is back.
    const { pg } = sdkClients(sim);
    expect((await pg.servers.get(W.resourceGroup, W.servers.orders)).name).toBe(W.servers.orders);
  });
});
