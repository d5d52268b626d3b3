import personal from '../../fixtures/teams/personal-message.json';
import type { Activity } from 'botbuilder';
import { checkActivity } from '../../../src/teams/activity-guard';

const SANDBOX_TENANT = '22222222-2222-2222-2222-222222222222';
const POLICY = { allowedTenantIds: [SANDBOX_TENANT], allowedChannelIds: ['msteams'] };

function activity(patch: Record<string, unknown> = {}): Partial<Activity> {
  return { ...(structuredClone(personal) as unknown as Partial<Activity>), ...patch };
}

describe('activity guard', () => {
  it('accepts Teams traffic from an allowed tenant', () => {
    expect(checkActivity(activity(), POLICY)).toEqual({ allowed: true, tenantId: SANDBOX_TENANT });
  });

  it('compares tenants case-insensitively', () => {
    const upper = activity({
      conversation: { ...personal.conversation, tenantId: SANDBOX_TENANT.toUpperCase() },
    });
    expect(
      checkActivity(upper, { ...POLICY, allowedTenantIds: [SANDBOX_TENANT.toUpperCase()] }).allowed,
    ).toBe(true);
  });

  it('refuses other channels', () => {
    expect(checkActivity(activity({ channelId: 'webchat' }), POLICY)).toMatchObject({
      allowed: false,
      reason: 'channel',
    });
  });

  it('refuses other tenants', () => {
    const other = 'dddddddd-0000-4000-8000-000000000004';
    const foreign = activity({
      conversation: { ...personal.conversation, tenantId: other },
      channelData: { tenant: { id: other } },
    });
    expect(checkActivity(foreign, POLICY)).toMatchObject({
      allowed: false,
      reason: 'tenant-not-allowed',
      tenantId: other,
    });
  });

  it('falls back to channelData.tenant.id, and refuses when no tenant is given', () => {
    const conversation: Partial<typeof personal.conversation> = { ...personal.conversation };
    delete conversation.tenantId;
    expect(checkActivity(activity({ conversation }), POLICY).allowed).toBe(true);
    expect(checkActivity(activity({ conversation, channelData: {} }), POLICY)).toMatchObject({
      reason: 'tenant-missing',
    });
  });

  it('refuses an activity whose two tenant fields disagree', () => {
    const mixed = activity({ channelData: { tenant: { id: 'dddddddd-0000-4000-8000-000000000004' } } });
    expect(checkActivity(mixed, POLICY)).toMatchObject({ allowed: false, reason: 'tenant-mismatch' });
  });
});
