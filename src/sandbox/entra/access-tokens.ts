import jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import type { SigningKey } from './signing-key';
import { sameAudience, stringClaim, verifySignedJwt, type SignatureOptions } from './signed-jwt';

/**
 * Access tokens for Azure Resource Manager in Microsoft Entra's v1 shape (what ARM receives for the
 * `https://management.azure.com/.default` and `…/user_impersonation` scopes): `iss` https://sts.windows.net/{tid}/,
 * `aud` the ARM resource, `oid`/`tid` the caller, `idtyp` user or app, `scp` for delegated tokens, `appid` for the
 * client. Claims reference: learn.microsoft.com/entra/identity-platform/access-token-claims-reference.
 */
export interface AccessTokenSubject {
  kind: 'user' | 'app';
  objectId: string;
  tenantId: string;
  /** Display name (users) or app name. */
  name: string;
  /** Users only. */
  userPrincipalName?: string;
  /** The client the token was issued to: the bot's app for delegated tokens, the app itself for app tokens. */
  appId: string;
  /** Delegated scopes, e.g. ['user_impersonation']; none for app tokens. */
  scopes?: readonly string[];
}

export interface IssueOptions {
  audience: string;
  /** Default one hour, as Entra's default access token lifetime (60–90 minutes). */
  lifetimeSeconds?: number;
  /** Issue time; default now. Tests set it in the past to make expired tokens. */
  issuedAt?: Date;
}

export function issuerFor(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

export function signAccessToken(key: SigningKey, subject: AccessTokenSubject, options: IssueOptions): string {
  const iat = Math.floor((options.issuedAt ?? new Date()).getTime() / 1000);
  const claims: Record<string, unknown> = {
    aud: options.audience,
    iss: issuerFor(subject.tenantId),
    iat,
    nbf: iat,
    exp: iat + (options.lifetimeSeconds ?? 3600),
    ver: '1.0',
    tid: subject.tenantId,
    oid: subject.objectId,
    sub: subject.objectId,
    // Entra's unique token identifier: two tokens issued in the same second still differ.
    uti: randomBytes(16).toString('base64url'),
    appid: subject.appId,
    idtyp: subject.kind,
    ...(subject.kind === 'user'
      ? {
          name: subject.name,
          upn: subject.userPrincipalName,
          unique_name: subject.userPrincipalName,
          scp: (subject.scopes ?? ['user_impersonation']).join(' '),
        }
      : { app_displayname: subject.name }),
  };
  // jsonwebtoken keeps the `iat` given (its noTimestamp option would delete it: Entra tokens carry one).
  return jwt.sign(claims, key.privateKey, { algorithm: 'RS256', keyid: key.kid });
}

/** Who made an ARM call, as the verified token says. */
export interface TokenCaller {
  kind: 'user' | 'app';
  objectId: string;
  tenantId: string;
  appId: string;
  name?: string;
  userPrincipalName?: string;
  scopes: string[];
}

export type Verdict =
  | { ok: true; caller: TokenCaller; expiresAt: Date }
  | { ok: false; code: 'InvalidAuthenticationToken' | 'ExpiredAuthenticationToken'; message: string };

export interface VerifierOptions extends SignatureOptions {
  /** Accepted `aud` values; compared without a trailing slash. */
  audiences: readonly string[];
}

/** Checks a bearer token the way ARM does before it looks at the request: signature, issuer, audience, lifetime. */
export function verifyAccessToken(token: string, options: VerifierOptions): Verdict {
  const signed = verifySignedJwt(token, options);
  if (!signed.ok)
    return signed.expired
      ? { ok: false, code: 'ExpiredAuthenticationToken', message: signed.message }
      : invalid(signed.message);
  const { payload } = signed;
  const aud = stringClaim(payload, 'aud');
  if (!options.audiences.some((a) => sameAudience(a, aud)))
    return invalid(`The access token has an invalid audience '${aud}'.`);
  const tid = stringClaim(payload, 'tid');
  if (payload.iss !== issuerFor(tid)) return invalid('The access token is from the wrong issuer.');
  return {
    ok: true,
    expiresAt: new Date(Number(payload.exp) * 1000),
    caller: {
      kind: payload.idtyp === 'app' ? 'app' : 'user',
      objectId: stringClaim(payload, 'oid'),
      tenantId: tid,
      appId: stringClaim(payload, 'appid'),
      ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
      ...(typeof payload.upn === 'string' ? { userPrincipalName: payload.upn } : {}),
      scopes: stringClaim(payload, 'scp').split(' ').filter(Boolean),
    },
  };
}

function invalid(message: string): Verdict {
  return { ok: false, code: 'InvalidAuthenticationToken', message };
}
