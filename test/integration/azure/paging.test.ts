import { SANDBOX_PEOPLE, SANDBOX_ROLES, assignRole, type RunningSimulator } from '../../../src/sandbox';
import type { AzureGateway } from '../../../src/azure/gateway';
import { serverId } from '../../../src/domain/resource-ids';
import { factoryRef, gatewayFor, serverRef, startSandboxAzure, W } from '../../helpers/sandbox-azure';

/**
 * ARM pages every list (nextLink); the bot must follow it on every list it reads. The same estate is read through a
 * simulator that answers one item a page and through one that answers everything at once: the bot must see the
 * same, and the first must really have been asked for more than one page.
 */
jest.setTimeout(30_000);

const worlds: Array<{ sim: RunningSimulator; gateway: AzureGateway; avery: AzureGateway }> = [];

async function estate(pageSize: number) {
  const { sim, gateway } = await startSandboxAzure({ pageSize });
  // More than one of each thing the bot lists.
  sim.world.requestConnection(serverRef(W.servers.orders), {
    privateEndpointId: `/subscriptions/77777777-7777-7777-7777-777777777777/resourceGroups/rg-apps/providers/Microsoft.Network/privateEndpoints/pe-2`,
    requestMessage: 'second',
  });
  await gateway.createManagedPrivateEndpoint(factoryRef, 'mpe-pg-sandbox', serverRef(W.servers.sandbox));
  for (const name of ['ls_pg_one', 'ls_pg_two'])
    await gateway.createPostgresLinkedService(factoryRef, {
      name,
      integrationRuntime: W.managedVnetRuntime,
      server: 'pg-sandbox.postgres.database.azure.com',
      port: 5432,
      database: 'sandbox',
      username: 'u',
      sslMode: 3,
      secret: { kind: 'keyVault', keyVaultLinkedService: W.keyVaultLinkedService, secretName: 's' },
    });
  for (const suffix of ['a', 'b']) await gateway.startProbe(factoryRef, 'ls_pg_one').then(() => suffix);
  await assignRole(sim, {
    principal: SANDBOX_PEOPLE.avery,
    roleId: SANDBOX_ROLES.reader,
    scope: serverId(serverRef(W.servers.orders)),
  });
  const world = { sim, gateway, avery: gatewayFor(sim, SANDBOX_PEOPLE.avery) };
  worlds.push(world);
  return world;
}

afterAll(async () => {
  for (const { sim } of worlds) await sim.close();
});

/** Everything the bot reads as a list, in a comparable form. */
async function everyList({ gateway, avery }: { gateway: AzureGateway; avery: AzureGateway }) {
  const names = (items: Array<{ name: string }>) => items.map((i) => i.name).sort();
  return {
    servers: (await gateway.listWatchedServers()).map((s) => s.ref.serverName).sort(),
    // A connection's name ends with a fresh GUID: compare what comes before it.
    connections: (await gateway.listConnections(serverRef(W.servers.orders)))
      .map((c) => c.ref.connectionName.replace(/[.-][0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/, ''))
      .sort(),
    factories: (await gateway.listFactories()).map((f) => f.ref.factoryName).sort(),
    runtimes: names(await gateway.listIntegrationRuntimes(factoryRef)),
    endpoints: names(await gateway.listManagedPrivateEndpoints(factoryRef)),
    linkedServices: (await gateway.listLinkedServices(factoryRef))
      .map((l) => `${l.name}:${l.type}:${String(l.typeProperties['authenticationType'] ?? '')}`)
      .sort(),
    datasets: (await gateway.datasetsUsing(factoryRef, 'ls_pg_one')).length,
    permissions: (await avery.permissionsAt(serverId(serverRef(W.servers.orders)))).length,
  };
}

describe('following nextLink', () => {
  it('sees the same estate one item a page as all at once, on every list it reads', async () => {
    const whole = await everyList(await estate(1000));
    const paged = await estate(1);
    const before = paged.sim.requests.all().length;
    expect(await everyList(paged)).toEqual(whole);
    // Sanity: the lists are long enough to page, and the one-a-page simulator was asked page after page.
    expect(whole).toMatchObject({ datasets: 2, permissions: 2 });
    expect(whole.servers.length).toBeGreaterThan(1);
    expect(whole.linkedServices.length).toBeGreaterThan(2);
    const gets = paged.sim.requests
      .all()
      .slice(before)
      .filter((r) => r.method === 'GET').length;
    const wholeGets = 8; // one GET per list when nothing pages
    expect(gets).toBeGreaterThan(wholeGets * 2);
  });
});
