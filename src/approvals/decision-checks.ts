import type { PrivateEndpointConnection } from '../azure/gateway';
import { AzureError } from '../errors';
import type { ApprovalRequest } from '../store/request-records';

/** Why a claimed decision must not be written: the card no longer matches Azure. */
export function staleness(
  request: ApprovalRequest,
  current: PrivateEndpointConnection | undefined,
): string | undefined {
  if (!current) return 'the connection no longer exists';
  const samePe =
    !request.privateEndpointId ||
    current.privateEndpointId.toLowerCase() === request.privateEndpointId.toLowerCase();
  if (!samePe) return 'replaced';
  const decision = request.decision?.decision;
  if (current.status !== 'Pending' && current.status !== decision) return `it is already ${current.status}`;
  return undefined;
}

/** Worth another poll: Azure throttled us or was briefly unavailable; anything else is a real answer. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof AzureError && (error.code === 'AZURE_THROTTLED' || error.code === 'AZURE_UNAVAILABLE')
  );
}
