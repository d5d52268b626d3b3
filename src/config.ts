import { join, resolve } from 'node:path';
import { DISCOVERIES, type Discovery, type WatchScope } from './azure/gateway';
import { ConfigError } from './errors';
import {
  deepFreeze,
  type Env,
  parseBoolean,
  parseChoice,
  parseGuidList,
  parseInteger,
  parseHttpsUrl,
  parsePort,
  parseScopes,
  parseSeconds,
  read,
} from './config/parsers';
import { describeBotFrameworkCloud } from './config/bot-framework-cloud';
import { type BotRegistration, loadBotRegistration } from './config/bot-registration';
import { SANDBOX_SUBSCRIPTION_ID, SANDBOX_TENANT_ID } from './config/sandbox-identities';
import { type AccessSettings, loadAccessSettings } from './config/access-settings';
import { type DatabaseSettings, describeDatabase, loadDatabaseSettings } from './config/database-settings';
import { loadRequestTimerSettings, type RequestTimerSettings } from './config/request-timer-settings';

/**
 * The one validated, typed, frozen configuration of the process. Built from an injected env (index.ts passes
 * process.env after dotenv) so tests never touch the real environment. Every bad value throws ConfigError
 * naming the variable; nothing downstream re-validates.
 */
export type Mode = 'sandbox' | 'azure';
export { APP_TYPES, type AppType, type BotRegistration } from './config/bot-registration';
export type { BotFrameworkCloud, BotFrameworkEndpoints } from './config/bot-framework-cloud';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SandboxSettings {
  readonly armPort: number;
  readonly lroSeconds: number;
  readonly adfSyncSeconds: number;
  /** How long a new managed private endpoint stays Provisioning in the simulator. */
  readonly mpeProvisionSeconds: number;
  /** Items per page of the simulator's list answers (the rest follows through nextLink), 1-1000. */
  readonly pageSize: number;
  /** How far the simulator's Resource Graph may lag behind its ARM view (DISCOVERY=resource-graph). */
  readonly resourceGraphLagSeconds: number;
  /** Where the simulator keeps its world between runs: DATA_DIR/sandbox-world.json. */
  readonly statePath: string;
}

export interface Config {
  readonly mode: Mode;
  readonly http: { readonly host: string; readonly port: number };
  readonly dataDir: string;
  /** SQLite in DATA_DIR, or a shared PostgreSQL (DATABASE_URL, DATABASE_AUTH). */
  readonly database: DatabaseSettings;
  readonly logLevel: LogLevel;
  readonly pollIntervalSeconds: number;
  /** Reminders, escalation and expiry of requests nobody decides (REMIND_AFTER, ESCALATE_AFTER, EXPIRE_AFTER). */
  readonly requestTimers: RequestTimerSettings;
  readonly bot: BotRegistration;
  readonly teams: {
    readonly allowedTenantIds: readonly string[];
    readonly allowedChannelIds: readonly string[];
  };
  /** ACT_AS and what goes with it (the OAuth connection, or the bot's own policy). */
  readonly access: AccessSettings;
  /** armEndpoint undefined = public Azure (the gateway's default); in the sandbox the simulator's URL is used. */
  readonly azure: {
    readonly scopes: readonly WatchScope[];
    /** Where factories are looked up: AZURE_FACTORY_SCOPES, else the servers' subscriptions and resource groups. */
    readonly factoryScopes: readonly WatchScope[];
    readonly armEndpoint: string | undefined;
    /** DISCOVERY: how the watcher finds servers (ARM lists per scope, or one Azure Resource Graph query). */
    readonly discovery: Discovery;
  };
  /** Present exactly when mode is 'sandbox'. */
  readonly sandbox: SandboxSettings | undefined;
}

export interface LoadConfigOptions {
  /** Base for relative paths (DATA_DIR, POLICY_FILE); default the process's working directory. */
  cwd?: string;
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];
/** The Agents Playground sends channelId "msteams" by default, so the sandbox needs no extra channel. */
const TEAMS_CHANNELS = ['msteams'];

export function loadConfig(env: Env, options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const mode = selectMode(env);
  const sandbox = mode === 'sandbox';
  const bot = loadBotRegistration(env, !sandbox);

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
  const factoryScopes = parseScopes('AZURE_FACTORY_SCOPES', read(env, 'AZURE_FACTORY_SCOPES'), 2);
  const armEndpoint = parseHttpsUrl('AZURE_ARM_ENDPOINT', read(env, 'AZURE_ARM_ENDPOINT'));

  let allowedTenantIds = parseGuidList('ALLOWED_TENANT_IDS', read(env, 'ALLOWED_TENANT_IDS'));
  if (allowedTenantIds.length === 0) {
    allowedTenantIds = bot.tenantId ? [bot.tenantId] : sandbox ? [SANDBOX_TENANT_ID] : [];
  }

  const serverScopes = scopes.length > 0 ? scopes : [{ subscriptionId: SANDBOX_SUBSCRIPTION_ID }];
  const armPort = parsePort('SANDBOX_ARM_PORT', read(env, 'SANDBOX_ARM_PORT'), 3979, true);
  const sandboxSettings: SandboxSettings | undefined = sandbox
    ? {
        armPort,
        lroSeconds: parseSeconds('SANDBOX_LRO_SECONDS', read(env, 'SANDBOX_LRO_SECONDS'), 8),
        adfSyncSeconds: parseSeconds('SANDBOX_ADF_SYNC_SECONDS', read(env, 'SANDBOX_ADF_SYNC_SECONDS'), 20),
        mpeProvisionSeconds: parseSeconds(
          'SANDBOX_MPE_PROVISION_SECONDS',
          read(env, 'SANDBOX_MPE_PROVISION_SECONDS'),
          5,
        ),
        pageSize: parsePageSize(read(env, 'SANDBOX_PAGE_SIZE')),
        resourceGraphLagSeconds: parseSeconds(
          'SANDBOX_RESOURCE_GRAPH_LAG_SECONDS',
          read(env, 'SANDBOX_RESOURCE_GRAPH_LAG_SECONDS'),
          0,
        ),
        statePath: join(dataDir, 'sandbox-world.json'),
      }
    : undefined;

  const config: Config = {
    mode,
    http: { host, port: parsePort('PORT', read(env, 'PORT'), 3978, true) },
    dataDir,
    database: loadDatabaseSettings(env, cwd),
    logLevel: parseChoice('LOG_LEVEL', read(env, 'LOG_LEVEL'), LOG_LEVELS, 'info'),
    pollIntervalSeconds: parseSeconds(
      'POLL_INTERVAL_SECONDS',
      read(env, 'POLL_INTERVAL_SECONDS'),
      // 15 s in Azure: a cycle costs a few ARM reads (a paged server list per watched scope), so 4 cycles a minute
      // keep well inside the subscription's read budget (250, refilled 25/s) while a card comes within seconds.
      sandbox ? 5 : 15,
      1,
    ),
    requestTimers: loadRequestTimerSettings(env),
    bot,
    teams: { allowedTenantIds, allowedChannelIds: TEAMS_CHANNELS },
    access: loadAccessSettings(env, sandbox, cwd, bot.appId !== ''),
    azure: {
      scopes: serverScopes,
      factoryScopes: factoryScopes.length > 0 ? factoryScopes : containingScopes(serverScopes),
      armEndpoint: sandbox ? undefined : armEndpoint,
      discovery: parseChoice('DISCOVERY', read(env, 'DISCOVERY'), DISCOVERIES, 'arm'),
    },
    sandbox: sandboxSettings,
  };
  return deepFreeze(config);
}

/** ARM pages lists; the simulator does too, 50 items a page unless told otherwise. */
function parsePageSize(value: string | undefined): number {
  return value === undefined ? 50 : parseInteger('SANDBOX_PAGE_SIZE', value, 1, 1000);
}

/** A factory next to a watched server is found by default: the servers' scopes without the server names. */
function containingScopes(scopes: readonly WatchScope[]): WatchScope[] {
  const unique = new Map<string, WatchScope>();
  for (const { subscriptionId, resourceGroup } of scopes) {
    const scope = resourceGroup ? { subscriptionId, resourceGroup } : { subscriptionId };
    unique.set(`${subscriptionId}/${resourceGroup ?? ''}`.toLowerCase(), scope);
  }
  return [...unique.values()];
}

/** Sandbox when asked for, or when neither a bot registration nor an Azure subscription is configured. */
function selectMode(env: Env): Mode {
  const explicit = parseBoolean('SANDBOX', read(env, 'SANDBOX'));
  if (explicit !== undefined) return explicit ? 'sandbox' : 'azure';
  const configured =
    read(env, 'MicrosoftAppId') !== undefined || read(env, 'AZURE_SUBSCRIPTION_IDS') !== undefined;
  return configured ? 'azure' : 'sandbox';
}

/** What may be logged about the configuration: no secrets. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    mode: config.mode,
    host: config.http.host,
    port: config.http.port,
    dataDir: config.dataDir,
    database: describeDatabase(config.database),
    appId: config.bot.appId || '(none: unauthenticated local sandbox)',
    appType: config.bot.appType,
    botFramework: describeBotFrameworkCloud(config.bot.cloud),
    tenants: config.teams.allowedTenantIds,
    actAs: config.access.actAs,
    oauthConnection: config.access.oauthConnectionName,
    approvers: config.access.approverIds.length,
    policyFile: config.access.policyFile?.path,
    scopes: config.azure.scopes.map(describeScope),
    factoryScopes: config.azure.factoryScopes.map(describeScope),
    armEndpoint:
      config.azure.armEndpoint ?? (config.sandbox ? '(simulator)' : 'https://management.azure.com'),
    pollIntervalSeconds: config.pollIntervalSeconds,
    discovery: config.azure.discovery,
    remindAfter: config.requestTimers.remindAfter?.text ?? 'off',
    escalateAfter: config.requestTimers.escalateAfter?.text ?? 'off',
    expireAfter: config.requestTimers.expireAfter?.text ?? 'off',
  };
}

function describeScope(s: WatchScope): string {
  return [s.subscriptionId, s.resourceGroup, s.serverName].filter(Boolean).join('/');
}
