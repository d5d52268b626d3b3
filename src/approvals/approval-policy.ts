import { serverId, type ServerRef } from '../azure/resource-ids';
import type { ApprovalRequest } from '../store/request-records';

/** Who is tapping, as Teams asserts it (trustworthy only for authenticated msteams traffic). */
export interface TeamsActor {
  aadObjectId: string;
  name: string;
  tenantId: string;
}

export type PolicyVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'tenant' | 'not-approver' | 'self-approval' | 'unknown-user'; message: string };

export interface ApprovalPolicySettings {
  allowedTenantIds: readonly string[];
  /** Approvers for every watched server. */
  approverIds: readonly string[];
  /** Per-server approvers (key: server name or full server ARM id, case-insensitive), added to the global list. */
  serverApprovers?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Who may decide. Checked before anything is claimed or written: a refusal changes nothing but the audit log.
 * Per-server lists add to the global list rather than replace it, so a platform team in APPROVER_IDS keeps the
 * ability to act on every server while database owners are named per server.
 */
export class ApprovalPolicy {
  private readonly tenants: Set<string>;
  private readonly global: Set<string>;
  private readonly perServer: Map<string, Set<string>>;

  constructor(settings: ApprovalPolicySettings) {
    this.tenants = new Set(settings.allowedTenantIds.map(lower));
    this.global = new Set(settings.approverIds.map(lower));
    this.perServer = new Map(
      [...(settings.serverApprovers ?? new Map<string, readonly string[]>())].map(([k, ids]) => [
        lower(k),
        new Set(ids.map(lower)),
      ]),
    );
  }

  check(actor: TeamsActor, request: ApprovalRequest): PolicyVerdict {
    if (!this.tenants.has(lower(actor.tenantId))) {
      return {
        allowed: false,
        reason: 'tenant',
        message: 'This bot does not accept decisions from your organisation.',
      };
    }
    if (!actor.aadObjectId) {
      return {
        allowed: false,
        reason: 'unknown-user',
        message: 'Teams did not say who you are, so nothing was changed.',
      };
    }
    if (!this.isApprover(actor.aadObjectId, request.server)) {
      return {
        allowed: false,
        reason: 'not-approver',
        message: `You are not an approver for ${request.server.serverName}. Nothing was changed.`,
      };
    }
    if (request.requester && lower(request.requester.aadObjectId) === lower(actor.aadObjectId)) {
      return {
        allowed: false,
        reason: 'self-approval',
        message: 'You asked for this connection, so someone else must decide.',
      };
    }
    return { allowed: true };
  }

  isApprover(aadObjectId: string, server: ServerRef): boolean {
    const id = lower(aadObjectId);
    if (this.global.has(id)) return true;
    const byName = this.perServer.get(lower(server.serverName));
    const byId = this.perServer.get(lower(serverId(server)));
    return Boolean(byName?.has(id) || byId?.has(id));
  }
}

function lower(s: string): string {
  return s.trim().toLowerCase();
}
