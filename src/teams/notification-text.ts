import type { ApprovalRequest } from '../store/request-records';
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
