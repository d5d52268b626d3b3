import type { Decision } from '../domain/terms';
import { cleanUnknown } from '../text/user-text';

export const MAX_REASON_LENGTH = 500;

export type ReasonCheck = { ok: true; reason: string | undefined } | { ok: false; message: string };

/** A reason is required to reject (the requester deserves to know why) and optional to approve; 1–500 characters. */
export function checkReason(decision: Decision, raw: unknown): ReasonCheck {
  const reason = cleanUnknown(raw, { multiline: true });
  if (reason.length > MAX_REASON_LENGTH) {
    return {
      ok: false,
      message: `The reason is ${reason.length} characters long; keep it to ${MAX_REASON_LENGTH}.`,
    };
  }
  if (decision === 'Rejected' && reason.length === 0) {
    return {
      ok: false,
      message: 'Please give a reason for rejecting, so the requester knows what to change.',
    };
  }
  return { ok: true, reason: reason.length > 0 ? reason : undefined };
}

/** The description Azure keeps on the connection: who decided, through what, and why (shown in the portal). */
export function azureDescription(decision: Decision, actorName: string, reason: string | undefined): string {
  const base = `${decision} by ${actorName} via Teams`;
  // Azure limits the description; keep well inside it.
  return (reason ? `${base}: ${reason}` : base).slice(0, 1000);
}
