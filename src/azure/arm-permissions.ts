import type { ArmClients } from './arm-clients';
import { armCall } from './arm-errors';
import type { PermissionSet } from './gateway';
import { listArmPages } from './raw-arm';

/** api-version of Microsoft.Authorization's permissions API (authorization spec, stable/2022-04-01). */
const AUTHORIZATION_API_VERSION = '2022-04-01';
const SUBSCRIPTION = /^\/subscriptions\/([^/]+)/i;

/**
 * `GET {scope}/providers/Microsoft.Authorization/permissions` (Permissions_ListForResource / _ListForResourceGroup):
 * the CALLER's effective actions and notActions at a scope, as Azure evaluates their role assignments. With a
 * person's delegated token it tells, before any write, whether Azure would let them make it.
 */
export async function permissionsAt(clients: ArmClients, scopeId: string): Promise<PermissionSet[]> {
  const subscriptionId = SUBSCRIPTION.exec(scopeId)?.[1];
  if (!subscriptionId) throw new Error(`not an ARM scope below a subscription: ${scopeId}`);
  // Any of the SDK clients' pipelines will do: same credential, endpoint and retry policy.
  const client = clients.postgresFor(subscriptionId);
  const url = `${clients.baseUrl}${scopeId}/providers/Microsoft.Authorization/permissions?api-version=${AUTHORIZATION_API_VERSION}`;
  const items = await armCall('Read your permissions', () => listArmPages(client, url));
  return items.map((item) => {
    const p = item as Record<string, unknown>;
    return { actions: strings(p.actions), notActions: strings(p.notActions) };
  });
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
