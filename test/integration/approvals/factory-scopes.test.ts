import pino from 'pino';
import { createArmGateway } from '../../../src/azure/arm-gateway';
import type { WatchScope } from '../../../src/azure/gateway';
import { serverId } from '../../../src/domain/resource-ids';
import { SANDBOX_BOT_PRINCIPAL, type RunningSimulator } from '../../../src/sandbox';
import { approvalDomain } from '../../helpers/approval-harness';
import { serverRef, startSandboxAzure, W } from '../../helpers/sandbox-azure';

/**
 * A factory in another resource group than the servers (AZURE_FACTORY_SCOPES): the watcher finds which managed
 * private endpoint a pending connection came from only when it looks for factories where they are.
 */
let sim: RunningSimulator;
const SERVERS: WatchScope = { subscriptionId: W.subscriptionId, resourceGroup: W.resourceGroup };
const ETL: WatchScope = { subscriptionId: W.subscriptionId, resourceGroup: 'rg-etl' };

beforeEach(async () => {
  ({ sim } = await startSandboxAzure());
  sim.world.addFactory({
    subscriptionId: W.subscriptionId,
    resourceGroup: 'rg-etl',
    name: 'adf-etl',
    location: W.location,
    managedVirtualNetwork: 'default',
    runtimes: [{ name: 'ManagedVnetIR', managedVirtualNetwork: 'default' }],
  });
  sim.world.createManagedPrivateEndpoint(
    { subscriptionId: W.subscriptionId, resourceGroup: 'rg-etl', factoryName: 'adf-etl' },
    'mpe-etl-sandbox',
    { privateLinkResourceId: serverId(serverRef(W.servers.sandbox)), groupId: 'postgresqlServer' },
  );
});
afterEach(() => sim.close());

async function originSeen(factoryScopes: WatchScope[] | undefined) {
  const gateway = createArmGateway({
    credential: sim.entra.credentialFor(SANDBOX_BOT_PRINCIPAL),
    endpoint: sim.url,
    caPem: sim.caPem,
    scopes: [SERVERS],
    ...(factoryScopes ? { factoryScopes } : {}),
    logger: pino({ level: 'silent' }),
  });
  const domain = approvalDomain(gateway);
  try {
    await domain.watcher.cycle();
    const [request] = await domain.store.requests.listByServer(serverRef(W.servers.sandbox), {
      openOnly: true,
    });
    return request?.factoryEndpoint;
  } finally {
    await domain.close();
    domain.remove();
  }
}

describe('factory scopes', () => {
  it('the servers’ resource group alone does not find a factory that lives in another one', async () => {
    expect(await originSeen(undefined)).toBeUndefined();
  });

  it('AZURE_FACTORY_SCOPES naming the factory’s resource group matches the connection to its endpoint', async () => {
    expect(await originSeen([ETL])).toMatchObject({
      factoryName: 'adf-etl',
      managedPrivateEndpointName: 'mpe-etl-sandbox',
      factory: { resourceGroup: 'rg-etl' },
    });
  });
});
