import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { ApprovalService, DecideOutcome } from '../../approvals/approval-service';
import { renderApprovalCard } from '../../cards/approval-card';
import { cardResponse, errorResponse, messageResponse, type CardAction } from '../card-action-router';
import { actorOf } from '../conversation-identity';
import { AzureError } from '../../errors';
import type { Identity } from '../../identity/identity';
import { REQUEST_ID_PATTERN } from '../../store/request-id';

/**
 * Approve / Reject taps. The answer is immediate: the service only checks, claims and hands over, and the card
 * returned here (for the tapping user) shows the recorded state; everyone else's copy is updated by the
 * notifier. A refused or invalid tap is answered with the card, for the tapping user only, with a red line saying
 * why and the reason they typed still in its box; the shared card stays as it was.
 */
export function createDecideAction(
  service: ApprovalService,
  identity: Identity,
  now: () => Date,
): CardAction {
  return {
    verbs: ['approve', 'reject'],
    async handle({ turn, data, tenantId, logger }) {
      const requestId = typeof data.requestId === 'string' ? data.requestId : '';
      if (!REQUEST_ID_PATTERN.test(requestId))
        return errorResponse(400, 'BadRequest', 'This card is malformed: it names no request.');
      const verb = (turn.activity.value as { action?: { verb?: string } }).action?.verb;
      // ACT_AS=user: the person's own token, or Teams is asked to sign them in and send the tap again.
      const who = await identity.forTap(turn);
      if ('signIn' in who) return who.signIn;
      let outcome: DecideOutcome;
      try {
        outcome = await service.decide({
          actor: actorOf(turn.activity, tenantId),
          acting: who.acting,
          requestId,
          decision: verb === 'reject' ? 'Rejected' : 'Approved',
          reason: data.reason,
          ...(turn.activity.id ? { activityId: turn.activity.id } : {}),
          cardActivityId: turn.activity.replyToId,
        });
      } catch (error) {
        const stale = error instanceof AzureError && error.code === 'AZURE_UNAUTHORIZED';
        const again = stale ? await identity.signInAgain(turn) : undefined;
        if (again) return again;
        throw error;
      }
      logger.info({ requestId, outcome: outcome.kind }, 'card decision answered');
      const typedReason = typeof data.reason === 'string' ? data.reason : '';
      return answer(outcome, now(), tenantId, typedReason);
    },
  };
}

function answer(
  outcome: DecideOutcome,
  now: Date,
  tenantId: string,
  typedReason: string,
): AdaptiveCardInvokeResponse {
  switch (outcome.kind) {
    case 'not-found':
      // A card of a request the bot no longer has: said plainly (an error shows nothing in some clients).
      return messageResponse(outcome.message);
    case 'refused':
      // A tap naming another request than its card (forged or replayed) or from a tenant the bot does not serve
      // gets no card: there is no card of theirs to show it on.
      if (outcome.reason === 'card-mismatch' || outcome.reason === 'tenant')
        return errorResponse(403, 'Forbidden', outcome.message);
      return refusalCard(outcome, now, tenantId, typedReason, outcome.reason === 'self-approval');
    case 'invalid':
      return refusalCard(outcome, now, tenantId, typedReason, false);
    case 'already':
    case 'started':
      return cardResponse(renderApprovalCard(outcome.request, now, tenantId).content);
  }
}

function refusalCard(
  outcome: Extract<DecideOutcome, { kind: 'refused' | 'invalid' }>,
  now: Date,
  tenantId: string,
  typedReason: string,
  forRequester: boolean,
): AdaptiveCardInvokeResponse {
  const view = { refusal: outcome.message, typedReason, forRequester };
  return cardResponse(renderApprovalCard(outcome.request, now, tenantId, view).content);
}
