import type { PrivateEndpointConnection } from '../azure/gateway';
import type { Decision } from '../domain/terms';
import type { ApprovalRequest, RequestStatus } from '../store/request-records';
import type { Store } from '../store/store';
import { cleanText } from '../text/user-text';
import type { ApprovalEventSink } from './events';

/** Azure's status as a decision; anything else (Pending, Disconnected, unknown) is none. */
export function decisionOf(status: string | undefined): Decision | undefined {
  return status === 'Approved' || status === 'Rejected' ? status : undefined;
}

/**
 * Azure shows a state the bot did not write (decided in the portal, deleted, or replaced by another private
 * endpoint): record it with a compare-and-set from `expected`, audit it, publish it. False when another actor
 * moved the request first, in which case nothing is written.
 */
export async function recordOutsideChange(
  deps: { store: Store; events: ApprovalEventSink },
  request: ApprovalRequest,
  expected: RequestStatus | readonly RequestStatus[],
  current: PrivateEndpointConnection | undefined,
  detail?: string,
): Promise<boolean> {
  const decision = current ? decisionOf(current.status) : undefined;
  const next = decision ? 'decided-elsewhere' : 'gone';
  const description = decision ? portalDescription(request, current) : undefined;
  const moved = await deps.store.requests.updateStatus(
    request.id,
    expected,
    next,
    decision ? { decision, ...(description ? { reason: description } : {}) } : {},
  );
  if (!moved) return false;
  await deps.store.audit.append({
    action: 'decided-elsewhere',
    requestId: request.id,
    server: request.server,
    connectionName: request.connectionName,
    stateBefore: 'Pending',
    stateAfter: current?.status ?? 'Deleted',
    ...(description ? { reason: description } : {}),
    ...(detail ? { detail } : {}),
  });
  const updated = await deps.store.requests.get(request.id);
  if (updated) await deps.events.publish({ type: 'DecidedElsewhere', request: updated });
  return true;
}

/**
 * What the person who decided in the portal wrote: the connection state's description, when it is no longer the
 * requester's message (a decision left without a description keeps the request's text, which says nothing new).
 */
function portalDescription(
  request: ApprovalRequest,
  current: PrivateEndpointConnection | undefined,
): string | undefined {
  const written = cleanText(current?.description ?? '');
  return written && written !== cleanText(request.description) ? written : undefined;
}
