import type { BotFrameworkCloud } from '../../../src/config';

/** A user-assigned managed identity registration in azure mode. */
export const MSI_ENV = {
  MicrosoftAppId: 'aaaaaaaa-0000-4000-8000-000000000001',
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppTenantId: 'bbbbbbbb-0000-4000-8000-000000000002',
  AZURE_SUBSCRIPTION_IDS: 'cccccccc-0000-4000-8000-000000000003',
  OAUTH_CONNECTION_NAME: 'arm-user-impersonation',
};

export const PUBLIC_CLOUD: BotFrameworkCloud = {
  channelService: undefined,
  validateAuthority: true,
  endpoints: undefined,
};

/**
 * The Office 365 GCC High settings as Microsoft documents them for JavaScript bots ("Configure Bot Framework bots
 * for US Government customers", learn.microsoft.com/azure/bot-service/how-to-deploy-gov-cloud-high), plus
 * CallerId, which that page leaves out: botbuilder's own US Government value (CallerIdConstants.USGovChannel).
 */
export const GCC_HIGH = {
  ChannelService: 'https://botframework.azure.us',
  OAuthUrl: 'https://tokengcch.botframework.azure.us/',
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
  ToChannelFromBotOAuthScope: 'https://api.botframework.us',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.us',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl:
    'https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0/.well-known/openid-configuration',
  ValidateAuthority: 'true',
  CallerId: 'urn:botframework:azureusgov',
};

/** The DoD environment: the same page; only OAuthUrl differs from GCC High. */
export const DOD = { ...GCC_HIGH, OAuthUrl: 'https://apiDoD.botframework.azure.us' };
