import type { SandboxPerson } from '../entra/directory';
import type { SandboxEntra } from '../entra/sandbox-entra';
import { DEFAULT_CLOCK_TOLERANCE_SECONDS } from '../entra/signed-jwt';

/** An access token the service holds for a sign-in, as it hands it out. */
export interface HeldToken {
  token: string;
  expiresAt: Date;
}

/** Entra's default access token lifetime is 60–90 minutes; the sandbox uses the hour. */
export const TOKEN_LIFETIME_SECONDS = 3600;

/** The person's delegated ARM token (`scp: user_impersonation`), as the connection's refresh token would get it. */
export function mintArmToken(entra: SandboxEntra, person: SandboxPerson, at: Date): HeldToken {
  // JWT times are whole seconds: `expiration` must say exactly what the token's `exp` does.
  const issuedAt = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    token: entra.issueArmToken(person, { issuedAt, lifetimeSeconds: TOKEN_LIFETIME_SECONDS }),
    expiresAt: new Date(issuedAt.getTime() + TOKEN_LIFETIME_SECONDS * 1000),
  };
}

/** Issued so long ago that ARM refuses it as expired even with its clock skew allowance (plus a minute). */
export function mintExpiredArmToken(entra: SandboxEntra, person: SandboxPerson, now: Date): HeldToken {
  const ageSeconds = TOKEN_LIFETIME_SECONDS + DEFAULT_CLOCK_TOLERANCE_SECONDS + 60;
  return mintArmToken(entra, person, new Date(now.getTime() - ageSeconds * 1000));
}
