import { cardSchemaErrors } from '../../helpers/adaptive-card-schema';
import {
  OPEN_REQUEST_VERB,
  renderRequestsSummaryCard,
  SUMMARY_LIST_MAX,
} from '../../../src/cards/requests-summary-card';
import type { ApprovalRequest } from '../../../src/store/request-records';

const SUB = '11111111-1111-1111-1111-111111111111';

function request(i: number, servers: number, requester?: string): ApprovalRequest {
  const serverName = `pg-${i % servers}`;
  return {
    id: `req-${String(i).padStart(20, '0')}`,
    connectionId: `/subscriptions/${SUB}/x/${i}`,
    server: { subscriptionId: SUB, resourceGroup: 'rg', serverName },
    connectionName: `pe-${i}.conn`,
    privateEndpointId: `/subscriptions/${SUB}/resourceGroups/rg-apps/providers/Microsoft.Network/privateEndpoints/pe-${i}`,
    description: '',
    ...(requester ? { requester: { aadObjectId: 'a', name: requester } } : {}),
    firstSeenAt: new Date(0),
    status: 'pending',
    updatedAt: new Date(0),
  };
}

const content = (requests: ApprovalRequest[]) =>
  renderRequestsSummaryCard(requests, '19:c@thread.tacv2').content as Record<string, unknown>;

function openActions(card: unknown): Array<{ requestId: string; conversationId: string }> {
  return (JSON.stringify(card).match(/"verb":"approval\.open","data":\{[^}]*\}/g) ?? []).map(
    (m) => JSON.parse(m.slice(m.indexOf('{'))) as { requestId: string; conversationId: string },
  );
}

describe('requests summary card', () => {
  it('is a valid Adaptive Card 1.5 naming the count, the servers, and one Open action per request', () => {
    const requests = Array.from({ length: 37 }, (_, i) =>
      request(i, 12, i === 3 ? 'Riley [x](https://evil)' : undefined),
    );
    const card = content(requests);
    expect(cardSchemaErrors(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain('37 new requests on 12 servers');
    expect(text).toContain('asked by Riley \\\\[x\\\\](https://evil)'); // escaped: no link
    expect(text).toContain('requester unknown');
    expect(OPEN_REQUEST_VERB).toBe('approval.open');
    expect(
      openActions(card)
        .map((a) => a.requestId)
        .sort(),
    ).toEqual(requests.map((r) => r.id).sort());
    expect(new Set(openActions(card).map((a) => a.conversationId))).toEqual(new Set(['19:c@thread.tacv2']));
  });

  it(`lists at most ${SUMMARY_LIST_MAX} and counts the rest`, () => {
    const card = content(Array.from({ length: 100 }, (_, i) => request(i, 1)));
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(openActions(card)).toHaveLength(SUMMARY_LIST_MAX);
    expect(JSON.stringify(card)).toContain('100 new requests on 1 server"');
    expect(JSON.stringify(card)).toContain(`and ${100 - SUMMARY_LIST_MAX} more`);
  });
});
