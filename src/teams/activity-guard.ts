import type { Activity } from 'botbuilder';

/**
 * Who may talk to the bot at all. A SingleTenant registration does not stop installation in other tenants, and
 * only Teams traffic carries the identity claims the bot relies on, so every activity is checked here before any
 * handler runs.
 */
export interface GuardPolicy {
  readonly allowedTenantIds: readonly string[];
  readonly allowedChannelIds: readonly string[];
}

export type GuardVerdict =
  | { allowed: true; tenantId: string }
  | {
      allowed: false;
      reason: 'channel' | 'tenant-missing' | 'tenant-mismatch' | 'tenant-not-allowed';
      channelId: string;
      tenantId?: string;
    };

interface TenantChannelData {
  tenant?: { id?: unknown };
}

/** Teams puts the tenant in conversation.tenantId and channelData.tenant.id; either may be missing. */
export function tenantOf(activity: Partial<Activity>): { conversation?: string; channelData?: string } {
  const conversation = activity.conversation?.tenantId;
  const data = activity.channelData as TenantChannelData | undefined;
  const fromData = typeof data?.tenant?.id === 'string' ? data.tenant.id : undefined;
  return {
    ...(conversation ? { conversation: conversation.toLowerCase() } : {}),
    ...(fromData ? { channelData: fromData.toLowerCase() } : {}),
  };
}

export function checkActivity(activity: Partial<Activity>, policy: GuardPolicy): GuardVerdict {
  const channelId = activity.channelId ?? '';
  if (!policy.allowedChannelIds.includes(channelId)) return { allowed: false, reason: 'channel', channelId };

  const tenant = tenantOf(activity);
  // Two different tenants in one activity is not something Teams sends: refuse rather than pick one.
  if (tenant.conversation && tenant.channelData && tenant.conversation !== tenant.channelData) {
    return { allowed: false, reason: 'tenant-mismatch', channelId, tenantId: tenant.conversation };
  }
  const tenantId = tenant.conversation ?? tenant.channelData;
  if (!tenantId) return { allowed: false, reason: 'tenant-missing', channelId };
  const allowed = policy.allowedTenantIds.some((t) => t.toLowerCase() === tenantId);
  return allowed
    ? { allowed: true, tenantId }
    : { allowed: false, reason: 'tenant-not-allowed', channelId, tenantId };
}
