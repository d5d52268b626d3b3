import { ApprovalPolicy } from '../../../src/approvals/approval-policy';
import { serverId } from '../../../src/azure/resource-ids';
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

const policy = new ApprovalPolicy({
  allowedTenantIds: [TENANT],
  approverIds: [PLATFORM],
  serverApprovers: new Map([
    ['PG-Orders', [ORDERS_OWNER]],
    [serverId(ledger).toUpperCase(), [LEDGER_OWNER]],
  ]),
});

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
  it('global approvers decide on every server; per-server approvers (by name or ARM id, any case) only on theirs', () => {
    expect(policy.check(actor(PLATFORM), request(orders))).toEqual({ allowed: true });
    expect(policy.check(actor(PLATFORM), request(ledger))).toEqual({ allowed: true });
    expect(policy.check(actor(ORDERS_OWNER), request(orders))).toEqual({ allowed: true });
    expect(policy.check(actor(ORDERS_OWNER), request(ledger))).toMatchObject({
      allowed: false,
      reason: 'not-approver',
    });
    expect(policy.check(actor(LEDGER_OWNER.toUpperCase()), request(ledger))).toEqual({ allowed: true });
  });

  it('refuses other tenants, unknown users and the requester themself', () => {
    expect(policy.check(actor(PLATFORM, '99999999-9999-9999-9999-999999999999'), request())).toMatchObject({
      reason: 'tenant',
    });
    expect(policy.check(actor(''), request())).toMatchObject({ reason: 'unknown-user' });
    expect(policy.check(actor(ORDERS_OWNER), request(orders, ORDERS_OWNER))).toMatchObject({
      reason: 'self-approval',
    });
  });
});
