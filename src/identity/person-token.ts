import type { AccessToken, TokenCredential } from '@azure/core-auth';
import jwt from 'jsonwebtoken';
import type { TokenResponse } from 'botbuilder';

/**
 * A person's delegated ARM token, as the Bot Framework token service hands it out. The bot only carries it to Azure
 * (which verifies it); it never stores, logs or shows it. The claims are read (not verified) only to know when it
 * expires and whose it is.
 */
export interface PersonToken {
  readonly token: string;
  readonly expiresOn: Date;
  /** `oid` claim: the person's Entra object id, when the token is a JWT. */
  readonly objectId: string | undefined;
}

export function personTokenOf(response: TokenResponse | null | undefined): PersonToken | undefined {
  if (!response?.token) return undefined;
  const claims = jwt.decode(response.token, { json: true });
  const exp = typeof claims?.exp === 'number' ? new Date(claims.exp * 1000) : undefined;
  const expiration = response.expiration ? new Date(response.expiration) : undefined;
  return {
    token: response.token,
    expiresOn:
      exp ??
      (expiration && !Number.isNaN(expiration.getTime()) ? expiration : new Date(Date.now() + 300_000)),
    objectId: typeof claims?.oid === 'string' ? claims.oid : undefined,
  };
}

/** The token as an Azure SDK credential: the same token whatever scope the SDK asks for (it was issued for ARM). */
export function credentialOf(person: PersonToken): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({
      token: person.token,
      expiresOnTimestamp: person.expiresOn.getTime(),
      tokenType: 'Bearer',
    }),
  };
}
