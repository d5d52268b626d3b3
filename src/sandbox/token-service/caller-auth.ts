import { verifyAccessToken } from '../entra/access-tokens';
import type { PublicJwk } from '../entra/signing-key';

/**
 * What a bot's calls to the token service carry in Azure: a bearer token its app credentials got from Entra for
 * the Bot Framework (scope `https://api.botframework.com/.default`; botbuilder's MicrosoftAppCredentials). The
 * service answers only the bot whose OAuth connection it is.
 */
export const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

/** Why the caller is refused, or undefined when it is the bot. */
export function refuseCaller(
  authorization: string | undefined,
  options: { keys: readonly PublicJwk[]; appId: string; now: () => Date },
): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return 'The request carries no bearer token.';
  const verdict = verifyAccessToken(match[1], {
    keys: options.keys,
    audiences: [BOT_FRAMEWORK_AUDIENCE],
    now: options.now,
  });
  if (!verdict.ok) return verdict.message;
  if (verdict.caller.kind !== 'app' || verdict.caller.appId !== options.appId)
    return 'The token is not the bot application’s own.';
  return undefined;
}
