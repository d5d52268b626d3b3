import type { TurnContext } from 'botbuilder';
import { REFRESH_VERB, renderApprovalCard } from '../../cards/approval-card';
import type { ApprovalRequest } from '../../store/request-records';
import { REQUEST_ID_PATTERN } from '../../store/request-id';
import type { Store } from '../../store/store';
import { cardResponse, errorResponse, type CardAction } from '../card-action-router';

/**
 * The approval card's `refresh` (Universal Actions user-specific views): Teams runs it when a person listed in
 * `refresh.userIds` (the requester) opens the card, and anyone may run it by hand. The requester gets their own
 * view, without buttons, saying they wait for another approver; everyone else gets the shared card. Read-only: the
 * truth is the stored request, never the refreshed card's data beyond its request id.
 */
export function createRefreshAction(store: Store, now: () => Date): CardAction {
  return {
    verbs: [REFRESH_VERB],
    async handle({ turn, data, tenantId }) {
      const requestId = typeof data.requestId === 'string' ? data.requestId : '';
      const request = REQUEST_ID_PATTERN.test(requestId) ? await store.requests.get(requestId) : undefined;
      if (!request) return errorResponse(404, 'NotFound', 'This request is not known to the bot any more.');
      const view = { forRequester: isRequester(turn, request) };
      return cardResponse(renderApprovalCard(request, now(), tenantId, view).content);
    },
  };
}

function isRequester(turn: TurnContext, request: ApprovalRequest): boolean {
  const requester = request.requester;
  if (!requester) return false;
  const from = turn.activity.from;
  const same = (a: string | undefined, b: string | undefined) =>
    !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
  return same(from?.aadObjectId, requester.aadObjectId) || same(from?.id, requester.teamsUserId);
}
