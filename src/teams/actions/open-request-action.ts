import { renderApprovalCard, type ApprovalCardOptions } from '../../cards/approval-card';
import { OPEN_REQUEST_VERB } from '../../cards/requests-summary-card';
import { REQUEST_ID_PATTERN } from '../../store/request-id';
import type { Store } from '../../store/store';
import { errorResponse, messageResponse, type CardAction } from '../card-action-router';
import { summaryCoverKey } from '../summary-cover';
import type { TeamsMessenger } from '../teams-messenger';

/**
 * "Open card" on a summary line posts that request's real approval card in the summary's thread, reserved under the
 * request's own card key like any card (two taps, or a tap and `pending`, still make one card).
 *
 * Why a posted card and not an invoke answer swapping the summary for the approval card in place: Approve/Reject
 * are accepted only from a posted card of that request (the decision service checks the tap's replyToId against
 * the stored cards, so a forged or replayed tap cannot decide another request), and only a posted card is updated
 * for everyone, gets the thread replies and reminders, and survives the next refresh. The answer here is a short
 * message for the tapper; the summary stays as it is for everyone.
 */
export function createOpenRequestAction(
  store: Store,
  messenger: TeamsMessenger,
  now: () => Date,
  cardOptions: ApprovalCardOptions = {},
): CardAction {
  return {
    verbs: [OPEN_REQUEST_VERB],
    async handle({ turn, data, tenantId, logger }) {
      const requestId = typeof data.requestId === 'string' ? data.requestId : '';
      const conversationId = typeof data.conversationId === 'string' ? data.conversationId : '';
      if (!REQUEST_ID_PATTERN.test(requestId) || !conversationId)
        return errorResponse(400, 'BadRequest', 'This card is malformed: it names no request.');
      const request = await store.requests.get(requestId);
      const cover = await store.cards.getCard(summaryCoverKey(requestId), conversationId);
      // Only the summary that listed the request, tapped where it was posted, opens it.
      if (!request || !cover?.reference || !cover.activityId || cover.activityId !== turn.activity.replyToId)
        return errorResponse(403, 'Forbidden', 'This summary did not list that request.');
      const where = `${request.connectionName} on ${request.server.serverName}`;
      if (!(await store.cards.reserveCard(requestId, conversationId)))
        return messageResponse(`The card for ${where} is already in this conversation.`);
      try {
        const card = renderApprovalCard(request, now(), tenantId, cardOptions);
        const activityId = await messenger.reply(cover.reference, { attachments: [card] });
        await store.cards.recordCardPosted(requestId, conversationId, {
          reference: cover.reference,
          activityId,
        });
      } catch (error) {
        await store.cards.releaseCardReservation(requestId, conversationId);
        logger.warn({ err: error, requestId }, 'opening a request from its summary failed');
        return errorResponse(503, 'ServiceUnavailable', 'Teams did not take the card; try again shortly.');
      }
      logger.info({ requestId, conversation: conversationId }, 'request card opened from a summary');
      return messageResponse(`The card for ${where} is posted in this thread.`);
    },
  };
}
