import type { AccessToken, TokenCredential } from '@azure/core-auth';

/**
 * The credential the bot uses against the simulator: a fixed, obviously fake bearer token with a far expiry. The
 * simulator accepts any bearer token; this one only has to exist so the SDK's pipeline is the production one.
 */
export class SandboxCredential implements TokenCredential {
  static readonly TOKEN = 'sandbox-token-not-a-secret';

  async getToken(): Promise<AccessToken> {
    return {
      token: SandboxCredential.TOKEN,
      expiresOnTimestamp: Date.now() + 365 * 24 * 3600 * 1000,
      tokenType: 'Bearer',
    };
  }
}
