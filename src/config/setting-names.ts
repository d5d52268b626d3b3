/**
 * Every environment variable the bot's configuration reads, in one list. `read()` takes only these names, so a
 * setting cannot be read without being listed here; the deployment template test (test/unit/deploy/) and the
 * .env.sample test read this list, so a new setting fails them until it is given in deploy/azuredeploy.json or
 * documented there as deliberately absent (deploy/README.md), and described in .env.sample.
 */
export const SETTING_NAMES = [
  // Mode and HTTP
  'SANDBOX',
  'PORT',
  'HOST',
  'DATA_DIR',
  'LOG_LEVEL',
  'POLL_INTERVAL_SECONDS',
  // Requests nobody decides
  'REMIND_AFTER',
  'ESCALATE_AFTER',
  'EXPIRE_AFTER',
  // Sandbox only
  'SANDBOX_ARM_PORT',
  'SANDBOX_LRO_SECONDS',
  'SANDBOX_ADF_SYNC_SECONDS',
  'SANDBOX_MPE_PROVISION_SECONDS',
  'SANDBOX_PAGE_SIZE',
  'SANDBOX_RESOURCE_GRAPH_LAG_SECONDS',
  'SANDBOX_SIGN_IN',
  // Bot registration (botbuilder's names)
  'MicrosoftAppId',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'MicrosoftAppPassword',
  // Bot Framework cloud (botbuilder's names)
  'ChannelService',
  'ValidateAuthority',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'OAuthUrl',
  'CallerId',
  // Azure
  'AZURE_SUBSCRIPTION_IDS',
  'AZURE_FACTORY_SCOPES',
  'DISCOVERY',
  'AZURE_ARM_ENDPOINT',
  'ALLOWED_TENANT_IDS',
  // Who acts
  'ACT_AS',
  'OAUTH_CONNECTION_NAME',
  'APPROVER_IDS',
  'REQUESTER_IDS',
  'POLICY_FILE',
  'APPROVERS_FILE',
  // The store
  'DATABASE_URL',
  'DATABASE_AUTH',
  'DATABASE_CA_FILE',
] as const;

export type SettingName = (typeof SETTING_NAMES)[number];

/**
 * Read by @azure/identity itself (DefaultAzureCredential), never by the bot's config, yet the deployment must give
 * them: without AZURE_CLIENT_ID the credential asks for a system-assigned identity, and without
 * AZURE_TOKEN_CREDENTIALS it may fall back to whatever other credential the host offers (docs/deployment.md).
 */
export const IDENTITY_LIBRARY_SETTINGS = ['AZURE_CLIENT_ID', 'AZURE_TOKEN_CREDENTIALS'] as const;
