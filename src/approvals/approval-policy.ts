import type { Decision } from '../domain/terms';
import type { Access } from '../identity/access';
import type { Acting } from '../identity/acting';
import type { ApprovalRequest } from '../store/request-records';

/** Who is tapping, as Teams asserts it (trustworthy only for authenticated msteams traffic). */
export interface TeamsActor {
  aadObjectId: string;
  name: string;
  tenantId: string;
}

export type RefusalReason = 'tenant' | 'not-approver' | 'self-approval' | 'unknown-user' | 'azure-refused';

export type PolicyVerdict =
  { allowed: true } | { allowed: false; reason: RefusalReason; message: string; detail?: string };

export interface ApprovalPolicySettings {
  allowedTenantIds: readonly string[];
  /** Who may decide on a server: Azure (ACT_AS=user) or the bot's policy (ACT_AS=bot). */
  access: Access;
}

/**
 * Who may decide. Checked before anything is claimed or written: a refusal changes nothing but the audit log. The
 * bot's own rules come first (allowed tenant, a known person, never one's own request, whatever Azure would allow);
 * then `access` says whether this person may decide on this server.
 */
export class ApprovalPolicy {
  private readonly tenants: Set<string>;

  constructor(private readonly settings: ApprovalPolicySettings) {
    this.tenants = new Set(settings.allowedTenantIds.map(lower));
  }

  async check(
    actor: TeamsActor,
    acting: Acting,
    request: ApprovalRequest,
    decision: Decision,
  ): Promise<PolicyVerdict> {
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
    const requester = request.requester ? lower(request.requester.aadObjectId) : undefined;
    const who = [actor.aadObjectId, acting.kind === 'person' ? acting.objectId : ''].map(lower);
    if (requester && who.includes(requester)) {
      return {
        allowed: false,
        reason: 'self-approval',
        message: 'You asked for this connection, so another approver must decide.',
      };
    }
    const word = decision === 'Approved' ? 'approve' : 'reject';
    const verdict = await this.settings.access.mayDecide(acting, actor.aadObjectId, request.server, word);
    if (verdict.allowed) return verdict;
    const reason: RefusalReason = verdict.detail.startsWith('azure:') ? 'azure-refused' : 'not-approver';
    return { allowed: false, reason, message: verdict.message, detail: verdict.detail };
  }
}

function lower(s: string): string {
  return s.trim().toLowerCase();
}
