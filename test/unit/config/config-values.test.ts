import { describeConfig, loadConfig } from '../../../src/config';
import { ConfigError } from '../../../src/errors';

const AZURE_ENV = {
  MicrosoftAppId: 'aaaaaaaa-0000-4000-8000-000000000001',
  MicrosoftAppPassword: 'p@ss-not-real',
  MicrosoftAppTenantId: 'bbbbbbbb-0000-4000-8000-000000000002',
  AZURE_SUBSCRIPTION_IDS: 'cccccccc-0000-4000-8000-000000000003',
  OAUTH_CONNECTION_NAME: 'arm-user-impersonation',
};
const SUB = 'cccccccc-0000-4000-8000-000000000003';
const SUB2 = 'eeeeeeee-0000-4000-8000-000000000005';

function variableOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // Every message starts with the variable's name, so the operator knows what to fix.
      expect(error.message.startsWith(`${error.variable}: `)).toBe(true);
      return error.variable;
    }
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('bad values stop start-up, naming the variable', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '3978.5'],
    ['SANDBOX_ARM_PORT', '65536'],
    ['SANDBOX_ARM_PORT', 'x'],
    ['POLL_INTERVAL_SECONDS', '0'],
    ['POLL_INTERVAL_SECONDS', 'soon'],
    ['SANDBOX_LRO_SECONDS', '-1'],
    ['SANDBOX_ADF_SYNC_SECONDS', '-0.5'],
    ['SANDBOX_ADF_SYNC_SECONDS', '1e3'],
    ['SANDBOX_MPE_PROVISION_SECONDS', '-2'],
    ['SANDBOX_PAGE_SIZE', '0'],
    ['SANDBOX_PAGE_SIZE', '1001'],
    ['SANDBOX_PAGE_SIZE', '2.5'],
    ['LOG_LEVEL', 'verbose'],
    ['SANDBOX', 'maybe'],
    ['APPROVER_IDS', '33333333-3333-3333-3333-33333333333'],
    ['APPROVER_IDS', '33333333-3333-3333-3333-333333333333,avery'],
    ['ALLOWED_TENANT_IDS', 'contoso.onmicrosoft.com'],
    ['AZURE_SUBSCRIPTION_IDS', 'not-a-guid'],
    ['AZURE_SUBSCRIPTION_IDS', `${SUB}/rg/server/extra`],
    ['AZURE_SUBSCRIPTION_IDS', `${SUB}//pg-orders`],
    ['AZURE_SUBSCRIPTION_IDS', `${SUB}/rg-analytics/PG_Orders`],
  ])('%s=%s (sandbox)', (variable, value) => {
    // SANDBOX=true: a subscription alone would otherwise select azure mode and ask for MicrosoftAppId first.
    expect(variableOf({ SANDBOX: variable === 'SANDBOX' ? value : 'true', [variable]: value })).toBe(
      variable,
    );
  });

  it.each([
    ['MicrosoftAppId', 'my-bot'],
    ['MicrosoftAppTenantId', 'contoso'],
    ['MicrosoftAppType', 'ManagedIdentity'],
    ['AZURE_ARM_ENDPOINT', 'http://management.example.com'],
    ['AZURE_ARM_ENDPOINT', 'management.usgovcloudapi.net'],
    ['AZURE_SUBSCRIPTION_IDS', `${SUB},nope`],
    ['AZURE_FACTORY_SCOPES', `${SUB}/rg-analytics/adf-contoso`],
    ['AZURE_FACTORY_SCOPES', 'rg-analytics'],
  ])('%s=%s (azure)', (variable, value) => {
    expect(variableOf({ ...AZURE_ENV, [variable]: value })).toBe(variable);
  });
});

describe('good values', () => {
  it('parses AZURE_SUBSCRIPTION_IDS with resource-group and server filters', () => {
    const config = loadConfig({
      ...AZURE_ENV,
      AZURE_SUBSCRIPTION_IDS: ` ${SUB}/rg-analytics/pg-orders , ${SUB2}/rg-data ,${SUB.toUpperCase()}`,
    });
    expect(config.azure.scopes).toEqual([
      { subscriptionId: SUB, resourceGroup: 'rg-analytics', serverName: 'pg-orders' },
      { subscriptionId: SUB2, resourceGroup: 'rg-data' },
      { subscriptionId: SUB },
    ]);
  });

  it("looks for factories in the servers' subscriptions and resource groups unless AZURE_FACTORY_SCOPES says where", () => {
    const servers = `${SUB}/rg-db/pg-orders,${SUB}/rg-db/pg-sales,${SUB2}`;
    expect(loadConfig({ ...AZURE_ENV, AZURE_SUBSCRIPTION_IDS: servers }).azure.factoryScopes).toEqual([
      { subscriptionId: SUB, resourceGroup: 'rg-db' },
      { subscriptionId: SUB2 },
    ]);
    const elsewhere = loadConfig({
      ...AZURE_ENV,
      AZURE_SUBSCRIPTION_IDS: servers,
      AZURE_FACTORY_SCOPES: `${SUB2}/rg-analytics`,
    });
    expect(elsewhere.azure.factoryScopes).toEqual([{ subscriptionId: SUB2, resourceGroup: 'rg-analytics' }]);
  });

  it('accepts an https ARM endpoint for sovereign clouds, without trailing slash', () => {
    const config = loadConfig({ ...AZURE_ENV, AZURE_ARM_ENDPOINT: 'https://management.usgovcloudapi.net/' });
    expect(config.azure.armEndpoint).toBe('https://management.usgovcloudapi.net');
  });

  it('reads ports, seconds, levels, and de-duplicates id lists', () => {
    const config = loadConfig({
      ACT_AS: 'bot',
      PORT: '0',
      SANDBOX_ARM_PORT: '0',
      POLL_INTERVAL_SECONDS: '2.5',
      SANDBOX_LRO_SECONDS: '0',
      SANDBOX_ADF_SYNC_SECONDS: '1',
      SANDBOX_MPE_PROVISION_SECONDS: '0.5',
      SANDBOX_PAGE_SIZE: '7',
      LOG_LEVEL: 'DEBUG',
      DATA_DIR: '/tmp/pl-bot',
      APPROVER_IDS:
        '33333333-3333-3333-3333-333333333333, 33333333-3333-3333-3333-333333333333,44444444-4444-4444-4444-444444444444',
    });
    expect(config.http.port).toBe(0);
    expect(config.sandbox).toMatchObject({
      armPort: 0,
      lroSeconds: 0,
      adfSyncSeconds: 1,
      mpeProvisionSeconds: 0.5,
      pageSize: 7,
      statePath: '/tmp/pl-bot/sandbox-world.json',
    });
    expect(config.pollIntervalSeconds).toBe(2.5);
    expect(config.logLevel).toBe('debug');
    expect(config.access.approverIds).toEqual([
      '33333333-3333-3333-3333-333333333333',
      '44444444-4444-4444-4444-444444444444',
    ]);
  });

  it('describes itself for the log without the password', () => {
    const config = loadConfig(AZURE_ENV);
    const text = JSON.stringify(describeConfig(config));
    expect(text).not.toContain(AZURE_ENV.MicrosoftAppPassword);
    expect(text).toContain(AZURE_ENV.MicrosoftAppId);
  });
});
