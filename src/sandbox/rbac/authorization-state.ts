/**
 * Azure RBAC as plain JSON (part of the simulator's state file): custom role definitions and role assignments.
 * Built-in roles are constants (built-in-roles.ts). Shapes follow Microsoft.Authorization 2022-04-01
 * (azure-rest-api-specs, authorization-RoleAssignmentsCalls.json and authorization-RoleDefinitionsCalls.json).
 */
export interface PermissionSet {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleDefinitionState {
  /** The GUID (the last segment of the role definition id). */
  name: string;
  roleName: string;
  description: string;
  type: 'BuiltInRole' | 'CustomRole';
  permissions: PermissionSet[];
  assignableScopes: string[];
  createdOn: string;
  updatedOn: string;
  createdBy: string | null;
  updatedBy: string | null;
}

export type PrincipalType = 'User' | 'Group' | 'ServicePrincipal' | 'ForeignGroup';

export interface RoleAssignmentState {
  /** The GUID (the last segment of the assignment id). */
  name: string;
  /** e.g. /subscriptions/{id}/resourceGroups/{rg}; as given, compared ignoring case. */
  scope: string;
  /** The GUID of the role definition. */
  roleDefinitionName: string;
  /** The role definition id as the client sent it (echoed back). */
  roleDefinitionId: string;
  principalId: string;
  principalType: PrincipalType;
  description?: string;
  createdOn: string;
  updatedOn: string;
  createdBy: string | null;
  updatedBy: string | null;
}

export interface AuthorizationState {
  /** Custom roles only. */
  roleDefinitions: RoleDefinitionState[];
  roleAssignments: RoleAssignmentState[];
}

export function emptyAuthorization(): AuthorizationState {
  return { roleDefinitions: [], roleAssignments: [] };
}
