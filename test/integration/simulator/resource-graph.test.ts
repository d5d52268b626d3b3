import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { SANDBOX_PEOPLE, startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { rawCall, serverRef, W } from './clients';

/**
 * The simulator's Azure Resource Graph, driven by the real @azure/arm-resourcegraph client: the servers' rows carry
 * their private endpoint connections, pages follow `$skipToken`, the per-user quota is counted in headers and
 * enforced, the caller sees only what it may read, the index lags the world by the configured time, and a query
 * outside what the simulator evaluates is refused rather than answered wrongly.
 */
const SERVERS =
  "resources | where type =~ 'microsoft.dbforpostgresql/flexibleservers' | project id, name, properties";
let clock = Date.parse('2026-11-29T12:00:00Z');

describe('Resource Graph', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ resourceGraphLagSeconds: 60, now: () => clock, mpeProvisionSeconds: 0 });
  });
  afterAll(() => sim.close());

  const client = (who = SANDBOX_PEOPLE.sam) =>
    new ResourceGraphClient(sim.entra.credentialFor(who), {
      endpoint: sim.url,
      tlsOptions: { ca: sim.caPem },
      retryOptions: { maxRetries: 0 },
    });

  it('lists the servers with their connections, a page at a time, following $skipToken', async () => {
    clock += 60_000; // a fresh index
    const first = await client().resources({
      subscriptions: [W.subscriptionId],
      query: SERVERS,
      options: { top: 1 },
    });
    type ServerRow = { name: string; properties: { privateEndpointConnections?: unknown[] } };
    const rows = [...(first.data as ServerRow[])];
    let token = first.skipToken;
    expect(first.totalRecords).toBeGreaterThan(1);
    while (token) {
      const next = await client().resources({
        subscriptions: [W.subscriptionId],
        query: SERVERS,
        options: { top: 1, skipToken: token },
      });
      rows.push(...(next.data as ServerRow[]));
      token = next.skipToken;
    }
    expect(rows.map((r) => r.name).sort()).toEqual(Object.values(W.servers).sort());
    const orders = rows.find((r) => r.name === W.servers.orders)!;
    expect(orders.properties.privateEndpointConnections).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ privateLinkServiceConnectionState: expect.anything() }),
      }),
    ]);
  });

  it('shows a change only once its index catches up (lag)', async () => {
    clock += 60_000;
    const before = await connectionCount(W.servers.sandbox);
    sim.world.requestConnection(serverRef(W.servers.sandbox), {
      privateEndpointId:
        '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateEndpoints/pe-lag',
      requestMessage: 'lagging',
    });
    clock += 30_000;
    expect(await connectionCount(W.servers.sandbox)).toBe(before);
    clock += 30_000;
    expect(await connectionCount(W.servers.sandbox)).toBe(before + 1);
  });

  it('counts the per-user quota in headers and answers 429 once it is spent', async () => {
    clock += 60_000;
    const answers = [];
    for (let i = 0; i < 16; i++) {
      answers.push(
        await rawCall(sim, 'POST', '/providers/Microsoft.ResourceGraph/resources', {
          apiVersion: '2022-10-01',
          body: { query: SERVERS },
        }),
      );
    }
    expect(answers.slice(0, 15).map((a) => a.headers['x-ms-user-quota-remaining'])).toEqual(
      Array.from({ length: 15 }, (_, i) => String(14 - i)),
    );
    expect(answers[0]!.headers['x-ms-user-quota-resets-after']).toBe('00:00:05');
    expect(answers[15]!.status).toBe(429);
    clock += 5_000;
    const again = await rawCall(sim, 'POST', '/providers/Microsoft.ResourceGraph/resources', {
      apiVersion: '2022-10-01',
      body: { query: SERVERS },
    });
    expect(again.status).toBe(200);
  });

  it('returns only the rows the caller may read', async () => {
    clock += 60_000;
    const riley = await client(SANDBOX_PEOPLE.riley).resources({ query: SERVERS });
    const sam = await client().resources({ query: SERVERS });
    expect(sam.totalRecords).toBe(Object.keys(W.servers).length);
    expect(riley.totalRecords).toBeLessThan(sam.totalRecords);
  });

  it('refuses a query it cannot evaluate, as Resource Graph refuses an invalid one', async () => {
    clock += 60_000;
    const answer = await rawCall(sim, 'POST', '/providers/Microsoft.ResourceGraph/resources', {
      apiVersion: '2022-10-01',
      body: { query: 'resources | summarize count() by type' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'BadRequest', details: [{ code: 'InvalidQuery' }] } });
  });

  async function connectionCount(server: string): Promise<number> {
    const answer = await client().resources({
      subscriptions: [W.subscriptionId],
      query: `resources | where type =~ 'microsoft.dbforpostgresql/flexibleservers' | where name =~ '${server}' | project properties`,
    });
    const [row] = answer.data as Array<{ properties: { privateEndpointConnections: unknown[] } }>;
    return row!.properties.privateEndpointConnections.length;
  }
});
