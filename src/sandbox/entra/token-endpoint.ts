import { randomUUID } from 'node:crypto';
import type { SimResponse } from '../http-types';
import type { SandboxPrincipal } from './directory';
import { resourceOfScope, type SandboxEntra } from './sandbox-entra';

/**
 * SANDBOX ONLY: a token endpoint in Microsoft Entra's own v2 protocol on the simulator's host, so curl and other
 * processes can get tokens the simulator trusts (`POST /{tenant}/oauth2/v2.0/token`, form-encoded, as in
 * learn.microsoft.com/entra/identity-platform/v2-oauth-ropc and v2-oauth2-client-creds-grant-flow), plus the
 * tenant's signing keys (`GET /{tenant}/discovery/v2.0/keys`).
 *
 * Left out of the real protocol on purpose: passwords and client secrets are not checked (any value), no client
 * assertions or certificates, no refresh/id tokens (offline_access, openid), no consent, MFA or conditional access,
 * no authorization-code or device-code flows, no /common or /organizations authorities, no v1 `resource=`
 * parameter. Errors use Entra's body shape and AADSTS codes for the cases handled.
 */
export interface TokenEndpointOptions {
  entra: SandboxEntra;
  /** Whether `resource` may be asked for (ARM's audiences and the simulator's own URL). */
  acceptsAudience(resource: string, baseUrl: string): boolean;
}

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/i;
const KEYS_PATH = /^\/([^/]+)\/discovery\/v2\.0\/keys$/i;

/** The answer for a request to the sandbox Entra, or undefined when the path is not one of its endpoints. */
export function answerEntraRequest(
  options: TokenEndpointOptions,
  method: string,
  path: string,
  rawBody: string,
  baseUrl: string,
): SimResponse | undefined {
  const keys = KEYS_PATH.exec(path);
  if (keys && method === 'GET') {
    return unknownTenant(options, keys[1]) ?? { status: 200, body: { keys: options.entra.publicKeys() } };
  }
  const token = TOKEN_PATH.exec(path);
  if (!token) return undefined;
  if (method !== 'POST') return entraError(405, 'invalid_request', 900561, 'The endpoint only accepts POST.');
  return unknownTenant(options, token[1]) ?? issue(options, new URLSearchParams(rawBody), baseUrl);
}

function issue(options: TokenEndpointOptions, form: URLSearchParams, baseUrl: string): SimResponse {
  const { entra } = options;
  const scope = form.get('scope') ?? '';
  const principal = principalFor(entra, form);
  if ('error' in principal) return principal.error;
  const resource = resourceOfScope(scope.split(' ')[0] ?? '');
  if (!scope || !options.acceptsAudience(resource, baseUrl)) {
    return entraError(
      400,
      'invalid_scope',
      500011,
      `The resource principal named ${resource || scope} was not found in the tenant named ${entra.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }
  const lifetimeSeconds = 3599;
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      scope,
      expires_in: lifetimeSeconds,
      ext_expires_in: lifetimeSeconds,
      access_token: entra.issueArmToken(principal.principal, { audience: resource, lifetimeSeconds }),
    },
  };
}

function principalFor(
  entra: SandboxEntra,
  form: URLSearchParams,
): { principal: SandboxPrincipal } | { error: SimResponse } {
  const grant = form.get('grant_type');
  if (grant === 'password') {
    const person = entra.directory.byUserPrincipalName(form.get('username') ?? '');
    if (person) return { principal: person };
    return {
      error: entraError(
        400,
        'invalid_grant',
        50034,
        `The user account {EmailHidden} does not exist in the ${entra.tenantId} directory. To sign into this application, the account must be added to the directory.`,
      ),
    };
  }
  if (grant === 'client_credentials') {
    const clientId = form.get('client_id') ?? '';
    const app = entra.directory.byAppId(clientId);
    if (app) return { principal: app };
    return {
      error: entraError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${entra.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      ),
    };
  }
  return {
    error: entraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant ?? ''}'. The sandbox supports password and client_credentials.`,
    ),
  };
}

function unknownTenant(options: TokenEndpointOptions, tenant: string | undefined): SimResponse | undefined {
  if ((tenant ?? '').toLowerCase() === options.entra.tenantId.toLowerCase()) return undefined;
  return entraError(
    400,
    'invalid_request',
    90002,
    `Tenant '${tenant ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

function entraError(status: number, error: string, code: number, description: string): SimResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}
