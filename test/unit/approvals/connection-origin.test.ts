import { matchFactoryEndpoint } from '../../../src/approvals/connection-origin';
import type {
  FactoryInfo,
  ManagedPrivateEndpointInfo,
  PrivateEndpointConnection,
} from '../../../src/azure/gateway';
import { serverId } from '../../../src/domain/resource-ids';

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

  describe('the forms Data Factory states its origin in', () => {
    const guid = '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9';
    // "mpe-a-1" is a prefix of "mpe-a-1f2e…": only the stated form tells the two endpoints apart.
    const twins = [{ factory, endpoints: [endpoint('mpe-a'), endpoint('mpe-a-1')] }];

    it('observed form: name <factory lower-cased>.<endpoint>-<guid>', () => {
      expect(
        matchFactoryEndpoint(connection(`adf-contoso.mpe-a-${guid}`), twins)?.managedPrivateEndpointName,
      ).toBe('mpe-a');
      expect(
        matchFactoryEndpoint(connection(`adf-contoso.mpe-a-1-${guid}`), twins)?.managedPrivateEndpointName,
      ).toBe('mpe-a-1');
    });

    it('observed form: description Requested by DataFactory:<Factory>, Name:<endpoint>', () => {
      const upperCased = { ...factory, ref: { ...factory.ref, factoryName: 'ADF-Contoso' } };
      const candidates = [{ factory: upperCased, endpoints: [endpoint('mpe-a'), endpoint('mpe-a-1')] }];
      expect(
        matchFactoryEndpoint(
          connection(`adf-contoso.mpe-a-${guid}`, 'Requested by DataFactory:ADF-Contoso, Name:mpe-a'),
          candidates,
        ),
      ).toMatchObject({ factoryName: 'ADF-Contoso', managedPrivateEndpointName: 'mpe-a' });
    });

    it('older form: name <factory>-<mpe>.<guid>, description Requested by Data Factory … (managed private endpoint …)', () => {
      expect(
        matchFactoryEndpoint(
          connection(
            `adf-contoso-mpe-a.${guid}`,
            'Requested by Data Factory adf-contoso (managed private endpoint mpe-a)',
          ),
          twins,
        )?.managedPrivateEndpointName,
      ).toBe('mpe-a');
      expect(
        matchFactoryEndpoint(connection(`adf-contoso-mpe-a-1.${guid}`), twins)?.managedPrivateEndpointName,
      ).toBe('mpe-a-1');
    });

    it('the name form still decides when the description names a factory out of scope', () => {
      expect(
        matchFactoryEndpoint(
          connection(`adf-contoso.mpe-a-${guid}`, 'Requested by DataFactory:adf-other, Name:mpe-z'),
          twins,
        )?.managedPrivateEndpointName,
      ).toBe('mpe-a');
    });
  });
});
