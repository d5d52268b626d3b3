import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RoleFile } from '../../../src/sandbox/rbac/seed-authorization';

/**
 * The custom role files in deploy/roles/. ARM refuses a whole role when one action is not in the resource
 * provider's operations catalog, so every action must be in the catalog excerpt, well-formed, free of wildcards,
 * and justified in the README beside the roles.
 */
const ROLES_DIR = join(__dirname, '../../../deploy/roles');
const CATALOG = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/azure/rbac-operations.json'), 'utf8'),
) as {
  operations: Record<string, string>;
};
const README = readFileSync(join(ROLES_DIR, 'README.md'), 'utf8');
const ROLE_KEYS = [
  'Name',
  'IsCustom',
  'Description',
  'Actions',
  'NotActions',
  'DataActions',
  'NotDataActions',
  'AssignableScopes',
];
/** Provider/resourceType[/resourceType...]/verb, verb being read, write, delete or <name>/action. */
const ACTION =
  /^Microsoft\.[A-Za-z]+(\/[A-Za-z][A-Za-z0-9]*)+\/(read|write|delete|[A-Za-z][A-Za-z0-9]*\/action)$/;
const SCOPE =
  /^\/subscriptions\/(<subscription-id>|[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12})(\/resourceGroups\/[^/]+)?$/;

/** The `az role definition create` format, as the sandbox seeds it, plus the flag a role file must carry. */
interface RoleDefinition extends RoleFile {
  IsCustom: boolean;
}

const files = readdirSync(ROLES_DIR).filter((f) => f.endsWith('.json'));
const roles = files.map((file) => ({
  file,
  role: JSON.parse(readFileSync(join(ROLES_DIR, file), 'utf8')) as RoleDefinition,
}));
const catalog = new Set(Object.keys(CATALOG.operations).map((a) => a.toLowerCase()));

describe('deploy/roles custom role definitions', () => {
  it('has one writing role per side (ACT_AS=bot) and one reading role (ACT_AS=user)', () => {
    expect(files.sort()).toEqual([
      'datafactory-private-link-connector.json',
      'postgres-private-link-approver.json',
      'private-link-bot-reader.json',
    ]);
  });

  it('keeps the ACT_AS=user role to reads (and the one read-only POST the catalog calls an action)', () => {
    const reader = roles.find((r) => r.file === 'private-link-bot-reader.json')!.role;
    const notReads = reader.Actions.filter((a) => !a.endsWith('/read'));
    expect(notReads).toEqual(['Microsoft.DataFactory/factories/pipelineruns/queryactivityruns/action']);
  });

  it.each(roles)('$file is in Azure custom role format', ({ role }) => {
    expect(Object.keys(role).sort()).toEqual([...ROLE_KEYS].sort());
    expect(role.IsCustom).toBe(true);
    expect(role.Name.length).toBeGreaterThan(0);
    expect(role.Description.length).toBeGreaterThan(20);
    expect(role.NotActions).toEqual([]);
    expect(role.DataActions).toEqual([]);
    expect(role.NotDataActions).toEqual([]);
    expect(role.AssignableScopes.length).toBeGreaterThan(0);
    for (const scope of role.AssignableScopes) expect(scope).toMatch(SCOPE);
  });

  it.each(roles)('$file lists only well-formed, wildcard-free, catalogued, justified actions', ({ role }) => {
    expect(role.Actions.length).toBeGreaterThan(0);
    expect(new Set(role.Actions.map((a) => a.toLowerCase())).size).toBe(role.Actions.length);
    const problems: string[] = [];
    for (const action of [...role.Actions, ...role.NotActions, ...role.DataActions]) {
      if (action.includes('*')) problems.push(`${action}: wildcard`);
      if (!ACTION.test(action)) problems.push(`${action}: not Provider/type/verb`);
      if (!catalog.has(action.toLowerCase()))
        problems.push(`${action}: not in the operations catalog excerpt`);
      if (!README.includes(`\`${action}\``))
        problems.push(`${action}: not justified in deploy/roles/README.md`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps each writing role to its own provider (and reading one’s own permissions, for people who hold it)', () => {
    const byFile = Object.fromEntries(roles.map(({ file, role }) => [file, role.Actions]));
    const own = (a: string) => a === 'Microsoft.Authorization/permissions/read';
    for (const a of byFile['postgres-private-link-approver.json']!.filter((x) => !own(x)))
      expect(a.startsWith('Microsoft.DBforPostgreSQL/')).toBe(true);
    for (const a of byFile['datafactory-private-link-connector.json']!.filter((x) => !own(x)))
      expect(a.startsWith('Microsoft.DataFactory/')).toBe(true);
  });

  it('grants no delete of private endpoint connections and no writes outside what the bot creates', () => {
    const all = roles.flatMap(({ role }) => role.Actions.map((a) => a.toLowerCase()));
    expect(all).not.toContain('microsoft.dbforpostgresql/flexibleservers/privateendpointconnections/delete');
    expect(all).not.toContain('microsoft.dbforpostgresql/flexibleservers/write');
    expect(all).not.toContain('microsoft.datafactory/factories/write');
    expect(all).not.toContain('microsoft.datafactory/factories/integrationruntimes/write');
    const writes = all.filter((a) => a.endsWith('/write')).sort();
    expect(writes).toEqual(
      [
        'microsoft.dbforpostgresql/flexibleservers/privateendpointconnections/write',
        'microsoft.datafactory/factories/managedvirtualnetworks/managedprivateendpoints/write',
        'microsoft.datafactory/factories/linkedservices/write',
        'microsoft.datafactory/factories/datasets/write',
        'microsoft.datafactory/factories/pipelines/write',
      ].sort(),
    );
  });

  it('grants no privateEndpointConnectionsApproval/action: its holder would get endpoints auto-approved, past the approvers', () => {
    // learn.microsoft.com/azure/private-link/rbac-permissions, "Approval RBAC for private endpoint": the action makes
    // a private endpoint its holder creates automatically approved; deciding on a connection is privateEndpointConnections/write.
    const all = roles.flatMap(({ role }) => role.Actions.map((a) => a.toLowerCase()));
    expect(all.filter((a) => a.endsWith('/privateendpointconnectionsapproval/action'))).toEqual([]);
  });

  it('lets the bot read its own permissions, so npm run doctor can name what is missing', () => {
    const reader = roles.find((r) => r.file === 'private-link-bot-reader.json')!.role;
    expect(reader.Actions).toContain('Microsoft.Authorization/permissions/read');
  });
});
