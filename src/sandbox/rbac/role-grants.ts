import { randomUUID } from 'node:crypto';
import { request } from 'node:https';
import { SANDBOX_BOT_PRINCIPAL, SANDBOX_PEOPLE, type SandboxPrincipal } from '../entra/directory';
import type { RunningSimulator } from '../index';
import { SANDBOX_WORLD } from '../seed';
import { SANDBOX_ROLES } from './seed-authorization';

/** Fixed names, so that a second start asks for the same assignments again (200) instead of new ones. */
const ASSIGNMENTS = [
  { name: '5a9d1e70-b07a-4e00-8000-000000000001', roleId: SANDBOX_ROLES.postgresApprover },
  { name: '5a9d1e70-b07a-4e00-8000-000000000002', roleId: SANDBOX_ROLES.dataFactoryConnector },
];

/**
 * ACT_AS=bot in the sandbox: the bot's identity writes, so it needs the two writing roles of deploy/roles at the
 * subscription, assigned as an administrator following docs/deployment.md would.
 */
export async function grantBotWriteRoles(simulator: RunningSimulator): Promise<void> {
  const subscription = `/subscriptions/${SANDBOX_WORLD.subscriptionId}`;
  for (const { name, roleId } of ASSIGNMENTS) {
    await assignRole(simulator, { principal: SANDBOX_BOT_PRINCIPAL, roleId, scope: subscription, name });
  }
}

/**
 * ACT_AS=user with EXPIRE_AFTER: the bot's identity rejects expired requests itself, so it needs
 * privateEndpointConnections/write on the servers: the PostgreSQL approver role of deploy/roles, assigned as
 * deploy/roles/README.md ("Expiry") tells an administrator to.
 */
export async function grantBotExpiryRole(simulator: RunningSimulator): Promise<void> {
  const subscription = `/subscriptions/${SANDBOX_WORLD.subscriptionId}`;
  const { name, roleId } = ASSIGNMENTS[0]!;
  await assignRole(simulator, { principal: SANDBOX_BOT_PRINCIPAL, roleId, scope: subscription, name });
}

export interface RoleGrant {
  principal: SandboxPrincipal;
  /** A role definition GUID (SANDBOX_ROLES). */
  roleId: string;
  /** The ARM scope: subscription, resource group or resource id. */
  scope: string;
  /** The assignment's name (a GUID); default a fresh one. */
  name?: string;
}

/**
 * Sam, the sandbox's subscription Owner, assigns a role through the role assignments REST API
 * (`PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{name}`, 2022-04-01), as an administrator would
 * in the portal; an assignment that exists already (409 RoleAssignmentExists) is fine.
 */
export async function assignRole(simulator: RunningSimulator, grant: RoleGrant): Promise<void> {
  const subscription = `/subscriptions/${SANDBOX_WORLD.subscriptionId}`;
  const token = simulator.entra.issueArmToken(SANDBOX_PEOPLE.sam, { audience: simulator.url });
  const name = grant.name ?? randomUUID();
  const status = await put(
    simulator,
    `${grant.scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`,
    token,
    {
      properties: {
        roleDefinitionId: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${grant.roleId}`,
        principalId: grant.principal.objectId,
        principalType: grant.principal.kind === 'user' ? 'User' : 'ServicePrincipal',
      },
    },
  );
  if (status !== 200 && status !== 201 && status !== 409)
    throw new Error(`the sandbox could not assign role ${grant.roleId} over ${grant.scope}: HTTP ${status}`);
}

function put(simulator: RunningSimulator, path: string, token: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${simulator.url}${path}`,
      {
        method: 'PUT',
        ca: simulator.caPem,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
