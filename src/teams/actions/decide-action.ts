import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { ApprovalService, DecideOutcome } from '../../approvals/approval-service';
import { renderApprovalCard } from '../../cards/approval-card';
import { cardResponse, errorResponse, type CardAction } from '../card-action-router';
import { actorOf } from '../conversation-identity';
import { AzureError } from '../../errors';
import type { Identity } from '../../identity/identity';

const REQUEST_ID = /^req-[0-9a-f]{20}$/;

/**
 * Approve / Reject taps. The answer is immediate: the service only checks, claims and hands over, and the card
 * returned here (for the tapping user) shows the recorded state; everyone else's copy is updated by the
 * notifier. Refusals and invalid input answer with an error only the tapping user sees; the card stays as it was.
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
      if (!REQUEST_ID.test(requestId))
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
      return answer(outcome, now, tenantId);
    },
  };
}

function answer(outcome: DecideOutcome, now: () => Date, tenantId: string): AdaptiveCardInvokeResponse {
  switch (outcome.kind) {
    case 'not-found':
      return errorResponse(404, 'NotFound', outcome.message);
    case 'refused':
      return errorResponse(403, 'Forbidden', outcome.message);
    case 'invalid':
      return errorResponse(400, 'BadRequest', outcome.message);
    case 'already':
    case 'started':
      return cardResponse(renderApprovalCard(outcome.request, now(), tenantId).content);
  }
}
