import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** The audience Azure Database for PostgreSQL accepts Microsoft Entra tokens for. */
export const OSSRDBMS_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

/** A token this close to its expiry is renewed before a new connection uses it. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The password function for node-postgres with Microsoft Entra sign-in: the bot's identity's access token,
 * asked for only when a new connection opens. PostgreSQL checks the token at sign-in only, so connections already
 * open carry on past its expiry; new ones get a token renewed ahead of time (one request however many
 * connections open at once). If renewing fails while the old token is still valid, the old one is used.
 */
export function entraPassword(
  credential: TokenCredential,
  now: () => number = Date.now,
): () => Promise<string> {
  let current: AccessToken | undefined;
  let renewing: Promise<AccessToken> | undefined;
  const renew = (): Promise<AccessToken> =>
    (renewing ??= credential
      .getToken(OSSRDBMS_SCOPE)
      .then((token) => {
        if (!token) throw new Error(`no Microsoft Entra token for ${OSSRDBMS_SCOPE}`);
        current = token;
        return token;
      })
      .finally(() => (renewing = undefined)));
  return async () => {
    const token = current;
    const renewAt = token ? (token.refreshAfterTimestamp ?? token.expiresOnTimestamp - REFRESH_MARGIN_MS) : 0;
    if (token && now() < renewAt) return token.token;
    try {
      return (await renew()).token;
    } catch (error) {
      if (token && now() < token.expiresOnTimestamp) return token.token;
      throw error;
    }
  };
}
