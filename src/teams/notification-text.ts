import type { ApprovalRequest } from '../store/request-records';
import { durationWords } from '../text/durations';
import { displayName } from '../text/user-text';

/** Plain-text replies posted in a card's thread (sent with textFormat plain, so nothing in them becomes markup). */
export function decisionReplyText(request: ApprovalRequest): string {
  const server = request.server.serverName;
  const d = request.decision;
  if (request.status === 'gone')
    return `The connection ${request.connectionName} to ${server} no longer exists.`;
  if (request.status === 'decided-elsewhere') {
    const described = d?.reason ? ` Description in Azure: ${d.reason}` : '';
    return `${d?.decision ?? 'Decided'} outside Teams: ${request.connectionName} to ${server}.${described}`;
  }
  const verb = request.status === 'approved' ? 'approved' : 'rejected';
  const reason = d?.reason ? ` Reason: ${d.reason}` : '';
  return `${d?.by?.name ? displayName(d.by.name) : 'An approver'} ${verb} the connection to ${server}.${reason}`;
}

export function factorySawText(request: ApprovalRequest, afterSeconds: number): string {
  const factory = request.factoryEndpoint;
  const who = factory ? `Data Factory ${factory.factoryName}` : 'Data Factory';
  const minutes =
    afterSeconds >= 120 ? `${Math.round(afterSeconds / 60)} minutes` : `${afterSeconds} seconds`;
  return `${who} now sees the endpoint as ${request.decision?.decision ?? 'decided'} (it took ${minutes} after the decision).`;
}

/** In the card's thread: the card is still waiting, whoever reads the thread may be the one to decide. */
export function reminderText(request: ApprovalRequest, waitedMs: number): string {
  return `Reminder: the connection ${request.connectionName} to ${request.server.serverName} has waited ${durationWords(waitedMs)} for a decision.`;
}

/** To the requester, in their chat with the bot: they cannot decide, but they should know it is not forgotten. */
export function requesterReminderText(
  request: ApprovalRequest,
  waitedMs: number,
  /**
   * What the approvers have: the card (whose threads got the reminder), only a line on a summary card (a burst of
   * requests; no thread of its own to remind in), or nothing.
   */
  approversHave: 'card' | 'summary' | 'nothing',
): string {
  const waiting = `Your request to connect to ${request.server.serverName} (${request.connectionName}) is still waiting for an approver, ${durationWords(waitedMs)} after you asked.`;
  if (approversHave === 'card') return `${waiting} The approvers were reminded.`;
  if (approversHave === 'summary')
    return `${waiting} The approvers got it among many requests on a summary card; ask them to open it there, or to decide in the Azure portal.`;
  return `${waiting} No Teams conversation watches this server for approval cards yet: ask its approvers to say "watch" to the bot, or to decide in the Azure portal.`;
}

/** In every thread holding the card, the escalation conversations' copy included: why it is there now. */
export function escalationText(request: ApprovalRequest, waitedMs: number): string {
  return `Escalated: no decision on ${request.connectionName} to ${request.server.serverName} after ${durationWords(waitedMs)}. The card was also posted to the conversations watching for escalations.`;
}
