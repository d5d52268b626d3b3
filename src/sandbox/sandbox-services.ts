import type { TokenCredential } from '@azure/core-auth';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from 'pino';
import type { BotRegistration, SandboxSettings } from '../config';
import type { AccessSettings } from '../config/access-settings';
import { authenticationOptions, StrictAuthentication } from '../teams/authentication';
import { SANDBOX_BOT_PRINCIPAL } from './entra/directory';
import { startSimulator, type RunningSimulator } from './index';
import { grantBotExpiryRole, grantBotWriteRoles } from './rbac/role-grants';
import {
  SandboxBotCredentialsFactory,
  SandboxTokenServiceAuthentication,
  startTokenService,
  type RunningTokenService,
} from './token-service';

/**
 * Everything `npm start` runs besides the bot, on loopback: simulated Azure (ARM, Entra, RBAC) and, when the bot
 * acts as the person (ACT_AS=user), the Bot Framework token service that hands out people's delegated tokens. Only
 * the composition root loads this file, and only in the sandbox.
 */
export interface SandboxServices {
  simulator: RunningSimulator;
  /** ACT_AS=user only. */
  tokenService: RunningTokenService | undefined;
  /** The bot's own identity towards simulated ARM (what its managed identity is in Azure). */
  botCredential: TokenCredential;
  /** The adapter's authentication: as configured, plus the way to the sandbox token service. */
  authentication(bot: BotRegistration): BotFrameworkAuthentication;
  close(): Promise<void>;
}

export async function startSandboxServices(
  settings: SandboxSettings,
  access: AccessSettings,
  logger: Logger,
  /** EXPIRE_AFTER is on: the bot's identity rejects expired requests itself. */
  botRejectsExpired = false,
): Promise<SandboxServices> {
  const simulator = await startSimulator({
    port: settings.armPort,
    host: '127.0.0.1',
    lroSeconds: settings.lroSeconds,
    adfSyncSeconds: settings.adfSyncSeconds,
    mpeProvisionSeconds: settings.mpeProvisionSeconds,
    pageSize: settings.pageSize,
    resourceGraphLagSeconds: settings.resourceGraphLagSeconds,
    statePath: settings.statePath,
    logger: logger.child({ component: 'simulator' }),
  });
  let tokenService: RunningTokenService | undefined;
  try {
    if (access.actAs === 'bot') {
      // The bot writes with its own identity: an administrator gave it the two writing roles (deploy/roles).
      await grantBotWriteRoles(simulator);
    } else {
      if (botRejectsExpired) await grantBotExpiryRole(simulator);
      tokenService = await startTokenService({
        entra: simulator.entra,
        signIn: access.sandboxSignIn,
        connectionName: access.oauthConnectionName ?? '',
        appId: SANDBOX_BOT_PRINCIPAL.appId,
        logger: logger.child({ component: 'token-service' }),
      });
    }
  } catch (error) {
    await simulator.close();
    throw error;
  }
  const oAuthUrl = tokenService?.url;
  return {
    simulator,
    tokenService,
    botCredential: simulator.entra.credentialFor(SANDBOX_BOT_PRINCIPAL),
    authentication(bot) {
      if (!oAuthUrl) return new StrictAuthentication(authenticationOptions(bot));
      // The sandbox bot has no MicrosoftAppId (the playground sends no token): inbound stays unauthenticated, and
      // its UserTokenClient reaches the token service as the sandbox bot principal.
      const inner = new StrictAuthentication(
        { ...authenticationOptions(bot), OAuthUrl: oAuthUrl },
        new SandboxBotCredentialsFactory(simulator.entra, SANDBOX_BOT_PRINCIPAL),
      );
      return new SandboxTokenServiceAuthentication(inner, SANDBOX_BOT_PRINCIPAL.appId);
    },
    async close() {
      await tokenService?.close();
      await simulator.close();
    },
  };
}
