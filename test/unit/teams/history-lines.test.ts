import { describeHistoryEntry } from '../../../src/teams/commands/history-lines';
import type { ApprovalRequest } from '../../../src/store/request-records';
import type { AuditEntry } from '../../../src/store/tracking-records';

const SERVER = { subscriptionId: 'sub', resourceGroup: 'rg', serverName: 'pg-orders' };
const GUID = '5f0c6a2e-3b9d-4c1f-8e7a-2d4b6c8e0f13';
const AVERY = { aadObjectId: 'a', name: 'Avery Approver' };

function entry(fields: Partial<AuditEntry>): AuditEntry {
  return { seq: 1, at: new Date('2026-03-12T09:25:00Z'), action: 'approve', server: SERVER, ...fields };
}

function request(fields: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'req-00000000000000000001',
    connectionId: `/x/privateEndpointConnections/${GUID}`,
    server: SERVER,
    connectionName: GUID,
    privateEndpointId: `/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateEndpoints/pe-${GUID}`,
    description: 'Please approve',
    firstSeenAt: new Date(0),
    status: 'approved',
    updatedAt: new Date(0),
    ...fields,
  };
}

describe('history lines', () => {
  it('name the connection without GUIDs: factory endpoint, else private endpoint, else connection name', () => {
    const factory = request({
      factoryEndpoint: { factoryName: 'adf-contoso', managedPrivateEndpointName: 'mpe-pg-orders' },
    });
    expect(describeHistoryEntry(entry({ actor: AVERY }), factory)).toBe(
      'Approved by Avery Approver: pg-orders, endpoint mpe-pg-orders of adf-contoso.',
    );
    const onlyGuids = request({ privateEndpointId: `/p/privateEndpoints/${GUID}` });
    expect(describeHistoryEntry(entry({ connectionName: `pe-app.${GUID}` }), onlyGuids)).toBe(
      'Approved: pg-orders, connection pe-app.',
    );
    expect(describeHistoryEntry(entry({ connectionName: GUID }), undefined)).toBe(
      'Approved: pg-orders, a connection.',
    );
  });

  it.each([
    ['self-approval: tried to approve', 'Avery Approver could not approve, because it was their own request'],
    ['not-approver: tried to reject', 'Avery Approver could not reject, because they are not an approver'],
    [
      'tenant: card action approve from channel msteams',
      'Avery Approver could not approve, because they are in another',
    ],
    ['something-new: tried to approve', 'Avery Approver could not approve: pg-orders'],
  ])('say why a tap was refused (%s)', (detail, expected) => {
    expect(describeHistoryEntry(entry({ action: 'refused', actor: AVERY, detail }), request())).toContain(
      expected,
    );
  });

  it('give the portal description of a decision made outside Teams, and say when a Teams claim lost', () => {
    const portal = entry({
      action: 'decided-elsewhere',
      stateAfter: 'Rejected',
      reason: 'Use the replica',
      detail: 'claim by Avery Approver not written: it is already Rejected',
    });
    expect(describeHistoryEntry(portal, request())).toBe(
      `Rejected outside Teams: pg-orders, private endpoint pe. Description in Azure: “Use the replica”. ` +
        '(The decision taken in Teams was not written: it is already Rejected.)',
    );
    expect(
      describeHistoryEntry(entry({ action: 'decided-elsewhere', stateAfter: 'Deleted' }), request()),
    ).toBe('Deleted or replaced outside Teams: pg-orders, private endpoint pe.');
  });

  it("tell a guided flow's result, and a cancelled one", () => {
    const riley = { aadObjectId: 'r', name: 'Riley Requester' };
    const failed = entry({
      action: 'connect-flow',
      actor: riley,
      stateAfter: 'finished',
      reason: 'test failed: Failed: database "sales" does not exist',
      detail: 'factory adf-contoso, linked service ls_orders',
    });
    expect(describeHistoryEntry(failed, undefined)).toBe(
      "Riley Requester's connection flow to pg-orders ended (factory adf-contoso, linked service ls_orders). " +
        'Result: “test failed: Failed: database "sales" does not exist”.',
    );
    const cancelled = entry({ action: 'connect-flow', actor: riley, stateAfter: 'cancelled' });
    expect(describeHistoryEntry(cancelled, undefined)).toBe(
      "Riley Requester's connection flow to pg-orders was cancelled.",
    );
  });

  it("keep a failed attempt's message short", () => {
    const failed = entry({ action: 'operation-failed', actor: AVERY, detail: 'x'.repeat(500) });
    const line = describeHistoryEntry(failed, request());
    expect(line).toMatch(
      /^Azure did not complete the decision by Avery Approver: pg-orders, private endpoint pe\. x+…$/,
    );
    expect(line.length).toBeLessThan(300);
  });
});
