import type { PermissionSet } from './gateway';

/**
 * Whether a set of permissions (as Microsoft.Authorization/permissions returns them) grants an action. Azure RBAC's
 * rule (learn.microsoft.com/azure/role-based-access-control/role-definitions, "Actions", "NotActions"): action
 * strings compare case-insensitively, `*` matches any run of characters, and a permission entry grants an action
 * when one of its actions matches and none of the same entry's notActions does; any granting entry is enough.
 */
export function grants(permissions: readonly PermissionSet[], action: string): boolean {
  return permissions.some(
    (p) => p.actions.some((a) => matches(a, action)) && !p.notActions.some((n) => matches(n, action)),
  );
}

function matches(pattern: string, action: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}
