import jwt from 'jsonwebtoken';
import { createPublicKey } from 'node:crypto';
import type { PublicJwk, SigningKey } from './signing-key';

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
  return jwt.sign(claims, key.privateKey, { algorithm: 'RS256', keyid: key.kid, noTimestamp: true });
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

export interface VerifierOptions {
  /** The public keys tokens may be signed with (a JWKS's `keys`). */
  keys: readonly PublicJwk[];
  /** Accepted `aud` values; compared without a trailing slash. */
  audiences: readonly string[];
  clockToleranceSeconds?: number;
  now?: () => Date;
}

/** Checks a bearer token the way ARM does before it looks at the request: signature, issuer, audience, lifetime. */
export function verifyAccessToken(token: string, options: VerifierOptions): Verdict {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string')
    return invalid('The access token is not a JSON Web Token.');
  const key = options.keys.find((k) => k.kid === decoded.header.kid);
  if (!key || decoded.header.alg !== 'RS256') return invalid('The access token has an unknown signing key.');
  const audiences = options.audiences.map(trimSlash);
  try {
    const payload = jwt.verify(token, createPublicKey({ key: key as never, format: 'jwk' }), {
      algorithms: ['RS256'],
      clockTolerance: options.clockToleranceSeconds ?? 300,
      clockTimestamp: Math.floor((options.now?.() ?? new Date()).getTime() / 1000),
    }) as Record<string, unknown>;
    const aud = typeof payload.aud === 'string' ? trimSlash(payload.aud) : '';
    if (!audiences.includes(aud)) return invalid(`The access token has an invalid audience '${aud}'.`);
    const tid = str(payload.tid);
    if (payload.iss !== issuerFor(tid)) return invalid('The access token is from the wrong issuer.');
    return {
      ok: true,
      expiresAt: new Date(Number(payload.exp) * 1000),
      caller: {
        kind: payload.idtyp === 'app' ? 'app' : 'user',
        objectId: str(payload.oid),
        tenantId: tid,
        appId: str(payload.appid),
        ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
        ...(typeof payload.upn === 'string' ? { userPrincipalName: payload.upn } : {}),
        scopes: str(payload.scp).split(' ').filter(Boolean),
      },
    };
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError)
      return {
        ok: false,
        code: 'ExpiredAuthenticationToken',
        message: 'The access token expiry UTC time is earlier than current UTC time.',
      };
    return invalid(`The access token is invalid: ${(error as Error).message}.`);
  }
}

function invalid(message: string): Verdict {
  return { ok: false, code: 'InvalidAuthenticationToken', message };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function trimSlash(s: string): string {
  return s.replace(/\/+$/, '').toLowerCase();
}
