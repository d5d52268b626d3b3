import { ArmError, invalidContent } from '../arm-errors';
import type { SandboxDirectory } from '../entra/directory';
import { noContent, ok, type SimRequest, type SimResponse } from '../http-types';
import { objectAt, sameName, stringAt } from '../json';
import { stateHandlers } from '../route-kit';
import type { Router } from '../router';
import type { WorldCore } from '../world-core';
import type { WorldState } from '../world-state';
import type { PrincipalType, RoleAssignmentState } from './authorization-state';
import { isWithin, roleDefinition } from './evaluate';
import { assignableAt } from './role-definition-routes';
import { badFilter, isGuid, requireScope, roleDefinitionGuid, SCOPE_TEMPLATES, scopeOfPath } from './scopes';

/**
 * Microsoft.Authorization/roleAssignments 2022-04-01 (azure-rest-api-specs,
 * authorization-RoleAssignmentsCalls.json): PUT answers 201 (200 for the same assignment again), DELETE 200 with
 * the deleted assignment or 204 when there is none; lists take `$filter=atScope()` (at or above the scope),
 * `principalId eq '{id}'` and `assignedTo('{id}')` (that principal at, above or below), none (at, above or below).
 * The gate checks `roleAssignments/write|read|delete` over the assignment's URL first.
 */
export function addRoleAssignmentRoutes(router: Router, world: WorldCore, directory: SandboxDirectory): void {
  const { read, write } = stateHandlers(world);
  for (const scope of Object.values(SCOPE_TEMPLATES)) {
    const collection = `${scope}/providers/Microsoft.Authorization/roleAssignments`;
    const item = `${collection}/{roleAssignmentName}`;
    router
      .add('GET', collection, 'authorization', read(list))
      .add(
        'GET',
        item,
        'authorization',
        read((s, req, p) => ok(body(find(s, req, p['roleAssignmentName'] ?? '')))),
      )
      .add(
        'PUT',
        item,
        'authorization',
        write((s, req, p) => create(s, req, p['roleAssignmentName'] ?? '', directory)),
      )
      .add(
        'DELETE',
        item,
        'authorization',
        write((s, req, p) => remove(s, req, p['roleAssignmentName'] ?? '')),
      );
  }
}

function create(s: WorldState, req: SimRequest, name: string, directory: SandboxDirectory): SimResponse {
  const scope = scopeOfPath(req.path);
  if (!isGuid(name)) {
    throw new ArmError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  }
  requireScope(s, scope);
  const props = objectAt(req.body, 'properties');
  const roleDefinitionId = stringAt(props, 'roleDefinitionId');
  const principalId = stringAt(props, 'principalId');
  if (!roleDefinitionId || !principalId) {
    throw invalidContent(
      "The request content was invalid: 'properties.roleDefinitionId' and 'properties.principalId' are required.",
    );
  }
  const roleGuid = roleDefinitionGuid(roleDefinitionId);
  const role = roleDefinition(s.authorization, roleGuid);
  if (!role || !assignableAt(role, scope)) {
    throw new ArmError(
      400,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${roleGuid}' does not exist.`,
    );
  }
  const principal = directory.byObjectId(principalId);
  if (!principal) {
    throw new ArmError(
      400,
      'PrincipalNotFound',
      `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${req.caller.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group. See https://aka.ms/docs-principaltype`,
    );
  }
  const actualType: PrincipalType = principal.kind === 'user' ? 'User' : 'ServicePrincipal';
  const principalType = (stringAt(props, 'principalType') ?? actualType) as PrincipalType;
  if (principalType !== actualType) {
    throw new ArmError(
      400,
      'UnmatchedPrincipalType',
      `The PrincipalId '${principalId.replace(/-/g, '')}' has type '${actualType}' , which is different from specified PrincipalType '${principalType}'.`,
    );
  }
  const same = (a: RoleAssignmentState): boolean =>
    isWithin(a.scope, scope) &&
    isWithin(scope, a.scope) &&
    sameName(a.principalId, principalId) &&
    sameName(a.roleDefinitionName, roleGuid);
  const existing = s.authorization.roleAssignments.find((a) => sameName(a.name, name));
  if (existing) {
    if (same(existing)) return ok(body(existing), 200);
    throw new ArmError(
      400,
      'RoleAssignmentUpdateNotPermitted',
      'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    );
  }
  if (s.authorization.roleAssignments.some(same)) {
    throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  }
  const now = new Date().toISOString();
  const description = stringAt(props, 'description');
  const assignment: RoleAssignmentState = {
    name,
    scope,
    roleDefinitionName: roleGuid,
    roleDefinitionId,
    principalId,
    principalType,
    ...(description ? { description } : {}),
    createdOn: now,
    updatedOn: now,
    createdBy: req.caller.objectId,
    updatedBy: req.caller.objectId,
  };
  s.authorization.roleAssignments.push(assignment);
  return ok(body(assignment), 201);
}

function remove(s: WorldState, req: SimRequest, name: string): SimResponse {
  const at = s.authorization.roleAssignments.findIndex(
    (a) => sameName(a.name, name) && sameName(a.scope, scopeOfPath(req.path)),
  );
  const [removed] = at >= 0 ? s.authorization.roleAssignments.splice(at, 1) : [];
  return removed ? ok(body(removed)) : noContent(204);
}

function find(s: WorldState, req: SimRequest, name: string): RoleAssignmentState {
  const found = s.authorization.roleAssignments.find(
    (a) => sameName(a.name, name) && sameName(a.scope, scopeOfPath(req.path)),
  );
  if (!found)
    throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
  return found;
}

function list(s: WorldState, req: SimRequest): SimResponse {
  const scope = scopeOfPath(req.path);
  requireScope(s, scope);
  const filter = req.query.get('$filter') ?? '';
  const terms = filter
    .split(/\s+and\s+/i)
    .map((t) => t.trim())
    .filter(Boolean);
  let atScopeOnly = false;
  let principal: string | undefined;
  for (const term of terms) {
    const who = /^(?:assignedTo\('([^']+)'\)|principalId\s+eq\s+'([^']+)')$/i.exec(term);
    if (/^atScope\(\)$/i.test(term)) atScopeOnly = true;
    else if (who) principal = who[1] ?? who[2];
    else throw badFilter(filter);
  }
  const value = s.authorization.roleAssignments.filter(
    (a) =>
      (isWithin(scope, a.scope) || (!atScopeOnly && isWithin(a.scope, scope))) &&
      (principal === undefined || sameName(a.principalId, principal)),
  );
  return ok({ value: value.map(body) });
}

function body(a: RoleAssignmentState): Record<string, unknown> {
  return {
    properties: {
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope,
      condition: null,
      conditionVersion: null,
      createdOn: a.createdOn,
      updatedOn: a.updatedOn,
      createdBy: a.createdBy,
      updatedBy: a.updatedBy,
      delegatedManagedIdentityResourceId: null,
      description: a.description ?? null,
    },
    id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.name,
  };
}
