import { ArmError, resourceNotFound } from '../arm-errors';
import { sameName } from '../json';
import { factoryIdOf, requireResourceGroup, requireSubscription, serverIdOf } from '../lookup';
import type { WorldState } from '../world-state';

/** Scopes an extension resource (role assignment, permissions) can hang under, as router templates. */
const SUB = '/subscriptions/{subscriptionId}';
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const RESOURCE = `${RG}/providers/{resourceProviderNamespace}/{resourceType}/{resourceName}`;
const CHILD = `${RESOURCE}/{childResourceType}/{childResourceName}`;

export const SCOPE_TEMPLATES = {
  subscription: SUB,
  resourceGroup: RG,
  resource: RESOURCE,
  child: CHILD,
} as const;

/** The scope part of `{scope}/providers/Microsoft.Authorization/...` (decoded, without a trailing slash). */
export function scopeOfPath(path: string): string {
  const decoded = decodeURIComponent(path);
  const at = decoded.toLowerCase().lastIndexOf('/providers/microsoft.authorization/');
  return decoded.slice(0, Math.max(at, 0)) || '/';
}

/** Throws what ARM answers when the scope does not exist (subscription, resource group, resource). */
export function requireScope(state: WorldState, scope: string): void {
  const s = scope.split('/').filter(Boolean);
  if (s.length === 0) return;
  const subscriptionId = s[1] ?? '';
  if (s.length <= 2) return requireSubscription(state, subscriptionId);
  const group = requireResourceGroup(state, subscriptionId, s[3] ?? '');
  if (s.length <= 4) return;
  const top = `/${s.slice(0, 8).join('/')}`;
  const bots = (state.botServices ?? []).map(
    (b) =>
      `/subscriptions/${b.subscriptionId}/resourceGroups/${b.resourceGroup}/providers/Microsoft.BotService/botServices/${b.name}`,
  );
  const ids = [...state.servers.map(serverIdOf), ...state.factories.map(factoryIdOf), ...bots];
  if (!ids.some((id) => sameName(id, top))) {
    throw resourceNotFound(`${s[5] ?? ''}/${s[6] ?? ''}`, s[7] ?? '', group.name);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** The GUID at the end of a role definition id (`/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{guid}`). */
export function roleDefinitionGuid(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? '';
}

export function badFilter(filter: string): ArmError {
  return new ArmError(400, 'BadRequest', `The filter '${filter}' is not supported.`);
}
