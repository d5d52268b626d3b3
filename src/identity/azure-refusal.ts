import { AzureError } from '../errors';
import { grants } from '../azure/rbac-actions';
import type { PermissionSet } from '../azure/gateway';

/** What Azure would not let someone do: the RBAC action and the scope it was refused over. */
export interface Refusal {
  action: string;
  scope: string;
}

/** ARM's 403 AuthorizationFailed message: "... does not have authorization to perform action 'X' over scope 'Y' ..." */
const AUTHORIZATION_FAILED = /perform action '([^']+)' over scope '([^']+)'/i;

/** The refusal inside an Azure error, when it is ARM's AuthorizationFailed. */
export function refusalOf(error: unknown): Refusal | undefined {
  if (!(error instanceof AzureError) || error.status !== 403) return undefined;
  const match = AUTHORIZATION_FAILED.exec(error.message);
  return match ? { action: match[1]!, scope: match[2]! } : undefined;
}

/** Azure's own answer, read before a write: the refusal it would give, or undefined when it would allow it. */
export function refusalFrom(
  permissions: readonly PermissionSet[],
  action: string,
  scope: string,
): Refusal | undefined {
  return grants(permissions, action) ? undefined : { action, scope };
}

/**
 * The plain sentence for the person Azure refused, and only them: what they tried, on what, the permission Azure
 * says they lack, and who could help. `doing` reads after "You can't", e.g. "approve private endpoints".
 */
export function refusalText(doing: string, target: string, refusal: Refusal): string {
  return (
    `You can't ${doing} on ${target}: Azure says your account lacks \`${refusal.action}\` there. ` +
    `Ask someone with that permission (for example an Owner or Contributor of ${target}).`
  );
}
