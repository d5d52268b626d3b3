import { matchFactoryEndpoint } from '../../../src/approvals/connection-origin';
import type {
  FactoryInfo,
  ManagedPrivateEndpointInfo,
  PrivateEndpointConnection,
} from '../../../src/azure/gateway';
import { serverId } from '../../../src/azure/resource-ids';

const server = { subscriptionId: 's', resourceGroup: 'rg', serverName: 'pg-sandbox' };
const factory: FactoryInfo = {
  ref: { subscriptionId: 's', resourceGroup: 'rg', factoryName: 'adf-contoso' },
  id: 'f',
  location: 'x',
};
const endpoint = (name: string, target = server): ManagedPrivateEndpointInfo => ({
  name,
  factory: factory.ref,
  privateLinkResourceId: serverId(target),
  groupId: 'postgresqlServer',
  provisioningState: 'Succeeded',
  connectionStatus: 'Pending',
  connectionDescription: '',
});
const connection = (name: string, description = ''): PrivateEndpointConnection => ({
  ref: { server, connectionName: name },
  id: `${serverId(server)}/privateEndpointConnections/${name}`,
  status: 'Pending',
  description,
  actionsRequired: 'None',
  provisioningState: 'Ready',
  privateEndpointId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateEndpoints/pe',
  groupIds: ['postgresqlServer'],
});

describe('which managed private endpoint a connection came from', () => {
  it('prefers the longest matching endpoint name over a prefix of it', () => {
    const candidates = [{ factory, endpoints: [endpoint('mpe-pg-sandbox'), endpoint('mpe-pg-sandbox3')] }];
    expect(
      matchFactoryEndpoint(connection('adf-contoso-mpe-pg-sandbox3.1234'), candidates)
        ?.managedPrivateEndpointName,
    ).toBe('mpe-pg-sandbox3');
    expect(
      matchFactoryEndpoint(connection('adf-contoso-mpe-pg-sandbox.1234'), candidates)
        ?.managedPrivateEndpointName,
    ).toBe('mpe-pg-sandbox');
  });

  it('needs both the factory and the endpoint named, and the endpoint aimed at this server', () => {
    const elsewhere = { ...server, serverName: 'pg-orders' };
    expect(
      matchFactoryEndpoint(connection('x.1', 'mpe-pg-sandbox'), [
        { factory, endpoints: [endpoint('mpe-pg-sandbox')] },
      ]),
    ).toBeUndefined();
    expect(
      matchFactoryEndpoint(connection('adf-contoso-mpe-a.1'), [
        { factory, endpoints: [endpoint('mpe-a', elsewhere)] },
      ]),
    ).toBeUndefined();
    expect(
      matchFactoryEndpoint(
        connection('c.1', 'Requested by Data Factory adf-contoso (managed private endpoint mpe-a)'),
        [{ factory, endpoints: [endpoint('mpe-a')] }],
      ),
    ).toMatchObject({ factoryName: 'adf-contoso', managedPrivateEndpointName: 'mpe-a' });
  });
});
