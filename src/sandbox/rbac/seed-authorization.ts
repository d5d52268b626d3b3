import approverRole from '../../../deploy/roles/postgres-private-link-approver.json';
import connectorRole from '../../../deploy/roles/datafactory-private-link-connector.json';
import readerRole from '../../../deploy/roles/private-link-bot-reader.json';
import { factoryId, serverId } from '../../domain/resource-ids';
import { SANDBOX_BOT_PRINCIPAL, SANDBOX_PEOPLE, type SandboxPrincipal } from '../entra/directory';
import type { AuthorizationState, RoleAssignmentState, RoleDefinitionState } from './authorization-state';
import { BUILT_IN_ROLE_IDS } from './built-in-roles';

/** Role definition GUIDs the sandbox uses: the built-in ones and the project's two custom roles (deploy/roles). */
export const SANDBOX_ROLES = {
  ...BUILT_IN_ROLE_IDS,
  postgresApprover: '5a9d1e70-0b07-4c1a-9e2f-000000000001',
  dataFactoryConnector: '5a9d1e70-0b07-4c1a-9e2f-000000000002',
  botReader: '5a9d1e70-0b07-4c1a-9e2f-000000000003',
} as const;

export interface SeedPlace {
  subscriptionId: string;
  resourceGroup: string;
  servers: readonly string[];
  factoryName: string;
}

/**
 * Who may do what in the seeded sandbox:
 * - Sam Security: Owner of the subscription (the sandbox's admin; may manage role assignments).
 * - Avery Approver: Contributor on each approvable server (pg-orders, pg-sandbox). Contributor holds `*` minus
 *   authorization writes, so it covers reading the server and its connections, approving or rejecting them
 *   (`privateEndpointConnections/write`) and polling the operation,
 *   but cannot grant anyone access: the usual role of a database owner.
 * - Riley Requester: Data Factory Contributor on adf-contoso, nothing on the servers.
 * - Jordan Analyst (and Morgan, Casey): nothing.
 * - The bot's service principal: `Private Link Bot - Reader` at the subscription, the role deploy/roles gives it for
 *   ACT_AS=user (the default: it writes nothing of its own). The two writing roles are defined too; the sandbox
 *   assigns them to the bot only when it runs with ACT_AS=bot (rbac/role-grants.ts), as an administrator would.
 */
export function seedAuthorization(place: SeedPlace): AuthorizationState {
  const sub = `/subscriptions/${place.subscriptionId}`;
  const at = { subscriptionId: place.subscriptionId, resourceGroup: place.resourceGroup };
  const servers = place.servers.map((serverName) => serverId({ ...at, serverName }));
  const factory = factoryId({ ...at, factoryName: place.factoryName });
  const role = (id: string): string => `${sub}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
  let n = 0;
  const assign = (principal: SandboxPrincipal, roleId: string, scope: string): RoleAssignmentState => {
    n += 1;
    return {
      name: `5a9d1e70-a551-4e00-8000-${String(n).padStart(12, '0')}`,
      scope,
      roleDefinitionName: roleId,
      roleDefinitionId: role(roleId),
      principalId: principal.objectId,
      principalType: principal.kind === 'user' ? 'User' : 'ServicePrincipal',
      createdOn: SEEDED_AT,
      updatedOn: SEEDED_AT,
      createdBy: null,
      updatedBy: null,
    };
  };
  return {
    roleDefinitions: [
      customRole(SANDBOX_ROLES.postgresApprover, approverRole, sub),
      customRole(SANDBOX_ROLES.dataFactoryConnector, connectorRole, sub),
      customRole(SANDBOX_ROLES.botReader, readerRole, sub),
    ],
    roleAssignments: [
      assign(SANDBOX_PEOPLE.sam, SANDBOX_ROLES.owner, sub),
      ...servers.map((server) => assign(SANDBOX_PEOPLE.avery, SANDBOX_ROLES.contributor, server)),
      assign(SANDBOX_PEOPLE.riley, SANDBOX_ROLES.dataFactoryContributor, factory),
      assign(SANDBOX_BOT_PRINCIPAL, SANDBOX_ROLES.botReader, sub),
    ],
  };
}

const SEEDED_AT = '2025-01-15T09:30:00.000Z';

/** A role file of deploy/roles (the `az role definition create` format) as a custom role definition. */
export interface RoleFile {
  Name: string;
  Description: string;
  Actions: string[];
  NotActions: string[];
  DataActions: string[];
  NotDataActions: string[];
  AssignableScopes: string[];
}

function customRole(name: string, file: RoleFile, subscriptionScope: string): RoleDefinitionState {
  return {
    name,
    roleName: file.Name,
    description: file.Description,
    type: 'CustomRole',
    permissions: [
      {
        actions: [...file.Actions],
        notActions: [...file.NotActions],
        dataActions: [...file.DataActions],
        notDataActions: [...file.NotDataActions],
      },
    ],
    assignableScopes: file.AssignableScopes.map((s) =>
      s.replace('/subscriptions/<subscription-id>', subscriptionScope),
    ),
    createdOn: SEEDED_AT,
    updatedOn: SEEDED_AT,
    createdBy: null,
    updatedBy: null,
  };
}
