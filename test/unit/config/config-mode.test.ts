import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config';
import { ConfigError } from '../../../src/errors';

const AZURE_ENV = {
  MicrosoftAppId: 'aaaaaaaa-0000-4000-8000-000000000001',
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppTenantId: 'bbbbbbbb-0000-4000-8000-000000000002',
  AZURE_SUBSCRIPTION_IDS: 'cccccccc-0000-4000-8000-000000000003',
  OAUTH_CONNECTION_NAME: 'arm-user-impersonation',
};

function omit<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('mode selection', () => {
  it('is the sandbox with an empty environment, with the sandbox defaults', () => {
    const config = loadConfig({}, { cwd: '/srv/bot' });
    expect(config.mode).toBe('sandbox');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3978 });
    expect(config.dataDir).toBe('/srv/bot/data');
    expect(config.pollIntervalSeconds).toBe(5);
    expect(config.logLevel).toBe('info');
    expect(config.bot.appId).toBe('');
    expect(config.azure.scopes).toEqual([{ subscriptionId: '11111111-1111-1111-1111-111111111111' }]);
    expect(config.azure.armEndpoint).toBeUndefined();
    expect(config.teams.allowedTenantIds).toEqual(['22222222-2222-2222-2222-222222222222']);
    expect(config.teams.allowedChannelIds).toEqual(['msteams']);
    // The sandbox acts as the person too: its token service signs the playground's people in.
    expect(config.access).toMatchObject({
      actAs: 'user',
      oauthConnectionName: 'sandbox-arm',
      approverIds: [],
    });
    expect(config.sandbox).toEqual({
      armPort: 3979,
      lroSeconds: 8,
      adfSyncSeconds: 20,
      mpeProvisionSeconds: 5,
      pageSize: 50,
      resourceGraphLagSeconds: 0,
      statePath: '/srv/bot/data/sandbox-world.json',
    });
  });

  it('treats blank values (KEY= in .env) as unset', () => {
    const config = loadConfig({ MicrosoftAppId: '', AZURE_SUBSCRIPTION_IDS: '  ', PORT: '' });
    expect(config.mode).toBe('sandbox');
    expect(config.http.port).toBe(3978);
  });

  it('is azure with a bot registration and a subscription, with the azure defaults', () => {
    const config = loadConfig(AZURE_ENV, { cwd: '/srv/bot' });
    expect(config.mode).toBe('azure');
    expect(config.sandbox).toBeUndefined();
    expect(config.http).toEqual({ host: '0.0.0.0', port: 3978 });
    expect(config.pollIntervalSeconds).toBe(15);
    expect(config.bot).toEqual({
      appId: AZURE_ENV.MicrosoftAppId,
      password: AZURE_ENV.MicrosoftAppPassword,
      appType: 'SingleTenant',
      tenantId: AZURE_ENV.MicrosoftAppTenantId,
      cloud: { channelService: undefined, validateAuthority: true, endpoints: undefined }, // public cloud
    });
    expect(config.teams.allowedTenantIds).toEqual([AZURE_ENV.MicrosoftAppTenantId]);
    expect(config.access.approverIds).toEqual([]);
    expect(config.azure.armEndpoint).toBeUndefined();
  });

  it('honours SANDBOX=true even with Azure settings present, and keeps their scope', () => {
    const config = loadConfig({
      SANDBOX: 'true',
      AZURE_SUBSCRIPTION_IDS: '11111111-1111-1111-1111-111111111111/rg-analytics',
    });
    expect(config.mode).toBe('sandbox');
    expect(config.azure.scopes).toEqual([
      { subscriptionId: '11111111-1111-1111-1111-111111111111', resourceGroup: 'rg-analytics' },
    ]);
  });

  it('refuses an empty MicrosoftAppId outside the sandbox, naming the variable and why', () => {
    const error = configError(() => loadConfig({ AZURE_SUBSCRIPTION_IDS: AZURE_ENV.AZURE_SUBSCRIPTION_IDS }));
    expect(error.variable).toBe('MicrosoftAppId');
    expect(error.message).toMatch(/^MicrosoftAppId: /);
    expect(error.message).toMatch(/authentication/);
    expect(configError(() => loadConfig({ SANDBOX: 'false' })).variable).toBe('MicrosoftAppId');
  });

  it('requires AZURE_SUBSCRIPTION_IDS outside the sandbox', () => {
    const env = omit(AZURE_ENV, 'AZURE_SUBSCRIPTION_IDS');
    expect(configError(() => loadConfig(env)).variable).toBe('AZURE_SUBSCRIPTION_IDS');
  });

  it('keeps the sandbox on loopback while requests are unauthenticated', () => {
    expect(configError(() => loadConfig({ HOST: '0.0.0.0' })).variable).toBe('HOST');
    expect(loadConfig({ HOST: 'localhost' }).http.host).toBe('localhost');
    expect(loadConfig({ ...AZURE_ENV, HOST: '10.0.0.4' }).http.host).toBe('10.0.0.4');
  });
});

describe('bot registration', () => {
  it('needs MicrosoftAppTenantId for SingleTenant and UserAssignedMSI', () => {
    const env = omit(AZURE_ENV, 'MicrosoftAppTenantId');
    expect(configError(() => loadConfig(env)).variable).toBe('MicrosoftAppTenantId');
    expect(configError(() => loadConfig({ ...env, MicrosoftAppType: 'UserAssignedMSI' })).variable).toBe(
      'MicrosoftAppTenantId',
    );
  });

  it('refuses MultiTenant, which Azure Bot Service no longer creates, and says what to use instead', () => {
    for (const value of ['MultiTenant', 'multitenant']) {
      const error = configError(() => loadConfig({ ...AZURE_ENV, MicrosoftAppType: value }));
      expect(error.variable).toBe('MicrosoftAppType');
      expect(error.message).toMatch(/31 July 2025/);
      expect(error.message).toMatch(/SingleTenant .*UserAssignedMSI/);
    }
  });

  it('needs MicrosoftAppPassword except for UserAssignedMSI, and drops it there', () => {
    const env = omit(AZURE_ENV, 'MicrosoftAppPassword');
    expect(configError(() => loadConfig(env)).variable).toBe('MicrosoftAppPassword');
    const msi = loadConfig({ ...AZURE_ENV, MicrosoftAppType: 'userassignedmsi' });
    expect(msi.bot.appType).toBe('UserAssignedMSI');
    expect(msi.bot.password).toBe('');
  });

  it('normalises GUIDs to lower case', () => {
    const config = loadConfig({ ...AZURE_ENV, MicrosoftAppId: AZURE_ENV.MicrosoftAppId.toUpperCase() });
    expect(config.bot.appId).toBe(AZURE_ENV.MicrosoftAppId);
  });
});

describe('the Config object', () => {
  it('is deeply frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(Object.isFrozen(config.azure.scopes)).toBe(true);
    expect(Object.isFrozen(config.azure.scopes[0])).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('carries an existing APPROVERS_FILE as an absolute path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'approvers.json'), '{}');
    const bot = { ACT_AS: 'bot' };
    expect(
      loadConfig({ ...bot, APPROVERS_FILE: 'approvers.json' }, { cwd: dir }).access.policyFile?.path,
    ).toBe(join(dir, 'approvers.json'));
    expect(
      configError(() => loadConfig({ ...bot, APPROVERS_FILE: 'missing.json' }, { cwd: dir })).variable,
    ).toBe('APPROVERS_FILE');
  });

  it('never reads process.env', () => {
    process.env['PORT'] = '4999';
    try {
      expect(loadConfig({}).http.port).toBe(3978);
    } finally {
      delete process.env['PORT'];
    }
  });
});
