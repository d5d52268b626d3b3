import { EXPIRY_ACTOR } from '../../../src/approvals/expiry';
import { approvalCardData } from '../../../src/cards/approval-card';
import { parseDuration } from '../../../src/config/request-timer-settings';
import type { ApprovalRequest } from '../../../src/store/request-records';

const FIRST_SEEN = new Date('2026-11-29T09:00:00.000Z');
const request: ApprovalRequest = {
  id: 'req-1',
  connectionId: '/subscriptions/s/resourceGroups/rg/providers/x/privateEndpointConnections/c.1',
  server: { subscriptionId: 's', resourceGroup: 'rg-data', serverName: 'pg-orders' },
  connectionName: 'c.1',
  privateEndpointId: '/subscriptions/m/providers/Microsoft.Network/privateEndpoints/pe',
  description: '',
  firstSeenAt: FIRST_SEEN,
  updatedAt: FIRST_SEEN,
  status: 'pending',
};
const at = (minutes: number) => new Date(FIRST_SEEN.getTime() + minutes * 60_000);
const expireAfter = parseDuration('EXPIRE_AFTER', '2d')!;

/** A fact's value as a person reads it (markdown escapes removed). */
function fact(data: ReturnType<typeof approvalCardData>, title: string): string | undefined {
  return data.facts.find((f) => f.title === title)?.value.replace(/\\(.)/g, '$1');
}

describe('the approval card tells time as of each rendering', () => {
  it('says how long ago it was asked, computed when rendered', () => {
    expect(fact(approvalCardData(request, at(3)), 'Asked')).toBe('3 min ago (2026-11-29 09:00 UTC)');
    expect(fact(approvalCardData(request, at(120)), 'Asked')).toBe('2 h ago (2026-11-29 09:00 UTC)');
  });

  it('with EXPIRE_AFTER, says when an undecided request expires', () => {
    const data = approvalCardData(request, at(60), undefined, { expireAfter });
    expect(fact(data, 'Expires')).toBe(
      'in 47 h (2026-12-01 09:00 UTC), unless someone decides first (EXPIRE_AFTER 2d)',
    );
    expect(fact(approvalCardData(request, at(24 * 60), undefined, { expireAfter }), 'Expires')).toMatch(
      /^in 24 h /,
    );
    expect(fact(approvalCardData(request, at(3 * 24 * 60), undefined, { expireAfter }), 'Expires')).toMatch(
      /^now, /,
    );
    const failed = { ...request, status: 'failed' as const };
    expect(fact(approvalCardData(failed, at(1), undefined, { expireAfter }), 'Expires')).toMatch(
      /^in 2 days /,
    );
  });

  it('says nothing of expiry without EXPIRE_AFTER, once decided, or after an expiry Azure refused', () => {
    expect(fact(approvalCardData(request, at(1)), 'Expires')).toBeUndefined();
    const rejected = { ...request, status: 'rejected' as const };
    expect(fact(approvalCardData(rejected, at(1), undefined, { expireAfter }), 'Expires')).toBeUndefined();
    const refused = {
      ...request,
      status: 'failed' as const,
      decision: { decision: 'Rejected' as const, by: EXPIRY_ACTOR },
      lastError: 'AuthorizationFailed',
    };
    expect(fact(approvalCardData(refused, at(3000), undefined, { expireAfter }), 'Expires')).toBeUndefined();
  });
});
