import { join, resolve } from 'node:path';
import type { WatchScope } from './azure/gateway';
import { ConfigError } from './errors';
import {
  deepFreeze,
  type Env,
  parseBoolean,
  parseChoice,
  parseExistingFile,
  parseGuid,
  parseGuidList,
  parseHttpsUrl,
  parsePort,
  parseScopes,
  parseSeconds,
  read,
} from './config/parsers';
import { SANDBOX_APPROVER_ID, SANDBOX_SUBSCRIPTION_ID, SANDBOX_TENANT_ID } from './config/sandbox-identities';

/**
 * The one validated, typed, frozen configuration of the process. Built from an injected env (index.ts passes
 * process.env after dotenv) so tests never touch the real environment. Every bad value throws ConfigError
 * naming the variable; nothing downstream re-validates.
 */
export type Mode = 'sandbox' | 'azure';
export const APP_TYPES = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface BotRegistration {
  /** Empty only in the sandbox: then the adapter accepts unauthenticated requests (local playground). */
  readonly appId: string;
  /** Named `password` so the logger's redaction catches it should the object ever be logged. */
  readonly password: string;
  readonly appType: AppType;
  readonly tenantId: string | undefined;
}

export interface SandboxSettings {
  readonly armPort: number;
  readonly lroSeconds: number;
  readonly adfSyncSeconds: number;
  /** Where the simulator keeps its world between runs: DATA_DIR/sandbox-world.json. */
  readonly statePath: string;
}

export interface Config {
  readonly mode: Mode;
  readonly http: { readonly host: string; readonly port: number };
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly pollIntervalSeconds: number;
  readonly bot: BotRegistration;
  readonly teams: {
    readonly allowedTenantIds: readonly string[];
    readonly allowedChannelIds: readonly string[];
  };
  readonly approvers: { readonly ids: readonly string[]; readonly file: string | undefined };
  /** armEndpoint undefined = public Azure (the gateway's default); in the sandbox the simulator's URL is used. */
  readonly azure: { readonly scopes: readonly WatchScope[]; readonly armEndpoint: string | undefined };
  /** Present exactly when mode is 'sandbox'. */
  readonly sandbox: SandboxSettings | undefined;
}

export interface LoadConfigOptions {
  /** Base for relative paths (DATA_DIR, APPROVERS_FILE); default the process's working directory. */
  cwd?: string;
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];
/** The Agents Playground sends channelId "msteams" by default, so the sandbox needs no extra channel. */
const TEAMS_CHANNELS = ['msteams'];

export function loadConfig(env: Env, options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const mode = selectMode(env);
  const sandbox = mode === 'sandbox';
  const bot = loadBotRegistration(env, mode);

  const host = read(env, 'HOST') ?? (sandbox ? '127.0.0.1' : '0.0.0.0');
  if (sandbox && bot.appId === '' && !LOOPBACK_HOSTS.includes(host)) {
    throw new ConfigError(
      'HOST',
      `must be a loopback address in the sandbox without MicrosoftAppId (got ${host}): requests are not authenticated`,
    );
  }
  const dataDir = resolve(cwd, read(env, 'DATA_DIR') ?? './data');

  const scopes = parseScopes('AZURE_SUBSCRIPTION_IDS', read(env, 'AZURE_SUBSCRIPTION_IDS'));
  if (!sandbox && scopes.length === 0) {
    throw new ConfigError(
      'AZURE_SUBSCRIPTION_IDS',
      'is required outside the sandbox: name the subscription(s) whose servers the bot watches',
    );
  }
  const armEndpoint = parseHttpsUrl('AZURE_ARM_ENDPOINT', read(env, 'AZURE_ARM_ENDPOINT'));

  let allowedTenantIds = parseGuidList('ALLOWED_TENANT_IDS', read(env, 'ALLOWED_TENANT_IDS'));
  if (allowedTenantIds.length === 0) {
    allowedTenantIds = bot.tenantId ? [bot.tenantId] : sandbox ? [SANDBOX_TENANT_ID] : [];
  }
  if (allowedTenantIds.length === 0) {
    throw new ConfigError(
      'ALLOWED_TENANT_IDS',
      'is required when MicrosoftAppTenantId is not set (MultiTenant): otherwise no tenant could use the bot',
    );
  }

  const approverIds = parseGuidList('APPROVER_IDS', read(env, 'APPROVER_IDS'));
  const armPort = parsePort('SANDBOX_ARM_PORT', read(env, 'SANDBOX_ARM_PORT'), 3979, true);
  const sandboxSettings: SandboxSettings | undefined = sandbox
    ? {
        armPort,
        lroSeconds: parseSeconds('SANDBOX_LRO_SECONDS', read(env, 'SANDBOX_LRO_SECONDS'), 8),
        adfSyncSeconds: parseSeconds('SANDBOX_ADF_SYNC_SECONDS', read(env, 'SANDBOX_ADF_SYNC_SECONDS'), 20),
        statePath: join(dataDir, 'sandbox-world.json'),
      }
    : undefined;

  const config: Config = {
    mode,
    http: { host, port: parsePort('PORT', read(env, 'PORT'), 3978, true) },
    dataDir,
    logLevel: parseChoice('LOG_LEVEL', read(env, 'LOG_LEVEL'), LOG_LEVELS, 'info'),
    pollIntervalSeconds: parseSeconds(
      'POLL_INTERVAL_SECONDS',
      read(env, 'POLL_INTERVAL_SECONDS'),
      sandbox ? 5 : 60,
      1,
    ),
    bot,
    teams: { allowedTenantIds, allowedChannelIds: TEAMS_CHANNELS },
    approvers: {
      ids: approverIds.length > 0 || !sandbox ? approverIds : [SANDBOX_APPROVER_ID],
      file: parseExistingFile('APPROVERS_FILE', read(env, 'APPROVERS_FILE'), cwd),
    },
    azure: {
      scopes: scopes.length > 0 ? scopes : [{ subscriptionId: SANDBOX_SUBSCRIPTION_ID }],
      armEndpoint: sandbox ? undefined : armEndpoint,
    },
    sandbox: sandboxSettings,
  };
  return deepFreeze(config);
}

/** Sandbox when asked for, or when neither a bot registration nor an Azure subscription is configured. */
function selectMode(env: Env): Mode {
  const explicit = parseBoolean('SANDBOX', read(env, 'SANDBOX'));
  if (explicit !== undefined) return explicit ? 'sandbox' : 'azure';
  const configured =
    read(env, 'MicrosoftAppId') !== undefined || read(env, 'AZURE_SUBSCRIPTION_IDS') !== undefined;
  return configured ? 'azure' : 'sandbox';
}

function loadBotRegistration(env: Env, mode: Mode): BotRegistration {
  const rawAppId = read(env, 'MicrosoftAppId');
  if (rawAppId === undefined) {
    if (mode === 'azure') {
      throw new ConfigError(
        'MicrosoftAppId',
        'is empty outside the sandbox. An empty app id turns off authentication of every request to /api/messages, ' +
          'so anyone could talk to the bot as anyone. Set the app id of the bot registration, or run the local ' +
          'sandbox (SANDBOX=true, no AZURE_SUBSCRIPTION_IDS).',
      );
    }
    return { appId: '', password: '', appType: 'SingleTenant', tenantId: undefined };
  }
  const appId = parseGuid('MicrosoftAppId', rawAppId);
  const appType = parseChoice('MicrosoftAppType', read(env, 'MicrosoftAppType'), APP_TYPES, 'SingleTenant');
  const rawTenant = read(env, 'MicrosoftAppTenantId');
  const tenantId = rawTenant === undefined ? undefined : parseGuid('MicrosoftAppTenantId', rawTenant);
  if (tenantId === undefined && appType !== 'MultiTenant') {
    throw new ConfigError('MicrosoftAppTenantId', `is required with MicrosoftAppType=${appType}`);
  }
  // Kept raw (not trimmed): a secret is used exactly as given.
  const password = env['MicrosoftAppPassword'] ?? '';
  if (password.trim() === '' && appType !== 'UserAssignedMSI') {
    throw new ConfigError(
      'MicrosoftAppPassword',
      `is required with MicrosoftAppType=${appType} (only UserAssignedMSI needs none)`,
    );
  }
  return { appId, password: appType === 'UserAssignedMSI' ? '' : password, appType, tenantId };
}

/** What may be logged about the configuration: no secrets. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    mode: config.mode,
    host: config.http.host,
    port: config.http.port,
    dataDir: config.dataDir,
    appId: config.bot.appId || '(none: unauthenticated local sandbox)',
    appType: config.bot.appType,
    tenants: config.teams.allowedTenantIds,
    approvers: config.approvers.ids.length,
    approversFile: config.approvers.file,
    scopes: config.azure.scopes.map((s) =>
      [s.subscriptionId, s.resourceGroup, s.serverName].filter(Boolean).join('/'),
    ),
    armEndpoint:
      config.azure.armEndpoint ?? (config.sandbox ? '(simulator)' : 'https://management.azure.com'),
    pollIntervalSeconds: config.pollIntervalSeconds,
  };
}
