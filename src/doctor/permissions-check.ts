import type { ArmClients } from '../azure/arm-clients';
import { permissionsAt } from '../azure/arm-permissions';
import type { WatchScope } from '../azure/gateway';
import { grants } from '../azure/rbac-actions';
import type { ActAs } from '../config/access-settings';
import { type CheckResult, fail, httpFailure, ok, unchecked } from './check-result';
import { expectedActions, roleFor, type ScopeKind } from './expected-actions';

/**
 * For each watched scope, asks ARM which actions the identity the doctor runs as holds there
 * (`GET {scope}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`, src/azure/arm-permissions.ts)
 * and names every expected action it lacks. Microsoft.Authorization 2022-04-01 defines that call for resource
 * groups and resources only (Permissions_ListForResourceGroup, Permissions_ListForResource), so a whole
 * subscription is reported as not checked.
 */
export async function checkPermissions(
  clients: ArmClients,
  actAs: ActAs,
  scopes: { servers: readonly WatchScope[]; factories: readonly WatchScope[] },
  /** EXPIRE_AFTER is on: the bot rejects expired requests itself, so it needs the approver's rights on servers. */
  botRejectsExpired = false,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const kind of ['servers', 'factories'] as const) {
    // The server-side rights of ACT_AS=bot are what the writing bot needs, whatever ACT_AS says.
    const writes = kind === 'servers' && botRejectsExpired ? 'bot' : actAs;
    for (const scope of scopes[kind]) results.push(await checkScope(clients, writes, kind, scope));
  }
  return results;
}

async function checkScope(
  clients: ArmClients,
  actAs: ActAs,
  kind: ScopeKind,
  scope: WatchScope,
): Promise<CheckResult> {
  const id = scopeId(scope);
  const check = `ARM rights for ${kind} at ${id}`;
  if (!scope.resourceGroup)
    return unchecked(
      check,
      'the permissions API has no subscription-level operation (Microsoft.Authorization 2022-04-01); check by hand: ' +
        `az role assignment list --assignee <identity principal id> --scope ${id} --include-inherited`,
    );
  let permissions;
  try {
    permissions = await permissionsAt(clients, id);
  } catch (error) {
    const { status, message } = httpFailure(error);
    if (status === 403)
      return fail(
        check,
        `the identity may not even read its own permissions there: assign "${roleFor(actAs, kind)}" at ${id} ` +
          `(it includes Microsoft.Authorization/permissions/read). ARM said: ${message}`,
      );
    return fail(check, `ARM answered ${status ?? 'no status'}: ${message}`);
  }
  const missing = expectedActions(actAs, kind).filter((action) => !grants(permissions, action));
  if (missing.length === 0)
    return ok(check, `all ${expectedActions(actAs, kind).length} expected actions held`);
  return fail(check, `missing ${missing.join(', ')} (assign "${roleFor(actAs, kind)}" at ${id})`);
}

function scopeId({ subscriptionId, resourceGroup, serverName }: WatchScope): string {
  let id = `/subscriptions/${subscriptionId}`;
  if (resourceGroup) id += `/resourceGroups/${resourceGroup}`;
  if (serverName) id += `/providers/Microsoft.DBforPostgreSQL/flexibleServers/${serverName}`;
  return id;
}
