import type { ManagedPrivateEndpointInfo, PrivateEndpointConnection } from '../azure/gateway';
import type { ApprovalRequest } from '../store';

/** Where a managed private endpoint stands, from the requester's point of view. */
export type EndpointProgress =
  /** Data Factory sees the approval: the flow can go on. */
  | { state: 'ready'; by?: string }
  | { state: 'pending'; status: string }
  /** Approved on the server; Data Factory catches up minutes later. */
  | { state: 'approved-syncing'; by?: string }
  | { state: 'rejected'; reason: string; by?: string }
  | { state: 'failed'; reason: string }
  | { state: 'gone' };

/**
 * Judges an endpoint from both sides: Data Factory's view (the only one that says the endpoint is usable) and the
 * server's connection (which shows a decision minutes earlier), with the approval loop's record for who decided
 * and why. A rejection ends the wait at once; an approval only once Data Factory shows it. Unknown states are
 * "in progress", never errors.
 */
export function judgeEndpoint(
  mpe: ManagedPrivateEndpointInfo,
  connection: PrivateEndpointConnection | undefined,
  request: ApprovalRequest | undefined,
): EndpointProgress {
  const by = request?.decision?.by?.name;
  const withBy = by ? { by } : {};
  if (mpe.connectionStatus === 'Approved') return { state: 'ready', ...withBy };
  if (mpe.provisioningState === 'Failed' || mpe.connectionStatus === 'Failed') {
    return {
      state: 'failed',
      reason: mpe.connectionDescription || 'Azure could not create the private endpoint.',
    };
  }
  if (mpe.connectionStatus === 'Rejected' || connection?.status === 'Rejected') {
    const reason =
      request?.decision?.reason || connection?.description || mpe.connectionDescription || 'no reason given';
    return { state: 'rejected', reason, ...withBy };
  }
  if (connection?.status === 'Approved') return { state: 'approved-syncing', ...withBy };
  return { state: 'pending', status: connection?.status ?? mpe.connectionStatus };
}
