import jwt from 'jsonwebtoken';
import { createPublicKey } from 'node:crypto';
import type { PublicJwk } from './signing-key';

/** What every Entra token check starts with: an RS256 signature by a published key, and a lifetime that holds. */
export type SignatureVerdict =
  | { ok: true; payload: Record<string, unknown> }
  /** `expiredAt` only when the one thing wrong is that the token expired. */
  | { ok: false; expired: boolean; expiredAt?: Date; message: string };

export interface SignatureOptions {
  /** The public keys tokens may be signed with (a JWKS's `keys`). */
  keys: readonly PublicJwk[];
  clockToleranceSeconds?: number;
  now?: () => Date;
}

/** Default clock skew Entra-protected APIs allow (Microsoft.IdentityModel's default, 5 minutes). */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 300;

export function verifySignedJwt(token: string, options: SignatureOptions): SignatureVerdict {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string')
    return { ok: false, expired: false, message: 'The access token is not a JSON Web Token.' };
  const key = options.keys.find((k) => k.kid === decoded.header.kid);
  if (!key || decoded.header.alg !== 'RS256')
    return { ok: false, expired: false, message: 'The access token has an unknown signing key.' };
  try {
    const payload = jwt.verify(token, createPublicKey({ key: key as never, format: 'jwk' }), {
      algorithms: ['RS256'],
      clockTolerance: options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
      clockTimestamp: Math.floor((options.now?.() ?? new Date()).getTime() / 1000),
    }) as Record<string, unknown>;
    return { ok: true, payload };
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError)
      return {
        ok: false,
        expired: true,
        expiredAt: error.expiredAt,
        message: 'The access token expiry UTC time is earlier than current UTC time.',
      };
    return {
      ok: false,
      expired: false,
      message: `The access token is invalid: ${(error as Error).message}.`,
    };
  }
}

/** `aud` values compare without a trailing slash and without case. */
export function sameAudience(a: string, b: string): boolean {
  const trim = (s: string) => s.replace(/\/+$/, '').toLowerCase();
  return trim(a) === trim(b);
}

export function stringClaim(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  return typeof value === 'string' ? value : '';
}
