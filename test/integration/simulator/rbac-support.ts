import { SANDBOX_PEOPLE, type RunningSimulator, type SandboxPrincipal } from '../../../src/sandbox';
import { PG_PATH, rawCall, W, type RawAnswer, type RawOptions } from './clients';

/** Calls as a sandbox principal, and ARM's exact refusal for them. */
export const SUB = `/subscriptions/${W.subscriptionId}`;
export const ORDERS = `${PG_PATH}/${W.servers.orders}`;
export const PENDING = `${ORDERS}/privateEndpointConnections/${W.pendingConnectionName}`;
export const { avery, riley, jordan, sam, casey } = SANDBOX_PEOPLE;

export function as(
  sim: RunningSimulator,
  who: SandboxPrincipal,
  method: string,
  path: string,
  options: Omit<RawOptions, 'token'> = {},
): Promise<RawAnswer> {
  return rawCall(sim, method, path, { ...options, token: sim.entra.issueArmToken(who) });
}

export function authorizationFailed(who: SandboxPrincipal, action: string, scope: string): unknown {
  const client = who.kind === 'user' ? who.userPrincipalName : who.objectId;
  return {
    error: {
      code: 'AuthorizationFailed',
      message: `The client '${client}' with object id '${who.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    },
  };
}

export const AUTHZ = { 'api-version': '2022-04-01' };

export function roleAssignmentPath(scope: string, name: string): string {
  return `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`;
}

export function assignmentBody(roleId: string, who: SandboxPrincipal): unknown {
  return {
    properties: {
      roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
      principalId: who.objectId,
      principalType: who.kind === 'user' ? 'User' : 'ServicePrincipal',
    },
  };
}
