import type { TokenCredential } from '@azure/core-auth';
import type { UserTokenClient } from 'botframework-connector';
import type { ArmClients } from '../azure/arm-clients';
import type { Config } from '../config';
import { checkBotResource } from './bot-resource-check';
import type { CheckResult } from './check-result';
import { checkOAuthConnection } from './oauth-check';
import { checkPermissions } from './permissions-check';
import { checkStore } from './store-check';

export interface DoctorDeps {
  config: Config;
  /** ARM as the identity the doctor runs as (in Azure: the bot's managed identity). */
  clients: ArmClients;
  /** The same identity, for the store's Microsoft Entra sign-in. */
  credential: TokenCredential;
  /** botbuilder's client for the token service, signed in as the bot's registration. */
  userTokenClient: () => Promise<UserTokenClient>;
  /** The Azure Bot resource id (--bot), to read the registration and the Teams channel. */
  botResourceId?: string;
}

/** Every check, in the order an administrator fixes things: registration, Teams, ARM rights, store, sign-in. */
export async function runDoctor(deps: DoctorDeps): Promise<CheckResult[]> {
  const { config } = deps;
  return [
    ...(await checkBotResource(deps.clients, config.bot, deps.botResourceId)),
    ...(await checkPermissions(
      deps.clients,
      config.access.actAs,
      { servers: config.azure.scopes, factories: config.azure.factoryScopes },
      config.requestTimers.expireAfter !== undefined,
    )),
    await checkStore(config.database, config.dataDir, deps.credential),
    await checkOAuthConnection(config.access, config.bot.appId, deps.userTokenClient),
  ];
}
