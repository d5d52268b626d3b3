import type { TokenCredential } from '@azure/core-auth';
import type { Storage } from 'botbuilder';
import type { AzureGateway } from '../azure/gateway';
import type { AccessSettings } from '../config/access-settings';
import { AzureAccess, type Access } from './access';
import { botIdentity, PersonIdentity, type Identity } from './identity';
import { credentialOf } from './person-token';
import { PolicyAccess } from './policy-access';
import { loadPolicyFile } from './policy-file';
import { SignInParking } from './sign-in-parking';
import { TokenBroker } from './token-broker';

export type { Access, ResourceGroupScope, Verdict } from './access';
export type { Acting } from './acting';
export type { Identity, TapIdentity } from './identity';

/**
 * ACT_AS, built once: who writes for a person (their delegated token, or the bot's identity) and who decides what
 * they may do (Azure, or the bot's policy file). A bad policy file stops start-up here (ConfigError).
 */
export function createIdentity(
  settings: AccessSettings,
  botGateway: AzureGateway,
  gatewayWith: (credential: TokenCredential) => AzureGateway,
  storage: Storage,
): { identity: Identity; access: Access } {
  if (settings.actAs === 'bot') {
    const policy = loadPolicyFile(settings.policyFile?.variable ?? 'POLICY_FILE', settings.policyFile?.path);
    const access = new PolicyAccess(settings.approverIds, policy, settings.requesterIds);
    return { identity: botIdentity(botGateway), access };
  }
  const identity = new PersonIdentity(
    new TokenBroker(settings.oauthConnectionName ?? ''),
    botGateway,
    (token) => gatewayWith(credentialOf(token)),
    new SignInParking(storage),
  );
  return { identity, access: new AzureAccess() };
}
