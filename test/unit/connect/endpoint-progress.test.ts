import type { ManagedPrivateEndpointInfo, PrivateEndpointConnection } from '../../../src/azure/gateway';
import { judgeEndpoint, type EndpointProgress } from '../../../src/connect/endpoint-progress';
import type { ApprovalRequest } from '../../../src/store';

const FACTORY = { subscriptionId: 's', resourceGroup: 'rg', factoryName: 'adf' };
const SERVER = { subscriptionId: 's', resourceGroup: 'rg', serverName: 'pg' };

const mpe = (
  connectionStatus: string,
  provisioningState = 'Succeeded',
  connectionDescription = '',
): ManagedPrivateEndpointInfo => ({
  name: 'mpe-pg',
  factory: FACTORY,
  privateLinkResourceId: '/x',
  groupId: 'postgresqlServer',
  provisioningState,
  connectionStatus,
  connectionDescription,
});

const connection = (status: string, description = ''): PrivateEndpointConnection => ({
  ref: { server: SERVER, connectionName: 'adf-mpe-pg.1' },
  id: '/c',
  status,
  description,
  actionsRequired: 'None',
  provisioningState: 'Succeeded',
  privateEndpointId: '/pe',
  groupIds: ['postgresqlServer'],
});

const decided = (decision: 'Approved' | 'Rejected', reason?: string): ApprovalRequest =>
  ({
    decision: { decision, by: { aadObjectId: 'aad-olga', name: 'Olga' }, ...(reason ? { reason } : {}) },
  }) as ApprovalRequest;

describe('where an endpoint stands, for the waiting requester', () => {
  const cases: Array<
    [
      string,
      ManagedPrivateEndpointInfo,
      PrivateEndpointConnection | undefined,
      ApprovalRequest | undefined,
      EndpointProgress,
    ]
  > = [
    [
      'pending on both sides',
      mpe('Pending'),
      connection('Pending'),
      undefined,
      { state: 'pending', status: 'Pending' },
    ],
    [
      'approved on the server, Data Factory not yet',
      mpe('Pending'),
      connection('Approved'),
      decided('Approved'),
      { state: 'approved-syncing', by: 'Olga' },
    ],
    [
      'Data Factory sees the approval',
      mpe('Approved'),
      connection('Approved'),
      decided('Approved'),
      { state: 'ready', by: 'Olga' },
    ],
    [
      'rejected on the server: no need to wait for Data Factory',
      mpe('Pending'),
      connection('Rejected', 'Rejected by Olga'),
      decided('Rejected', 'not for prod'),
      { state: 'rejected', reason: 'not for prod', by: 'Olga' },
    ],
    [
      'rejected in the portal',
      mpe('Rejected', 'Succeeded', 'no'),
      connection('Rejected', 'wrong team'),
      undefined,
      { state: 'rejected', reason: 'wrong team' },
    ],
    [
      'endpoint failed to provision',
      mpe('Failed', 'Failed', 'VNet-integrated'),
      undefined,
      undefined,
      { state: 'failed', reason: 'VNet-integrated' },
    ],
    [
      'unknown states are in progress',
      mpe('Provisioning'),
      undefined,
      undefined,
      { state: 'pending', status: 'Provisioning' },
    ],
  ];
  it.each(cases)('%s', (_what, endpoint, conn, request, expected) => {
    expect(judgeEndpoint(endpoint, conn, request)).toEqual(expected);
  });
});
