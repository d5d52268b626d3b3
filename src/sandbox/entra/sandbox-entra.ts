import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { signAccessToken, type IssueOptions } from './access-tokens';
import {
  SANDBOX_BOT_PRINCIPAL,
  SANDBOX_ENTRA_TENANT_ID,
  SandboxDirectory,
  type SandboxPerson,
  type SandboxPrincipal,
} from './directory';
import { generateSigningKey, type PublicJwk, type SigningKey } from './signing-key';
import { signSsoToken, type SsoTokenOptions } from './sso-tokens';

/** ARM's resource URI: what delegated tokens for `https://management.azure.com/user_impersonation` are issued for. */
export const ARM_AUDIENCE = 'https://management.azure.com/';

/**
 * The sandbox's Microsoft Entra ID: one signing key, the sandbox directory, and tokens for its principals. The
 * simulator trusts its public key (as ARM trusts Entra's); the token service stand-in asks it for people's
 * delegated ARM tokens; the bot's own credential in the sandbox is `credentialFor(SANDBOX_BOT_PRINCIPAL)`.
 */
export class SandboxEntra {
  readonly tenantId = SANDBOX_ENTRA_TENANT_ID;

  constructor(
    readonly directory = new SandboxDirectory(),
    private readonly key: SigningKey = generateSigningKey(),
  ) {}

  /** The JWKS `keys` a verifier needs. */
  publicKeys(): PublicJwk[] {
    return [this.key.publicJwk];
  }

  /** A delegated (user) or app token for ARM; `audience` defaults to ARM's resource URI. */
  issueArmToken(principal: SandboxPrincipal, options: Partial<IssueOptions> = {}): string {
    const base = { objectId: principal.objectId, tenantId: this.tenantId, name: principal.name };
    const subject =
      principal.kind === 'user'
        ? {
            ...base,
            kind: 'user' as const,
            userPrincipalName: principal.userPrincipalName,
            appId: SANDBOX_BOT_PRINCIPAL.appId,
            scopes: ['user_impersonation'],
          }
        : { ...base, kind: 'app' as const, appId: principal.appId };
    return signAccessToken(this.key, subject, { audience: ARM_AUDIENCE, ...options });
  }

  /** The token a Teams client would obtain for the bot's app by SSO for `person` (see sso-tokens.ts). */
  issueSsoToken(person: SandboxPerson, options: SsoTokenOptions): string {
    return signSsoToken(this.key, this.tenantId, person, options);
  }

  /**
   * A TokenCredential that gets `principal` a fresh app or delegated token for the resource the client asks for:
   * the SDK asks for `${endpoint}/.default`, so a client pointed at the simulator gets a token for the simulator's
   * own URL (which it accepts), one pointed at ARM gets ARM's audience.
   */
  credentialFor(principal: SandboxPrincipal): TokenCredential {
    return {
      getToken: async (scopes): Promise<AccessToken> => {
        const lifetimeSeconds = 3600;
        const scope = Array.isArray(scopes) ? scopes[0] : scopes;
        const audience = scope ? resourceOfScope(scope) : ARM_AUDIENCE;
        return {
          token: this.issueArmToken(principal, { lifetimeSeconds, audience }),
          expiresOnTimestamp: Date.now() + lifetimeSeconds * 1000,
          tokenType: 'Bearer',
        };
      },
    };
  }
}

/**
 * The resource a v2 scope names: `https://management.azure.com/.default` and
 * `https://management.azure.com/user_impersonation` both name `https://management.azure.com/`.
 */
export function resourceOfScope(scope: string): string {
  return scope.replace(/(\.default|user_impersonation)$/, '').replace(/\/*$/, '/');
}
