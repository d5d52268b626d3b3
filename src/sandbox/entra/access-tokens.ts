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
  | { ok: true; caller: TokenCaller; expiresAt: Date; claims: Record<string, unknown> }
  | { ok: false; code: RefusalCode; message: string };

/** ARM's 401 codes for a bearer token it will not take. */
export type RefusalCode =
  | 'InvalidAuthenticationToken'
  | 'InvalidAuthenticationTokenAudience'
  | 'InvalidAuthenticationTokenTenant'
  | 'ExpiredAuthenticationToken';

export interface VerifierOptions extends SignatureOptions {
  /** Accepted `aud` values; compared without a trailing slash. */
  audiences: readonly string[];
  /** When set, tokens from another tenant are refused (ARM: the subscription's tenant). */
  tenantId?: string;
}

/**
 * Checks a bearer token the way ARM does before it looks at the request: signature, issuer, audience, tenant,
 * lifetime. Messages are ARM's (seen in public issue threads, e.g. JetBrains/azure-tools-for-intellij#16 for the
 * audience, Azure/azure-sdk-for-python#38382 for the tenant, microsoft/foundry-dev-tools#461 for expiry); ARM does
 * not say why a signature failed, so a bad, unknown or missing signature is just "The access token is invalid.".
 */
export function verifyAccessToken(token: string, options: VerifierOptions): Verdict {
  const now = options.now?.() ?? new Date();
  const signed = verifySignedJwt(token, { ...options, now: () => now });
  if (!signed.ok) {
    if (!signed.expiredAt) return invalid('The access token is invalid.');
    return {
      ok: false,
      code: 'ExpiredAuthenticationToken',
      message: `The access token expiry UTC time '${dotNetUtc(signed.expiredAt)}' is earlier than current UTC time '${dotNetUtc(now)}'.`,
    };
  }
  const { payload } = signed;
  const rawAud = stringClaim(payload, 'aud');
  if (!options.audiences.some((a) => sameAudience(a, rawAud))) return wrongAudience(rawAud);
  const tid = stringClaim(payload, 'tid');
  if (payload.iss !== issuerFor(tid)) return invalid('The access token is invalid.');
  if (options.tenantId && tid.toLowerCase() !== options.tenantId.toLowerCase()) {
    return wrongTenant(stringClaim(payload, 'iss'), options.tenantId);
  }
  return {
    ok: true,
    expiresAt: new Date(Number(payload.exp) * 1000),
    claims: payload,
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

function wrongAudience(aud: string): Verdict {
  return {
    ok: false,
    code: 'InvalidAuthenticationTokenAudience',
    message: `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.`,
  };
}

function wrongTenant(issuer: string, tenantId: string): Verdict {
  return {
    ok: false,
    code: 'InvalidAuthenticationTokenTenant',
    message: `The access token is from the wrong issuer '${issuer}'. It must match the tenant '${issuerFor(tenantId)}' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${tenantId}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
  };
}

/** .NET's en-US general date/time ("G"), as ARM prints UTC times: 6/15/2026 8:22:51 AM. */
function dotNetUtc(at: Date): string {
  const h = at.getUTCHours();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const clock = `${h % 12 === 0 ? 12 : h % 12}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
  return `${at.getUTCMonth() + 1}/${at.getUTCDate()}/${at.getUTCFullYear()} ${clock} ${h < 12 ? 'AM' : 'PM'}`;
}

function invalid(message: string): Verdict {
  return { ok: false, code: 'InvalidAuthenticationToken', message };
}
