import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { ArmClients } from '../../../src/azure/arm-clients';
import { loadConfig } from '../../../src/config';
import { SANDBOX_TENANT_ID } from '../../../src/config/sandbox-identities';
import type { CheckResult } from '../../../src/doctor/check-result';
import { runDoctor } from '../../../src/doctor/run-doctor';
import {
  SANDBOX_BOT_PRINCIPAL,
  SANDBOX_WORLD,
  startSimulator,
  type RunningSimulator,
  type SandboxPrincipal,
} from '../../../src/sandbox';
import {
  SandboxBotCredentialsFactory,
  startTokenService,
  type RunningTokenService,
  type TokenServiceOptions,
} from '../../../src/sandbox/token-service';
import { SqliteStore, databasePath } from '../../../src/store/sqlite/sqlite-store';

export const W = SANDBOX_WORLD;
export const BOT = SANDBOX_BOT_PRINCIPAL;
export const CONNECTION = 'arm-user';
export const RG = `/subscriptions/${W.subscriptionId}/resourceGroups/${W.resourceGroup}`;
export const BOT_ID = `${RG}/providers/Microsoft.BotService/botServices/plbot`;

/** The bot's settings as deployed (UserAssignedMSI, ACT_AS=user), against the sandbox estate. */
export function deployedEnv(dataDir: string): Record<string, string> {
  return {
    SANDBOX: 'false',
    MicrosoftAppId: BOT.appId,
    MicrosoftAppType: 'UserAssignedMSI',
    MicrosoftAppTenantId: SANDBOX_TENANT_ID,
    AZURE_SUBSCRIPTION_IDS: `${W.subscriptionId}/${W.resourceGroup}`,
    OAUTH_CONNECTION_NAME: CONNECTION,
    DATA_DIR: dataDir,
  };
}

export interface Estate {
  sim: RunningSimulator;
  tokens: RunningTokenService;
  dataDir: string;
  /** Runs the doctor as `who` (default: the bot's identity), with these settings on top of the deployed ones. */
  doctor(options?: {
    who?: SandboxPrincipal;
    env?: Record<string, string>;
    bot?: string;
  }): Promise<CheckResult[]>;
}

/** Simulated ARM, the token service stand-in and a migrated SQLite store: a deployment that is right. */
export function useEstate(tokenOptions: Partial<TokenServiceOptions> = {}): () => Estate {
  let estate: Estate | undefined;
  beforeEach(async () => {
    const sim = await startSimulator();
    const tokens = await startTokenService({
      entra: sim.entra,
      signIn: 'silent',
      connectionName: CONNECTION,
      appId: BOT.appId,
      ...tokenOptions,
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'doctor-'));
    await new SqliteStore({ path: databasePath(dataDir), now: () => new Date() }).close();
    sim.world.addBotService({
      subscriptionId: W.subscriptionId,
      resourceGroup: W.resourceGroup,
      name: 'plbot',
      msaAppId: BOT.appId,
      msaAppType: 'UserAssignedMSI',
      msaAppTenantId: SANDBOX_TENANT_ID,
      endpoint: 'https://plbot-contoso.azurewebsites.net/api/messages',
      channels: { MsTeamsChannel: true },
    });
    estate = {
      sim,
      tokens,
      dataDir,
      doctor: ({ who = BOT, env = {}, bot = BOT_ID } = {}) => {
        const config = loadConfig({ ...deployedEnv(dataDir), ...env }, { cwd: dataDir });
        const credential = sim.entra.credentialFor(who);
        const factory = new SandboxBotCredentialsFactory(sim.entra, BOT);
        const auth = new ConfigurationBotFrameworkAuthentication({ OAuthUrl: tokens.url }, factory);
        const claims = new ClaimsIdentity(
          [{ type: AuthenticationConstants.AudienceClaim, value: BOT.appId }],
          AuthenticationConstants.AnonymousAuthType,
        );
        return runDoctor({
          config,
          clients: new ArmClients({
            credential,
            endpoint: sim.url,
            caPem: sim.caPem,
            retry: { maxRetries: 0 },
          }),
          credential,
          userTokenClient: () => auth.createUserTokenClient(claims),
          ...(bot ? { botResourceId: bot } : {}),
        });
      },
    };
  });
  afterEach(async () => {
    await estate?.tokens.close();
    await estate?.sim.close();
    if (estate) rmSync(estate.dataDir, { recursive: true, force: true });
    estate = undefined;
  });
  return () => {
    if (!estate) throw new Error('estate not started');
    return estate;
  };
}

/** The result of one check, by name (fails the test if the doctor did not report it). */
export function line(results: readonly CheckResult[], check: string | RegExp): CheckResult {
  const found = results.find((r) => (typeof check === 'string' ? r.check === check : check.test(r.check)));
  if (!found) throw new Error(`no check ${String(check)} in ${results.map((r) => r.check).join(', ')}`);
  return found;
}
