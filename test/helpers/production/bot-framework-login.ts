import { StandInServer, type TlsIdentity } from '../stand-in-server';
import { type Claims, nowSeconds, publicJwk, signingKey, signJwt, type SigningKey, unsignedJwt } from './jwt';

/** The Bot Framework's issuer for tokens Teams sends to bots (public cloud). */
export const TEAMS_ISSUER = 'https://api.botframework.com';
/** The Bot Framework tenant, one of botbuilder's accepted Emulator token issuers. */
export const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

export type TeamsSigner = 'teams' | 'other-channel' | 'attacker';

/**
 * Stands in for login.botframework.com (ToBotFromChannelOpenIdMetadataUrl) and the Emulator's Entra ID metadata
 * (ToBotFromEmulatorOpenIdMetadataUrl) over HTTPS: OpenID configuration documents and their JWKS. It holds the
 * private keys, so the test signs tokens as Teams would:
 * - 'teams': a key endorsed for msteams, the one real Teams tokens are signed with;
 * - 'other-channel': a published key endorsed only for another channel (botbuilder must refuse it for msteams);
 * - 'attacker': a key no metadata lists, presented under the Teams key's kid (a forged signature).
 */
export class BotFrameworkLogin {
  readonly server: StandInServer;
  private readonly keys: Record<TeamsSigner | 'emulator', SigningKey> = {
    teams: signingKey('bf-teams-2026'),
    'other-channel': signingKey('bf-webchat-only-2026'),
    attacker: signingKey('bf-teams-2026'),
    emulator: signingKey('entra-emulator-2026'),
  };

  constructor(tls: TlsIdentity) {
    this.server = new StandInServer('Bot Framework login', tls)
      .route('GET', '/v1/.well-known/openidconfiguration', () => ({
        status: 200,
        body: {
          issuer: TEAMS_ISSUER,
          authorization_endpoint: 'https://invalid.botframework.com',
          jwks_uri: `${this.server.url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        },
      }))
      .route('GET', '/v1/.well-known/keys', () => ({
        status: 200,
        body: {
          keys: [
            publicJwk(this.keys.teams, { endorsements: ['msteams', 'webchat', 'skype'] }),
            publicJwk(this.keys['other-channel'], { endorsements: ['webchat'] }),
          ],
        },
      }))
      .route('GET', '/common/v2.0/.well-known/openid-configuration', () => ({
        status: 200,
        body: {
          issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
          jwks_uri: `${this.server.url}/common/discovery/v2.0/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        },
      }))
      .route('GET', '/common/discovery/v2.0/keys', () => ({
        status: 200,
        body: { keys: [publicJwk(this.keys.emulator)] },
      }));
  }

  get channelMetadataUrl(): string {
    return `${this.server.url}/v1/.well-known/openidconfiguration`;
  }

  get emulatorMetadataUrl(): string {
    return `${this.server.url}/common/v2.0/.well-known/openid-configuration`;
  }

  /** The claims of a token Teams sends with an activity: for `appId`, bound to the activity's serviceUrl. */
  static teamsClaims(appId: string, serviceUrl: string): Claims {
    const now = nowSeconds();
    return { iss: TEAMS_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600 };
  }

  sign(claims: Claims, signer: TeamsSigner = 'teams'): string {
    return signJwt(claims, this.keys[signer]);
  }

  unsigned(claims: Claims): string {
    return unsignedJwt(claims, this.keys.teams.kid);
  }

  /** An Emulator-shaped token (Entra v1, issued to the bot itself) with a signature the Emulator keys do not make. */
  forgedEmulatorToken(appId: string): string {
    const now = nowSeconds();
    const claims = {
      iss: EMULATOR_ISSUER,
      aud: appId,
      appid: appId,
      ver: '1.0',
      nbf: now - 60,
      exp: now + 3600,
    };
    return signJwt(claims, this.keys.attacker, { kid: this.keys.emulator.kid });
  }
}
