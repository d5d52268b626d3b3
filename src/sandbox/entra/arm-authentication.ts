import { ArmError } from '../arm-errors';
import { verifyAccessToken, type TokenCaller } from './access-tokens';
import type { PublicJwk } from './signing-key';

/** The audiences ARM takes: its two resource URIs, with or without the slash (as ARM's 401 message lists them). */
export const ARM_AUDIENCES = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
] as const;

/** A verified caller and the claims of its token (the activity log shows them). */
export interface ArmCaller extends TokenCaller {
  claims: Record<string, unknown>;
}

export interface ArmAuthenticatorOptions {
  keys: readonly PublicJwk[];
  /** Audiences accepted besides ARM's and the simulator's own base URL. */
  extraAudiences?: readonly string[];
  /** The subscription's tenant: tokens from another tenant get InvalidAuthenticationTokenTenant. */
  tenantId: string;
}

/**
 * ARM's authentication step: every request needs a bearer token signed by a trusted key, for ARM (or for this
 * simulator's own URL, which the SDK asks for as `${endpoint}/.default`), from the subscription's tenant, not
 * expired. Refusals are 401 with ARM's code and message and a `WWW-Authenticate` challenge.
 */
export class ArmAuthenticator {
  constructor(private readonly options: ArmAuthenticatorOptions) {}

  accepts(audience: string, baseUrl: string): boolean {
    const trim = (s: string): string => s.replace(/\/+$/, '').toLowerCase();
    return this.audiences(baseUrl).some((a) => trim(a) === trim(audience));
  }

  authenticate(authorization: string | undefined, baseUrl: string): ArmCaller {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) throw missingHeader();
    const verdict = verifyAccessToken(match[1], {
      keys: this.options.keys,
      audiences: this.audiences(baseUrl),
      tenantId: this.options.tenantId,
    });
    if (!verdict.ok) throw refused(verdict.code, verdict.message);
    return { ...verdict.caller, claims: verdict.claims };
  }

  private audiences(baseUrl: string): string[] {
    return [...ARM_AUDIENCES, baseUrl, ...(this.options.extraAudiences ?? [])];
  }
}

function missingHeader(): ArmError {
  return new ArmError(
    401,
    'AuthenticationFailed',
    "Authentication failed. The 'Authorization' header is missing.",
    {
      'WWW-Authenticate': challenge("The authentication failed because of missing 'Authorization' header."),
    },
  );
}

function refused(code: string, message: string): ArmError {
  return new ArmError(401, code, message, { 'WWW-Authenticate': challenge(message) });
}

/** RFC 6750 challenge, as ARM sends it with every 401. */
function challenge(description: string): string {
  return `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="${description.replace(/"/g, "'")}"`;
}
