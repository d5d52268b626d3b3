import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificate } from '../../../src/sandbox/certificate';
import { SANDBOX_BOT_PRINCIPAL, SANDBOX_ENTRA_TENANT_ID } from '../../../src/sandbox/entra/directory';
import { FakeTeamsConnector } from '../fake-teams-connector';
import { type Child, freePort } from '../processes';
import { SandboxEntra } from '../../../src/sandbox/entra/sandbox-entra';
import { startTokenService, type RunningTokenService } from '../../../src/sandbox/token-service';
import { BotFrameworkLogin, TEAMS_ISSUER } from './bot-framework-login';
import { startBotProcess } from './bot-process';
import { buildProject } from './build';
import { ManagedIdentityEndpoint } from './managed-identity-endpoint';
import { type SimulatorProcess, startSimulatorProcess } from './simulator-process';

/**
 * The bot's user-assigned managed identity: its Microsoft App ID and its identity for ARM. It is the service
 * principal the simulator's seeded role assignments know (the deploy/roles custom roles on the subscription), so
 * ARM's RBAC decides on the bot's calls as it would in Azure.
 */
export const APP_ID = SANDBOX_BOT_PRINCIPAL.appId;
/** The tenant of the registration, of the Teams fixtures, and of the simulated subscription. */
export const TENANT = SANDBOX_ENTRA_TENANT_ID;
export const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
export const APPROVER_OBJECT_ID = '33333333-3333-3333-3333-333333333333';
/** The Azure Bot's OAuth connection (scope ARM user_impersonation) the token service keeps sign-ins for. */
export const OAUTH_CONNECTION = 'arm';
/** ToChannelFromBotOAuthScope: the audience of the bot's tokens for the Bot Connector (public cloud value). */
export const BOT_CONNECTOR_AUDIENCE = 'https://api.botframework.com';

/**
 * Everything the bot talks to in azure mode, on loopback, over the real protocols, with the bot itself built and
 * started as production starts it (`start:prod`, SANDBOX=false):
 * - Bot Framework login: OpenID metadata + JWKS over HTTPS (ToBotFromChannelOpenIdMetadataUrl and the Emulator's);
 * - the App Service managed identity endpoint (IDENTITY_ENDPOINT/IDENTITY_HEADER): tokens for Bot Connector and ARM;
 * - the Bot Connector at the activities' serviceUrl, over HTTPS, refusing calls without the identity's token;
 * - the Bot Framework token service at OAuthUrl, over HTTPS (the sandbox's stand-in): it keeps people's sign-ins
 *   and hands the bot their delegated ARM tokens (ACT_AS=user), and answers only the bot's own Bot Framework token
 *   (issued by the managed identity endpoint);
 * - ARM: the simulator, out of process, over HTTPS, verifying the identity's tokens and its role assignments.
 * The bot trusts the three self-signed certificates (stand-ins, token service, simulator) only through
 * NODE_EXTRA_CA_CERTS.
 */
export interface ProductionWorldOptions {
  /** Added to the bot's environment (e.g. DATABASE_URL for a shared store). */
  botEnv?: NodeJS.ProcessEnv;
  /** The simulated Azure's approval duration (default 1 s). */
  lroSeconds?: number;
  /** More options for the simulator process (the scale bench gives it a prepared world with --state). */
  simulatorArgs?: readonly string[];
  /** Run `npm run build` first (default true; the scale bench builds once for several worlds). */
  build?: boolean;
}

export class ProductionWorld {
  constructor(private readonly options: ProductionWorldOptions = {}) {}

  readonly dir = mkdtempSync(join(tmpdir(), 'pl-bot-prod-'));
  readonly identity = new ManagedIdentityEndpoint({
    clientId: APP_ID,
    objectId: SANDBOX_BOT_PRINCIPAL.objectId,
    tenantId: TENANT,
    resourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-plbot/providers/Microsoft.ManagedIdentity/userAssignedIdentities/plbot-identity`,
  });
  login!: BotFrameworkLogin;
  connector!: FakeTeamsConnector;
  tokenService!: RunningTokenService;
  /** Microsoft Entra ID for people: signs the delegated ARM tokens the token service hands out. */
  readonly people = new SandboxEntra();
  simulator!: SimulatorProcess;
  bot!: Child;
  /** The certificate the HTTPS stand-ins serve (PEM): for the test's own requests to them. */
  standInCertificate = '';
  botUrl = '';
  buildMs = 0;
  startMs = 0;
  /** From spawning the (last started) bot process to its "app started" line. */
  botStartMs = 0;

  async start(): Promise<this> {
    if (this.options.build !== false) this.buildMs = await buildProject(240_000);
    const started = Date.now();
    const tls = await createCertificate();
    this.standInCertificate = tls.cert;
    this.login = new BotFrameworkLogin(tls);
    this.connector = new FakeTeamsConnector({ tls, authorize: (header) => this.checkConnectorCall(header) });
    await Promise.all([this.identity.server.start(), this.login.server.start(), this.connector.start()]);
    this.tokenService = await startTokenService({
      entra: this.people,
      signIn: 'silent',
      connectionName: OAUTH_CONNECTION,
      appId: APP_ID,
      tls: true,
      // The bot authenticates to the token service with what its managed identity got for the Bot Framework.
      callerKeys: this.identity.jwks.keys as never,
    });
    // ARM trusts Entra ID's signing keys: the identity endpoint's (the bot) and the one people's tokens carry.
    const jwks = join(this.dir, 'entra-jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [...this.identity.jwks.keys, ...this.people.publicKeys()] }));
    this.simulator = await startSimulatorProcess(
      this.dir,
      jwks,
      baseEnv(),
      this.options.lroSeconds,
      this.options.simulatorArgs,
    );
    this.caBundle = this.trustedCertificates(tls.cert);
    ({ child: this.bot, url: this.botUrl } = await this.startBot());
    this.startMs = Date.now() - started;
    return this;
  }

  async stop(): Promise<void> {
    await this.bot?.stop();
    await this.simulator?.child.stop();
    await Promise.all([
      this.identity.server.stop(),
      this.login?.server.stop(),
      this.connector?.stop(),
      this.tokenService?.close(),
    ]);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private caBundle = '';

  /** One more bot process, configured like the first (several instances on one shared store), plus `env`. */
  async startBot(env: NodeJS.ProcessEnv = {}): Promise<{ child: Child; url: string }> {
    const port = await freePort();
    const spawned = performance.now();
    const child = await startBotProcess(this.dir, { ...this.botEnv(port, this.caBundle), ...env });
    this.botStartMs = performance.now() - spawned;
    return { child, url: `http://127.0.0.1:${port}` };
  }

  /** The Bot Connector's check: a bearer token the managed identity issued for the Bot Framework, for this bot. */
  private checkConnectorCall(authorization: string | undefined): string | undefined {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) return 'no bearer token';
    const result = this.identity.verify(token, BOT_CONNECTOR_AUDIENCE);
    return 'refused' in result ? result.refused : undefined;
  }

  /** One PEM file with every certificate the bot must trust: the stand-ins' and the simulator's. */
  private trustedCertificates(standInCert: string): string {
    const path = join(this.dir, 'trusted-ca.pem');
    const pems = [standInCert, this.simulator.caPem, this.tokenService.caPem ?? ''];
    writeFileSync(path, pems.map((p) => `${p.trim()}\n`).join(''));
    return path;
  }

  /** The bot's environment (a bare bot measured beside it gets the same registration and endpoints). */
  botEnv(port: number, caBundle = this.caBundle): NodeJS.ProcessEnv {
    return {
      ...baseEnv(),
      NODE_EXTRA_CA_CERTS: caBundle,
      SANDBOX: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: join(this.dir, 'data'),
      POLL_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'debug', // the most the bot logs: the secret check reads all of it
      // The registration: the user-assigned managed identity.
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      // ACT_AS=user (the default): every write for someone is made with their token, from this OAuth connection.
      OAUTH_CONNECTION_NAME: OAUTH_CONNECTION,
      // Azure: the simulator's subscription, through the managed identity only.
      AZURE_SUBSCRIPTION_IDS: SUBSCRIPTION,
      AZURE_ARM_ENDPOINT: this.simulator.url,
      AZURE_CLIENT_ID: APP_ID,
      AZURE_TOKEN_CREDENTIALS: 'ManagedIdentityCredential',
      IDENTITY_ENDPOINT: this.identity.endpoint,
      IDENTITY_HEADER: this.identity.secret,
      // The Bot Framework cloud: all seven endpoint settings, pointed at the stand-ins.
      ValidateAuthority: 'true',
      ToChannelFromBotLoginUrl: `${this.login.server.url}/botframework.com`, // unused by a managed identity
      ToChannelFromBotOAuthScope: BOT_CONNECTOR_AUDIENCE,
      ToBotFromChannelTokenIssuer: TEAMS_ISSUER,
      ToBotFromChannelOpenIdMetadataUrl: this.login.channelMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: this.login.emulatorMetadataUrl,
      OAuthUrl: this.tokenService.url,
      CallerId: 'urn:botframework:azure',
      ...this.options.botEnv,
    };
  }
}

/**
 * Only what a process needs to run: nothing from the developer's shell (AZURE_*, proxies, Microsoft* settings,
 * NODE_OPTIONS) may reach the bot or the simulator.
 */
function baseEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
}
