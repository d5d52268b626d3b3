import {
  KnownDataFlowComputeType,
  KnownFactoryIdentityType,
  KnownIntegrationRuntimeState,
  KnownIntegrationRuntimeType,
  KnownPublicNetworkAccess,
} from '@azure/arm-datafactory';
import {
  KnownAzureManagedDiskPerformanceTier,
  KnownConfigurationDataType,
  KnownPrivateEndpointConnectionProvisioningState,
  KnownPrivateEndpointServiceConnectionStatus,
  KnownReplicationRole,
  KnownServerPublicNetworkAccessState,
  KnownServerState,
  KnownSkuTier,
  KnownStorageType,
} from '@azure/arm-postgresql-flexible';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { FACTORY_PATH, PG_PATH, rawCall, W } from './clients';

/**
 * Every enum value the simulator puts in a body is one the REST spec defines. The SDKs' Known* enums are generated
 * from the specs (PostgreSQL 2025-08-01, Data Factory 2018-06-01), so they stand in for the spec's enum lists.
 */
type Body = Record<string, unknown>;

function at(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v as Body | undefined)?.[key], body);
}

function expectIn(body: unknown, checks: [string, Record<string, string>][]): void {
  for (const [path, known] of checks) {
    const value = at(body, path);
    expect([path, value]).toEqual([path, expect.any(String)]);
    expect([path, Object.values(known)]).toEqual([path, expect.arrayContaining([value])]);
  }
}

describe('enum values in simulator bodies', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ lroSeconds: 60, adfSyncSeconds: 60 });
  });
  afterAll(() => sim.close());

  const connectionPath = `${PG_PATH}/${W.servers.orders}/privateEndpointConnections/${W.pendingConnectionName}`;
  const connectionChecks: [string, Record<string, string>][] = [
    ['properties.provisioningState', KnownPrivateEndpointConnectionProvisioningState],
    ['properties.privateLinkServiceConnectionState.status', KnownPrivateEndpointServiceConnectionStatus],
  ];

  it('server bodies', async () => {
    const server = (await rawCall(sim, 'GET', `${PG_PATH}/${W.servers.orders}`)).body;
    expectIn(server, [
      ['sku.tier', KnownSkuTier],
      ['properties.state', KnownServerState],
      ['properties.storage.type', KnownStorageType],
      ['properties.storage.tier', KnownAzureManagedDiskPerformanceTier],
      ['properties.replicationRole', KnownReplicationRole],
      ['properties.network.publicNetworkAccess', KnownServerPublicNetworkAccessState],
    ]);
    const embedded = (at(server, 'properties.privateEndpointConnections') as unknown[])[0];
    expectIn(embedded, connectionChecks);
  });

  it('configuration bodies', async () => {
    const list = (await rawCall(sim, 'GET', `${PG_PATH}/${W.servers.orders}/configurations`)).body as {
      value: unknown[];
    };
    for (const configuration of list.value) {
      expectIn(configuration, [['properties.dataType', KnownConfigurationDataType]]);
    }
  });

  it('a connection while its approval runs, and while it is deleted', async () => {
    expectIn((await rawCall(sim, 'GET', connectionPath)).body, connectionChecks);
    const decision = { properties: { privateLinkServiceConnectionState: { status: 'Approved' } } };
    expect((await rawCall(sim, 'PUT', connectionPath, { body: decision })).status).toBe(202);
    const updating = (await rawCall(sim, 'GET', connectionPath)).body;
    expectIn(updating, connectionChecks);
    expect(at(updating, 'properties.provisioningState')).toBe('Succeeded');
    sim.world.fastForward();
    expect((await rawCall(sim, 'DELETE', connectionPath)).status).toBe(202);
    const deleting = (await rawCall(sim, 'GET', connectionPath)).body;
    expectIn(deleting, connectionChecks);
    expect(at(deleting, 'properties.provisioningState')).toBe('Deleting');
  });

  it('factory and integration runtime bodies', async () => {
    expectIn((await rawCall(sim, 'GET', FACTORY_PATH)).body, [
      ['identity.type', KnownFactoryIdentityType],
      ['properties.publicNetworkAccess', KnownPublicNetworkAccess],
    ]);
    const runtime = `${FACTORY_PATH}/integrationruntimes/${W.managedVnetRuntime}`;
    expectIn((await rawCall(sim, 'GET', runtime)).body, [
      ['properties.type', KnownIntegrationRuntimeType],
      [
        'properties.typeProperties.computeProperties.dataFlowProperties.computeType',
        KnownDataFlowComputeType,
      ],
    ]);
    expectIn((await rawCall(sim, 'POST', `${runtime}/getStatus`)).body, [
      ['properties.type', KnownIntegrationRuntimeType],
      ['properties.state', KnownIntegrationRuntimeState],
    ]);
  });
});
