import { startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { FACTORY_PATH, FACTORY_REF, PG_PATH, rawCall, sdkClients, serverRef, W } from './clients';

/**
 * Every list pages like ARM: at most `pageSize` items, then an absolute `nextLink` on the simulator's host with the
 * api-version and an opaque `$skipToken`. The real SDK clients follow it (their *Next operations add nothing).
 */
interface Page {
  value: { name: string; properties?: Record<string, unknown> }[];
  nextLink?: string;
}

describe('list paging', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ pageSize: 1, lroSeconds: 0.1, adfSyncSeconds: 0.1, mpeProvisionSeconds: 0 });
    // Two of every kind, so each list needs at least two pages of one.
    sim.world.requestConnection(serverRef(W.servers.orders), {
      privateEndpointId:
        '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateEndpoints/pe-other',
      requestMessage: 'second connection',
    });
    sim.world.createManagedPrivateEndpoint(FACTORY_REF, 'mpe-second', {
      privateLinkResourceId: `${PG_PATH}/${W.servers.sandbox}`,
    });
    const { df } = sdkClients(sim);
    for (const name of ['a', 'b']) {
      await df.linkedServices.createOrUpdate(W.resourceGroup, W.factoryName, `ls-${name}`, {
        properties: { type: 'AzureKeyVault', baseUrl: W.keyVaultUrl },
      });
      await df.datasets.createOrUpdate(W.resourceGroup, W.factoryName, `ds-${name}`, {
        properties: {
          type: 'AzurePostgreSqlTable',
          linkedServiceName: { type: 'LinkedServiceReference', referenceName: `ls-${name}` },
        },
      });
      await df.pipelines.createOrUpdate(W.resourceGroup, W.factoryName, `pl-${name}`, { activities: [] });
    }
  });
  afterAll(() => sim.close());

  it('serves one item per page with an absolute nextLink carrying api-version and $skipToken', async () => {
    const path = `/subscriptions/${W.subscriptionId}/providers/Microsoft.DBforPostgreSQL/flexibleServers`;
    const first = (await rawCall(sim, 'GET', path)).body as Page;
    expect(first.value).toHaveLength(1);
    expect(first.nextLink).toMatch(
      new RegExp(`^${sim.url}${path}\\?api-version=2025-08-01&\\$skipToken=[A-Za-z0-9_-]+$`),
    );
    const names = first.value.map((s) => s.name);
    let next = first.nextLink;
    while (next) {
      const page = (await rawCall(sim, 'GET', next)).body as Page;
      names.push(...page.value.map((s) => s.name));
      next = page.nextLink;
    }
    expect(names).toEqual([W.servers.orders, W.servers.sandbox, W.servers.vnet]);
  });

  it('embeds each server privateEndpointConnections in the list body, like the GET', async () => {
    const page = (await rawCall(sim, 'GET', `${PG_PATH}`)).body as Page;
    const get = (await rawCall(sim, 'GET', `${PG_PATH}/${W.servers.orders}`)).body as Page['value'][number];
    expect(page.value[0]?.name).toBe(W.servers.orders);
    expect(page.value[0]?.properties?.['privateEndpointConnections']).toEqual(
      get.properties?.['privateEndpointConnections'],
    );
    expect(page.value[0]?.properties?.['privateEndpointConnections']).toHaveLength(2);
  });

  it.each([
    ['garbage', 'not-a-token'],
    [
      'a negative offset',
      Buffer.from(JSON.stringify({ list: PG_PATH.toLowerCase(), offset: -1 })).toString('base64url'),
    ],
  ])('answers 400 for a bad $skipToken (%s)', async (_what, token) => {
    const res = await rawCall(sim, 'GET', `${PG_PATH}?$skipToken=${token}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('answers 400 for a token of another list', async () => {
    const servers = (await rawCall(sim, 'GET', PG_PATH)).body as Page;
    const token = new URL(servers.nextLink ?? '').searchParams.get('$skipToken');
    const res = await rawCall(sim, 'GET', `${FACTORY_PATH}/pipelines?$skipToken=${token}`);
    expect(res.status).toBe(400);
  });

  it('the real SDK clients collect every page of every list', async () => {
    const { pg, df } = sdkClients(sim);
    const rg = W.resourceGroup;
    const f = W.factoryName;
    const names = async (items: AsyncIterable<{ name?: string }>): Promise<string[]> => {
      const found: string[] = [];
      for await (const item of items) found.push(item.name ?? '');
      return found;
    };
    const lists: [string, AsyncIterable<{ name?: string }>, number][] = [
      ['servers by subscription', pg.servers.listBySubscription(), 3],
      ['servers by resource group', pg.servers.listByResourceGroup(rg), 3],
      ['connections', pg.privateEndpointConnections.listByServer(rg, W.servers.orders), 2],
      ['databases', pg.databases.listByServer(rg, W.servers.orders), 4],
      ['factories', df.factories.list(), 2],
      ['factories by resource group', df.factories.listByResourceGroup(rg), 2],
      ['integration runtimes', df.integrationRuntimes.listByFactory(rg, f), 2],
      ['managed private endpoints', df.managedPrivateEndpoints.listByFactory(rg, f, 'default'), 2],
      ['linked services', df.linkedServices.listByFactory(rg, f), 3],
      ['datasets', df.datasets.listByFactory(rg, f), 2],
      ['pipelines', df.pipelines.listByFactory(rg, f), 2],
    ];
    for (const [what, items, count] of lists) {
      sim.requests.clear();
      expect([what, (await names(items)).length]).toEqual([what, count]);
      expect([what, sim.requests.count({ method: 'GET' })]).toEqual([what, count]);
    }
    const configurations = await names(pg.configurations.listByServer(rg, W.servers.orders));
    expect(configurations.length).toBeGreaterThan(1);
  });

  it.each([0, 1001, 2.5])('startSimulator rejects pageSize %p', async (pageSize) => {
    await expect(startSimulator({ pageSize })).rejects.toThrow(/pageSize must be an integer from 1 to 1000/);
  });
});
