import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDENTITY_LIBRARY_SETTINGS, SETTING_NAMES } from '../../../src/config/setting-names';

/**
 * deploy/azuredeploy.json checked offline: ARM template structure, parameters and variables declared and used,
 * the properties each resource type's REST spec requires (test/fixtures/azure/arm-template-requirements.json),
 * and every setting the bot reads (the code's own list) given at creation or documented as left out.
 */
const ROOT = join(__dirname, '../../..');
type Json = Record<string, unknown>;
interface Template extends Json {
  parameters?: Record<string, Json>;
  variables?: Record<string, unknown>;
  resources: Json[];
}
const TEMPLATE = JSON.parse(readFileSync(join(ROOT, 'deploy/azuredeploy.json'), 'utf8')) as Template;
const REQUIREMENTS = (
  JSON.parse(readFileSync(join(ROOT, 'test/fixtures/azure/arm-template-requirements.json'), 'utf8')) as {
    types: Record<string, { required: string[] }>;
  }
).types;
const README = readFileSync(join(ROOT, 'deploy/README.md'), 'utf8');

/** A template and the templates nested in it (Microsoft.Resources/deployments with an inline template). */
function templates(template: Template): Template[] {
  const nested = template.resources.flatMap((r) => {
    const inner = (r.properties as Json | undefined)?.template as Template | undefined;
    return inner ? templates(inner) : [];
  });
  return [template, ...nested];
}

/** Every string in `value`, leaving out nested templates (they have their own parameters). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) if (k !== 'template') strings(v, out);
  return out;
}

function namesUsed(template: Template, fn: 'parameters' | 'variables'): Set<string> {
  const { variables, resources, outputs } = template;
  const text = strings([variables, resources, outputs]).join('\n');
  return new Set([...text.matchAll(new RegExp(`${fn}\\('([^']+)'\\)`, 'g'))].map((m) => m[1]!));
}

function at(resource: Json, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v as Json | undefined)?.[key], resource);
}

const allResources = templates(TEMPLATE).flatMap((t) => t.resources);
const webApp = TEMPLATE.resources.find((r) => r.type === 'Microsoft.Web/sites')!;
const appSettings = (
  at(webApp, 'properties.siteConfig.appSettings') as { name: string; value: unknown }[]
).map((s) => s.name);
/** The table rows of deploy/README.md's "left out on purpose" section: | `NAME` | reason | */
const documentedAbsent = new Map(
  [...README.matchAll(/^\|\s*`([A-Za-z_]+)`\s*\|\s*(.+?)\s*\|$/gm)].map((m) => [m[1]!, m[2]!.trim()]),
);

describe('deploy/azuredeploy.json', () => {
  it.each(templates(TEMPLATE).map((t, i) => [i, t] as const))(
    'template %i has the ARM shape: schema, content version, resources with type, apiVersion, name',
    (_i, t) => {
      expect(t.$schema).toMatch(
        /^https:\/\/schema\.management\.azure\.com\/schemas\/.+deploymentTemplate\.json#$/,
      );
      expect(t.contentVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      for (const r of t.resources) {
        expect(typeof r.type).toBe('string');
        expect(r.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
        expect(typeof r.name).toBe('string');
      }
    },
  );

  it.each(templates(TEMPLATE).map((t, i) => [i, t] as const))(
    'template %i declares every parameter and variable it uses, and uses every one it declares',
    (_i, t) => {
      for (const fn of ['parameters', 'variables'] as const) {
        const declared = new Set(Object.keys(t[fn] ?? {}));
        const used = namesUsed(t, fn);
        expect({ fn, undeclared: [...used].filter((n) => !declared.has(n)) }).toEqual({ fn, undeclared: [] });
        expect({ fn, unused: [...declared].filter((n) => !used.has(n)) }).toEqual({ fn, unused: [] });
      }
    },
  );

  it('knows the REST requirements of every resource type it creates, and meets them', () => {
    const problems: string[] = [];
    for (const r of allResources) {
      const key = `${String(r.type)}@${String(r.apiVersion)}`;
      const requirement = REQUIREMENTS[key];
      if (!requirement) {
        problems.push(`${key}: no spec requirements in the fixture`);
        continue;
      }
      for (const path of requirement.required) {
        const value = at(r, path);
        if (value === undefined || value === null || value === '') problems.push(`${key}: ${path} missing`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('creates the production shape: identity, bot with Teams and OAuth connection, 2+ instances with /healthz, Entra-only PostgreSQL, reader assignments', () => {
    const types = allResources.map((r) => r.type);
    for (const type of [
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.BotService/botServices',
      'Microsoft.BotService/botServices/channels',
      'Microsoft.BotService/botServices/connections',
      'Microsoft.Web/serverfarms',
      'Microsoft.Web/sites',
      'Microsoft.DBforPostgreSQL/flexibleServers',
      'Microsoft.Authorization/roleAssignments',
    ])
      expect(types).toContain(type);
    expect(at(webApp, 'properties.siteConfig.healthCheckPath')).toBe('/healthz');
    expect(at(webApp, 'properties.siteConfig.linuxFxVersion')).toBe('NODE|24-lts');
    expect((TEMPLATE.parameters!.instanceCount as { minValue: number }).minValue).toBeGreaterThanOrEqual(2);
    const pg = allResources.find((r) => r.type === 'Microsoft.DBforPostgreSQL/flexibleServers')!;
    expect(at(pg, 'properties.authConfig')).toMatchObject({
      activeDirectoryAuth: 'Enabled',
      passwordAuth: 'Disabled',
    });
    const channel = allResources.find((r) => r.type === 'Microsoft.BotService/botServices/channels')!;
    expect(at(channel, 'properties.channelName')).toBe('MsTeamsChannel');
  });

  it('gives every setting the bot reads at creation, or documents why not (deploy/README.md)', () => {
    const everySetting = [...SETTING_NAMES, ...IDENTITY_LIBRARY_SETTINGS];
    const missing = everySetting.filter((s) => !appSettings.includes(s) && !documentedAbsent.has(s));
    expect(missing).toEqual([]);
    // Not both, and nothing documented that the bot does not read (a stale row would hide a rename).
    expect(appSettings.filter((s) => documentedAbsent.has(s))).toEqual([]);
    const known = new Set<string>(everySetting);
    expect([...documentedAbsent.keys()].filter((s) => !known.has(s))).toEqual([]);
    // An app setting the bot does not read is a typo, except App Service's own deployment switch.
    expect(appSettings.filter((s) => !known.has(s))).toEqual(['SCM_DO_BUILD_DURING_DEPLOYMENT']);
  });

  it('keeps secrets out of app settings: the SSO secret goes only into the OAuth connection, as a secure parameter', () => {
    expect(TEMPLATE.parameters!.ssoAppSecret!.type).toBe('securestring');
    const settingsText = JSON.stringify(at(webApp, 'properties.siteConfig.appSettings'));
    expect(settingsText).not.toMatch(/ssoAppSecret|Password|secret/i);
    const connection = allResources.find((r) => r.type === 'Microsoft.BotService/botServices/connections')!;
    expect(at(connection, 'properties.clientSecret')).toBe("[parameters('ssoAppSecret')]");
    expect(TEMPLATE.outputs && JSON.stringify(TEMPLATE.outputs)).not.toMatch(/ssoAppSecret/);
  });
});
