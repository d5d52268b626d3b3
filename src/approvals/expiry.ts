import type { Duration } from '../config/request-timer-settings';
import type { Actor } from '../store/conversation-records';
import type { ApprovalRequest } from '../store/request-records';

/**
 * Who an expiry is recorded as: the card, the thread reply, the audit log and Azure's description name the bot.
 * Not an Entra object id on purpose (no person decided); `isExpiry` recognises the claim by it.
 */
export const EXPIRY_ACTOR: Actor = { aadObjectId: 'private-link-bot:expiry', name: 'Private Link bot' };

export function expiryReason(after: Duration): string {
  return `Expired after ${after.text} without a decision`;
}

/** A decision the bot claimed because the request expired (not a person's tap). */
export function isExpiry(request: ApprovalRequest): boolean {
  return request.decision?.by?.aadObjectId === EXPIRY_ACTOR.aadObjectId;
}
