import { ConfigError } from '../errors';
import { type BotFrameworkCloud, loadBotFrameworkCloud } from './bot-framework-cloud';
import { type Env, parseChoice, parseGuid, read } from './parsers';
import type { SettingName } from './setting-names';

/**
 * The registrations Azure Bot Service still creates. MultiTenant is not among them: new multi-tenant bot
 * registrations cannot be created since 31 July 2025 (docs/deployment.md, "Choose the bot's identity"), and this
 * bot serves one organization's tenant anyway; a MultiTenant value is refused with that reason.
 */
export const APP_TYPES = ['SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];

/** The bot's Azure Bot Service registration and the Bot Framework cloud it lives in. */
export interface BotRegistration {
  /** Empty only in the sandbox: then the adapter accepts unauthenticated requests (local playground). */
  readonly appId: string;
  /** Named `password` so the logger's redaction catches it should the object ever be logged. */
  readonly password: string;
  readonly appType: AppType;
  readonly tenantId: string | undefined;
  /** botbuilder's cloud settings (ChannelService, OpenID metadata, token issuer, ...); used with an app id only. */
  readonly cloud: BotFrameworkCloud;
}

/** `required`: outside the sandbox, where an empty app id would turn off authentication. */
export function loadBotRegistration(env: Env, required: boolean): BotRegistration {
  const cloud = loadBotFrameworkCloud(env);
  const rawAppId = read(env, 'MicrosoftAppId');
  if (rawAppId === undefined) {
    if (required) {
      throw new ConfigError(
        'MicrosoftAppId',
        'is empty outside the sandbox. An empty app id turns off authentication of every request to /api/messages, ' +
          'so anyone could talk to the bot as anyone. Set the app id of the bot registration, or run the local ' +
          'sandbox (SANDBOX=true, no AZURE_SUBSCRIPTION_IDS).',
      );
    }
    return { appId: '', password: '', appType: 'SingleTenant', tenantId: undefined, cloud };
  }
  const appId = parseGuid('MicrosoftAppId', rawAppId);
  const rawType = read(env, 'MicrosoftAppType');
  if (rawType?.toLowerCase() === 'multitenant') {
    throw new ConfigError(
      'MicrosoftAppType',
      'MultiTenant is not supported: Azure Bot Service no longer creates multi-tenant registrations (since ' +
        '31 July 2025). Use SingleTenant (an app registration in your tenant) or UserAssignedMSI.',
    );
  }
  const appType = parseChoice('MicrosoftAppType', rawType, APP_TYPES, 'SingleTenant');
  const rawTenant = read(env, 'MicrosoftAppTenantId');
  if (rawTenant === undefined) {
    throw new ConfigError('MicrosoftAppTenantId', `is required with MicrosoftAppType=${appType}`);
  }
  const tenantId = parseGuid('MicrosoftAppTenantId', rawTenant);
  // Kept raw (not trimmed): a secret is used exactly as given.
  const password = env['MicrosoftAppPassword' satisfies SettingName] ?? '';
  if (password.trim() === '' && appType !== 'UserAssignedMSI') {
    throw new ConfigError(
      'MicrosoftAppPassword',
      `is required with MicrosoftAppType=${appType} (only UserAssignedMSI needs none)`,
    );
  }
  return { appId, password: appType === 'UserAssignedMSI' ? '' : password, appType, tenantId, cloud };
}
