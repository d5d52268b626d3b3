import jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import { issuerFor } from './access-tokens';
import type { SandboxPerson } from './directory';
import {
  sameAudience,
  stringClaim,
  verifySignedJwt,
  type SignatureOptions,
  type SignatureVerdict,
} from './signed-jwt';
import type { SigningKey } from './signing-key';

/**
 * The token a Teams client obtains for the bot's own app registration when it performs SSO for the bot (an OAuth
 * card or a loginRequest with a tokenExchangeResource), and sends to the bot in `signin/tokenExchange` or
 * `value.authentication.token`; the bot hands it to the token service, which exchanges it on behalf of the person.
 * As the Teams docs set the app up (learn.microsoft.com/microsoftteams/platform/bots/how-to/authentication/
 * bot-sso-register-aad): App ID URI `api://botid-{appId}`, scope `access_as_user` pre-authorized for the Teams
 * clients, `accessTokenAcceptedVersion: 2` — so Entra issues v2 tokens whose `aud` is the app (client) id and whose
 * `azp` is the Teams client.
 */
export const SSO_SCOPE = 'access_as_user';

/** Client ids of the Teams clients (same doc): the `azp` of the tokens they obtain. */
export const TEAMS_CLIENT_IDS = {
  desktopOrMobile: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  web: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
} as const;

/** The App ID URI of a standalone bot, also the OAuth connection's "Token Exchange URL". */
export function botAppIdUri(appId: string): string {
  return `api://botid-${appId}`;
}

export function issuerV2For(tenantId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/v2.0`;
}

export interface SsoTokenOptions {
  /** The bot's app (client) id: the app the token is for. */
  appId: string;
  /** `aud`; default the app id (v2). Tests set another to make a wrong-audience token. */
  audience?: string;
  /** `azp`; default the Teams desktop/mobile client. */
  clientId?: string;
  /** Default one hour. */
  lifetimeSeconds?: number;
  /** Default now; in the past for an expired token. */
  issuedAt?: Date;
}

export function signSsoToken(
  key: SigningKey,
  tenantId: string,
  person: SandboxPerson,
  options: SsoTokenOptions,
): string {
  const iat = Math.floor((options.issuedAt ?? new Date()).getTime() / 1000);
  const claims = {
    aud: options.audience ?? options.appId,
    iss: issuerV2For(tenantId),
    iat,
    nbf: iat,
    exp: iat + (options.lifetimeSeconds ?? 3600),
    ver: '2.0',
    tid: tenantId,
    oid: person.objectId,
    sub: person.objectId,
    // Entra's unique token identifier: two tokens issued in the same second still differ.
    uti: randomBytes(16).toString('base64url'),
    azp: options.clientId ?? TEAMS_CLIENT_IDS.desktopOrMobile,
    azpacr: '0',
    name: person.name,
    preferred_username: person.userPrincipalName,
    scp: SSO_SCOPE,
  };
  // jsonwebtoken keeps the `iat` given (its noTimestamp option would delete it: Entra tokens carry one).
  return jwt.sign(claims, key.privateKey, { algorithm: 'RS256', keyid: key.kid });
}

export type SsoVerdict = { ok: true; objectId: string } | { ok: false; expired: boolean; message: string };

export interface SsoVerifierOptions extends SignatureOptions {
  /** The only tenant whose people the sandbox knows. */
  tenantId: string;
  appId: string;
}

/**
 * What the token service checks before it exchanges an SSO token: signed by Entra, not expired, issued by the
 * tenant, for this bot's app (its client id, or its App ID URI in a v1 token) and with the scope it exposes.
 */
export function verifySsoToken(token: string, options: SsoVerifierOptions): SsoVerdict {
  const signed: SignatureVerdict = verifySignedJwt(token, options);
  if (!signed.ok) return signed;
  const { payload } = signed;
  const refuse = (message: string): SsoVerdict => ({ ok: false, expired: false, message });
  const aud = stringClaim(payload, 'aud');
  if (![options.appId, botAppIdUri(options.appId)].some((a) => sameAudience(a, aud)))
    return refuse(`The token is for another application ('${aud}').`);
  const tid = stringClaim(payload, 'tid');
  const iss = stringClaim(payload, 'iss');
  if (tid !== options.tenantId || (iss !== issuerV2For(tid) && iss !== issuerFor(tid)))
    return refuse('The token is from another issuer.');
  if (!stringClaim(payload, 'scp').split(' ').includes(SSO_SCOPE))
    return refuse(`The token does not carry the '${SSO_SCOPE}' scope.`);
  const objectId = stringClaim(payload, 'oid');
  return objectId ? { ok: true, objectId } : refuse('The token names no user.');
}
