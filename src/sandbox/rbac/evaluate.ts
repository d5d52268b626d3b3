import type {
  AuthorizationState,
  PermissionSet,
  RoleAssignmentState,
  RoleDefinitionState,
} from './authorization-state';
import { BUILT_IN_ROLES } from './built-in-roles';

/**
 * How Azure RBAC decides (learn.microsoft.com/azure/role-based-access-control/role-definitions and
 * /overview#how-azure-rbac-determines-if-a-user-has-access-to-a-resource): a principal may perform an action over a
 * scope when one of its role assignments at that scope or above (assignments inherit down the scope tree) has a
 * role whose `actions` match it and whose `notActions` do not. `notActions` only subtract within their own role
 * definition: another role that grants the action still grants it ("NotActions is not a deny"). Actions compare
 * ignoring case, `*` matches any run of characters. Deny assignments, conditions, groups and PIM are not simulated.
 */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`, 'i');
  return regex.test(action);
}

/** Whether `scope` is `ancestor` or lies under it (`/` is the root of every scope). */
export function isWithin(scope: string, ancestor: string): boolean {
  const s = normalise(scope);
  const a = normalise(ancestor);
  return a === '' || s === a || s.startsWith(`${a}/`);
}

export function roleDefinition(state: AuthorizationState, name: string): RoleDefinitionState | undefined {
  const id = name.toLowerCase();
  return [...BUILT_IN_ROLES, ...state.roleDefinitions].find((d) => d.name.toLowerCase() === id);
}

/** The assignments of `principalId` that apply at `scope` (at it or above it). */
export function assignmentsAt(
  state: AuthorizationState,
  principalId: string,
  scope: string,
): RoleAssignmentState[] {
  const who = principalId.toLowerCase();
  return state.roleAssignments.filter((a) => a.principalId.toLowerCase() === who && isWithin(scope, a.scope));
}

/** One permission set per role that applies to the principal at `scope`, as the permissions API lists them. */
export function permissionsAt(
  state: AuthorizationState,
  principalId: string,
  scope: string,
): PermissionSet[] {
  return assignmentsAt(state, principalId, scope).flatMap(
    (a) => roleDefinition(state, a.roleDefinitionName)?.permissions ?? [],
  );
}

export function grants(permission: PermissionSet, action: string): boolean {
  return (
    permission.actions.some((p) => actionMatches(p, action)) &&
    !permission.notActions.some((p) => actionMatches(p, action))
  );
}

export function isPermitted(
  state: AuthorizationState,
  principalId: string,
  action: string,
  scope: string,
): boolean {
  return permissionsAt(state, principalId, scope).some((p) => grants(p, action));
}

/** Whether some assignment strictly below `scope` grants `action` (ARM then filters a list instead of refusing it). */
export function grantsBelow(
  state: AuthorizationState,
  principalId: string,
  action: string,
  scope: string,
): boolean {
  const who = principalId.toLowerCase();
  return state.roleAssignments.some(
    (a) =>
      a.principalId.toLowerCase() === who &&
      isWithin(a.scope, scope) &&
      normalise(a.scope) !== normalise(scope) &&
      (roleDefinition(state, a.roleDefinitionName)?.permissions ?? []).some((p) => grants(p, action)),
  );
}

function normalise(scope: string): string {
  return scope.replace(/\/+$/, '').toLowerCase();
}

function escape(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
