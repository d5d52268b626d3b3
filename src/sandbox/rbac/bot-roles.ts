import { request } from 'node:https';
import { SANDBOX_BOT_PRINCIPAL, SANDBOX_PEOPLE } from '../entra/directory';
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
 * subscription. Sam, the sandbox's subscription Owner, assigns them through the role assignments REST API, as an
 * administrator following docs/deployment.md would; an assignment that exists already (409) is fine.
 */
export async function grantBotWriteRoles(simulator: RunningSimulator): Promise<void> {
  const sub = `/subscriptions/${SANDBOX_WORLD.subscriptionId}`;
  const token = simulator.entra.issueArmToken(SANDBOX_PEOPLE.sam, { audience: simulator.url });
  for (const { name, roleId } of ASSIGNMENTS) {
    const status = await put(
      simulator,
      `${sub}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`,
      token,
      {
        properties: {
          roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
          principalId: SANDBOX_BOT_PRINCIPAL.objectId,
          principalType: 'ServicePrincipal',
        },
      },
    );
    if (status !== 200 && status !== 201 && status !== 409)
      throw new Error(`the sandbox could not give the bot its role ${roleId}: HTTP ${status}`);
  }
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
