import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxDirectory } from '../../../src/sandbox/entra/directory';
import { armOperation } from '../../../src/sandbox/rbac/arm-operation';
import type { AuthorizationState } from '../../../src/sandbox/rbac/authorization-state';
import { BUILT_IN_ROLE_IDS, BUILT_IN_ROLES } from '../../../src/sandbox/rbac/built-in-roles';
import { actionMatches, grantsBelow, isPermitted, isWithin } from '../../../src/sandbox/rbac/evaluate';
import { buildRouter } from '../../../src/sandbox/routes';
import { seedWorld } from '../../../src/sandbox/seed';
import { SimulatedWorld } from '../../../src/sandbox/world';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '../../fixtures/azure', name), 'utf8')) as unknown;
const CATALOG = (fixture('rbac-operations.json') as { operations: Record<string, string> }).operations;
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';
const RG = `${SUB}/resourceGroups/rg-analytics`;
const SERVER = `${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-orders`;

describe('RBAC actions', () => {
  it.each([
    ['*', 'Microsoft.DataFactory/factories/write', true],
    ['*/read', 'Microsoft.DBforPostgreSQL/flexibleServers/read', true],
    ['*/read', 'Microsoft.DBforPostgreSQL/flexibleServers/write', false],
    ['Microsoft.Authorization/*/read', 'Microsoft.Authorization/roleAssignments/read', true],
    ['Microsoft.Authorization/*/Write', 'microsoft.authorization/roleassignments/write', true],
    ['Microsoft.DataFactory/factories/*', 'Microsoft.DataFactory/factories/pipelines/createRun/action', true],
    ['Microsoft.DataFactory/factories/*', 'Microsoft.DataFactory/dataFactories/read', false],
    ['Microsoft.DataFactory/factories/read', 'Microsoft.DataFactory/factories/readX', false],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  it('scopes inherit down the tree, ignoring case, on whole segments', () => {
    expect(isWithin(SERVER, SUB)).toBe(true);
    expect(isWithin(SERVER.toUpperCase(), RG)).toBe(true);
    expect(isWithin(SERVER, '/')).toBe(true);
    expect(isWithin(`${RG}-other`, RG)).toBe(false);
    expect(isWithin(RG, SERVER)).toBe(false);
  });
});

describe('RBAC decisions', () => {
  const assign = (principalId: string, role: string, scope: string) => ({
    name: `n-${principalId}-${role}`,
    scope,
    roleDefinitionName: role,
    roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
    principalId,
    principalType: 'User' as const,
    createdOn: '',
    updatedOn: '',
    createdBy: null,
    updatedBy: null,
  });
  const state: AuthorizationState = {
    roleDefinitions: [],
    roleAssignments: [
      assign('contributor', BUILT_IN_ROLE_IDS.contributor, RG),
      assign('both', BUILT_IN_ROLE_IDS.contributor, SUB),
      assign('both', BUILT_IN_ROLE_IDS.owner, SERVER),
      assign('reader', BUILT_IN_ROLE_IDS.reader, SERVER),
    ],
  };

  it('an assignment at a resource group covers what is in it, not above it', () => {
    expect(isPermitted(state, 'contributor', 'Microsoft.DBforPostgreSQL/flexibleServers/write', SERVER)).toBe(
      true,
    );
    expect(isPermitted(state, 'contributor', 'Microsoft.DBforPostgreSQL/flexibleServers/read', SUB)).toBe(
      false,
    );
  });

  it('notActions subtract within their role only: another role still grants', () => {
    const write = 'Microsoft.Authorization/roleAssignments/write';
    expect(isPermitted(state, 'contributor', write, SERVER)).toBe(false);
    expect(isPermitted(state, 'both', write, RG)).toBe(false);
    expect(isPermitted(state, 'both', write, SERVER)).toBe(true);
  });

  it('knows when a principal holds a grant below a scope (lists are then filtered)', () => {
    expect(grantsBelow(state, 'reader', 'Microsoft.DBforPostgreSQL/flexibleServers/read', SUB)).toBe(true);
    expect(grantsBelow(state, 'reader', 'Microsoft.DBforPostgreSQL/flexibleServers/write', SUB)).toBe(false);
    expect(grantsBelow(state, 'nobody', 'Microsoft.DBforPostgreSQL/flexibleServers/read', SUB)).toBe(false);
  });

  it('the built-in roles are the published ones', () => {
    const published = (fixture('built-in-roles.json') as { roles: { name: string }[] }).roles;
    expect(
      BUILT_IN_ROLES.map(({ name, roleName, permissions }) => ({ name, roleName, permissions })),
    ).toEqual(published);
  });
});

describe('the RBAC operation of a request, from its URL', () => {
  it.each([
    [
      'GET',
      `${SUB}/providers/Microsoft.DBforPostgreSQL/flexibleServers`,
      'Microsoft.DBforPostgreSQL/flexibleServers/read',
      SUB,
    ],
    [
      'GET',
      `${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers`,
      'Microsoft.DBforPostgreSQL/flexibleServers/read',
      RG,
    ],
    [
      'PUT',
      `${SERVER}/privateEndpointConnections/c1`,
      'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write',
      `${SERVER}/privateEndpointConnections/c1`,
    ],
    [
      'GET',
      `${SERVER}/privateEndpointConnections`,
      'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/read',
      SERVER,
    ],
    [
      'POST',
      `${RG}/providers/Microsoft.DataFactory/factories/f/pipelines/p/createRun`,
      'Microsoft.DataFactory/factories/pipelines/createRun/action',
      `${RG}/providers/Microsoft.DataFactory/factories/f/pipelines/p`,
    ],
    [
      'POST',
      `${RG}/providers/Microsoft.DataFactory/factories/f/integrationRuntimes/ir/getStatus`,
      'Microsoft.DataFactory/factories/integrationruntimes/getstatus/read',
      `${RG}/providers/Microsoft.DataFactory/factories/f/integrationRuntimes/ir`,
    ],
    [
      'PUT',
      `${SERVER}/providers/Microsoft.Authorization/roleAssignments/a1`,
      'Microsoft.Authorization/roleAssignments/write',
      `${SERVER}/providers/Microsoft.Authorization/roleAssignments/a1`,
    ],
    [
      'GET',
      `${RG}/providers/Microsoft.Authorization/permissions`,
      'Microsoft.Authorization/permissions/read',
      RG,
    ],
  ])('%s %s', (method, path, action, scope) => {
    expect(armOperation(method, path)).toMatchObject({ action, scope });
  });

  it('every route of the simulator needs an operation of the published catalog', () => {
    const world = new SimulatedWorld(seedWorld('empty'), {
      timing: { lroMs: 0, adfSyncMs: 0, probeMs: 0, mpeProvisionMs: 0 },
    });
    const router = buildRouter(world, new SandboxDirectory(), { activityLogPageSize: 10 });
    const known = new Set(Object.keys(CATALOG).map((a) => a.toLowerCase()));
    const unknown = router
      .list()
      .map(({ method, template }) => armOperation(method, template.replace(/\{(\w+)\}/g, 'x-$1')).action)
      .filter((action) => !known.has(action.toLowerCase()));
    expect(unknown).toEqual([]);
  });
});
