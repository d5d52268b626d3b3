import { ApprovalPolicy } from '../../../src/approvals/approval-policy';
import type { AzureGateway, PermissionSet } from '../../../src/azure/gateway';
import { serverId } from '../../../src/domain/resource-ids';
import { AzureAccess } from '../../../src/identity/access';
import type { Acting } from '../../../src/identity/acting';
import { PolicyAccess } from '../../../src/identity/policy-access';
import type { ApprovalRequest } from '../../../src/store/request-records';

const TENANT = '22222222-2222-2222-2222-222222222222';
const PLATFORM = '33333333-3333-3333-3333-333333333333';
const ORDERS_OWNER = '55555555-5555-5555-5555-555555555555';
const LEDGER_OWNER = '66666666-6666-6666-6666-666666666666';
const orders = {
  subscriptionId: '11111111-1111-1111-1111-111111111111',
  resourceGroup: 'rg-analytics',
  serverName: 'pg-orders',
};
const ledger = { ...orders, serverName: 'pg-ledger' };

// ACT_AS=bot: the policy file's shape after loading (keys and ids lower-cased by loadPolicyFile).
const policy = new ApprovalPolicy({
  allowedTenantIds: [TENANT],
  access: new PolicyAccess([PLATFORM], {
    approvers: new Map([
      ['pg-orders', new Set([ORDERS_OWNER])],
      [serverId(ledger).toLowerCase(), new Set([LEDGER_OWNER])],
    ]),
    requesters: new Map(),
  }),
});
const bot = { kind: 'bot', gateway: {} as AzureGateway } as const;

function request(server = orders, requester?: string): ApprovalRequest {
  return {
    id: 'req-00000000000000000000',
    connectionId: `${serverId(server)}/privateEndpointConnections/c.1`,
    server,
    connectionName: 'c.1',
    privateEndpointId: '',
    description: '',
    firstSeenAt: new Date(0),
    updatedAt: new Date(0),
    status: 'pending',
    ...(requester ? { requester: { aadObjectId: requester, name: 'R' } } : {}),
  };
}
const actor = (aadObjectId: string, tenantId = TENANT) => ({ aadObjectId, name: 'X', tenantId });

describe('who may decide', () => {
  /** ACT_AS=user: what Azure says of the person's permissions at the server, through their own gateway. */
  function person(objectId: string, permissions: PermissionSet[]): Acting {
    const gateway = { permissionsAt: async () => permissions } as unknown as AzureGateway;
    return { kind: 'person', objectId, name: 'P', gateway };
  }
  const azure = new ApprovalPolicy({ allowedTenantIds: [TENANT], access: new AzureAccess() });
  const contributor = [{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write'] }];

  it('(ACT_AS=user) Azure decides: a person whose roles grant the write may, anyone else is told what they lack', async () => {
    expect(
      await azure.check(actor(ORDERS_OWNER), person(ORDERS_OWNER, contributor), request(), 'Approved'),
    ).toEqual({
      allowed: true,
    });
    const reader = person(ORDERS_OWNER, [{ actions: ['*/read'], notActions: [] }]);
    expect(await azure.check(actor(ORDERS_OWNER), reader, request(), 'Approved')).toEqual({
      allowed: false,
      reason: 'azure-refused',
      message:
        "You can't approve private endpoints on pg-orders: Azure says your account lacks " +
        '`Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write` there. Ask someone with that ' +
        'permission (for example an Owner or Contributor of pg-orders).',
      detail: `azure: lacks Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write over ${serverId(orders)}`,
    });
  });

  it('(ACT_AS=user) never lets the requester decide, whatever Azure would allow (Teams id or token id)', async () => {
    const owner = person(ORDERS_OWNER, contributor);
    expect(
      await azure.check(actor(PLATFORM), owner, request(orders, ORDERS_OWNER), 'Approved'),
    ).toMatchObject({
      reason: 'self-approval',
    });
  });

  it('(ACT_AS=bot) global approvers decide on every server; per-server approvers (by name or ARM id, any case) only on theirs', async () => {
    const check = (who: string, req: ApprovalRequest) => policy.check(actor(who), bot, req, 'Approved');
    expect(await check(PLATFORM, request(orders))).toEqual({ allowed: true });
    expect(await check(PLATFORM, request(ledger))).toEqual({ allowed: true });
    expect(await check(ORDERS_OWNER, request(orders))).toEqual({ allowed: true });
    expect(await check(ORDERS_OWNER, request(ledger))).toMatchObject({
      allowed: false,
      reason: 'not-approver',
    });
    expect(await check(LEDGER_OWNER.toUpperCase(), request(ledger))).toEqual({ allowed: true });
  });

  it('refuses other tenants, unknown users and the requester themself', async () => {
    const other = actor(PLATFORM, '99999999-9999-9999-9999-999999999999');
    expect(await policy.check(other, bot, request(), 'Approved')).toMatchObject({ reason: 'tenant' });
    expect(await policy.check(actor(''), bot, request(), 'Approved')).toMatchObject({
      reason: 'unknown-user',
    });
    expect(
      await policy.check(actor(ORDERS_OWNER), bot, request(orders, ORDERS_OWNER), 'Rejected'),
    ).toMatchObject({ reason: 'self-approval' });
  });
});
