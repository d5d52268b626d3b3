import { ArmError, invalidContent } from '../arm-errors';
import { ok, type SimRequest, type SimResponse } from '../http-types';
import { isJsonObject, objectAt, sameName, stringAt, type JsonValue } from '../json';
import { stateHandlers } from '../route-kit';
import type { Router } from '../router';
import type { WorldCore } from '../world-core';
import type { WorldState } from '../world-state';
import type { PermissionSet, RoleDefinitionState } from './authorization-state';
import { BUILT_IN_ROLES } from './built-in-roles';
import { isPermitted, isWithin } from './evaluate';
import { authorizationFailed } from './gate';
import { badFilter, isGuid, requireScope, SCOPE_TEMPLATES, scopeOfPath } from './scopes';

/**
 * Microsoft.Authorization/roleDefinitions 2022-04-01 (azure-rest-api-specs, authorization-RoleDefinitionsCalls.json,
 * examples/PutRoleDefinition.json: PUT answers 201). Built-in roles are readable at every scope; a custom role is
 * visible, and assignable, at and under its assignableScopes. Creating or changing a custom role needs
 * `roleDefinitions/write` over every one of its assignableScopes ("Users that are granted this operation on all the
 * assignableScopes of the custom role can create custom roles", MicrosoftDocs/azure-docs
 * articles/role-based-access-control/custom-roles.md); role names are unique in the tenant.
 */
export function addRoleDefinitionRoutes(router: Router, world: WorldCore): void {
  const { read, write } = stateHandlers(world);
  for (const scope of ['', ...Object.values(SCOPE_TEMPLATES)]) {
    const collection = `${scope}/providers/Microsoft.Authorization/roleDefinitions`;
    const item = `${collection}/{roleDefinitionId}`;
    router.add('GET', collection, 'authorization', read(list)).add(
      'GET',
      item,
      'authorization',
      read((s, req, p) => ok(body(find(s, req, p['roleDefinitionId'] ?? ''), scopeOfPath(req.path)))),
    );
    if (scope) {
      router
        .add(
          'PUT',
          item,
          'authorization',
          write((s, req, p) => put(s, req, p['roleDefinitionId'] ?? '')),
        )
        .add(
          'DELETE',
          item,
          'authorization',
          write((s, req, p) => remove(s, req, p['roleDefinitionId'] ?? '')),
        );
    }
  }
}

/** Whether a role may be assigned (and is visible) at `scope`. */
export function assignableAt(role: RoleDefinitionState, scope: string): boolean {
  return role.assignableScopes.some((a) => isWithin(scope, a));
}

function find(s: WorldState, req: SimRequest, id: string): RoleDefinitionState {
  const scope = scopeOfPath(req.path);
  const role = [...BUILT_IN_ROLES, ...s.authorization.roleDefinitions].find((d) => sameName(d.name, id));
  if (!role || (role.type === 'CustomRole' && scope !== '/' && !visibleAt(role, scope))) {
    throw new ArmError(
      404,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${id}' does not exist.`,
    );
  }
  return role;
}

function visibleAt(role: RoleDefinitionState, scope: string): boolean {
  return role.assignableScopes.some((a) => isWithin(scope, a) || isWithin(a, scope));
}

function list(s: WorldState, req: SimRequest): SimResponse {
  const scope = scopeOfPath(req.path);
  const filter = req.query.get('$filter') ?? '';
  const term = /^\s*(roleName|type)\s+eq\s+'([^']*)'\s*$/i.exec(filter);
  if (filter && !term) throw badFilter(filter);
  const roles = [
    ...BUILT_IN_ROLES,
    ...s.authorization.roleDefinitions.filter((d) => scope === '/' || visibleAt(d, scope)),
  ];
  const value = roles.filter(
    (d) =>
      !term ||
      sameName(term[1] === undefined ? '' : term[1].toLowerCase() === 'type' ? d.type : d.roleName, term[2]),
  );
  return ok({ value: value.map((d) => body(d, scope)) });
}

function put(s: WorldState, req: SimRequest, id: string): SimResponse {
  const scope = scopeOfPath(req.path);
  if (!isGuid(id))
    throw new ArmError(
      400,
      'InvalidRoleDefinitionId',
      `The role definition ID '${id}' is not valid. The role definition ID must be a GUID.`,
    );
  requireScope(s, scope);
  if (BUILT_IN_ROLES.some((d) => sameName(d.name, id)))
    throw new ArmError(400, 'RoleDefinitionBuiltIn', 'Built-in role definitions cannot be changed.');
  const props = objectAt(req.body, 'properties');
  const roleName = stringAt(props, 'roleName');
  const assignableScopes = strings(props?.['assignableScopes']);
  const permissions = Array.isArray(props?.['permissions']) ? props['permissions'].map(permissionSet) : [];
  if (!roleName || assignableScopes.length === 0 || permissions.length === 0) {
    throw invalidContent(
      "The request content was invalid: 'properties.roleName', 'properties.permissions' and 'properties.assignableScopes' are required.",
    );
  }
  for (const target of assignableScopes) {
    requireScope(s, target);
    if (
      !isPermitted(
        s.authorization,
        req.caller.objectId,
        'Microsoft.Authorization/roleDefinitions/write',
        target,
      )
    ) {
      throw authorizationFailed(req.caller, 'Microsoft.Authorization/roleDefinitions/write', target);
    }
  }
  const clash = [...BUILT_IN_ROLES, ...s.authorization.roleDefinitions].find(
    (d) => sameName(d.roleName, roleName) && !sameName(d.name, id),
  );
  if (clash)
    throw new ArmError(
      409,
      'RoleDefinitionWithSameNameExists',
      'A custom role with the same name already exists in this directory. Use a different name.',
    );
  const now = new Date().toISOString();
  const existing = s.authorization.roleDefinitions.find((d) => sameName(d.name, id));
  const role: RoleDefinitionState = {
    name: id,
    roleName,
    description: stringAt(props, 'description') ?? '',
    type: 'CustomRole',
    permissions,
    assignableScopes,
    createdOn: existing?.createdOn ?? now,
    updatedOn: now,
    createdBy: existing?.createdBy ?? req.caller.objectId,
    updatedBy: req.caller.objectId,
  };
  s.authorization.roleDefinitions = [...s.authorization.roleDefinitions.filter((d) => d !== existing), role];
  return ok(body(role, scope), existing ? 200 : 201);
}

function remove(s: WorldState, req: SimRequest, id: string): SimResponse {
  const role = find(s, req, id);
  if (role.type === 'BuiltInRole')
    throw new ArmError(400, 'RoleDefinitionBuiltIn', 'Built-in role definitions cannot be deleted.');
  if (s.authorization.roleAssignments.some((a) => sameName(a.roleDefinitionName, id))) {
    throw new ArmError(
      409,
      'RoleDefinitionHasAssignments',
      'There are existing role assignments referencing role (code: RoleDefinitionHasAssignments).',
    );
  }
  s.authorization.roleDefinitions = s.authorization.roleDefinitions.filter((d) => d !== role);
  return ok(body(role, scopeOfPath(req.path)));
}

function permissionSet(value: JsonValue): PermissionSet {
  if (!isJsonObject(value))
    throw invalidContent("The request content was invalid: 'properties.permissions' must be objects.");
  return {
    actions: strings(value['actions']),
    notActions: strings(value['notActions']),
    dataActions: strings(value['dataActions']),
    notDataActions: strings(value['notDataActions']),
  };
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function body(d: RoleDefinitionState, scope: string): Record<string, unknown> {
  const prefix = scope === '/' ? '' : scope;
  return {
    properties: {
      roleName: d.roleName,
      type: d.type,
      description: d.description,
      assignableScopes: d.assignableScopes,
      permissions: d.permissions,
      createdOn: d.createdOn,
      updatedOn: d.updatedOn,
      createdBy: d.createdBy,
      updatedBy: d.updatedBy,
    },
    id: `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${d.name}`,
    type: 'Microsoft.Authorization/roleDefinitions',
    name: d.name,
  };
}
