import { request as httpsRequest } from 'node:https';
import { SANDBOX_ENTRA_TENANT_ID } from '../../src/sandbox/entra/directory';

/**
 * The simulated Azure, over HTTPS like any ARM client (self-signed certificate on loopback, hence no verification,
 * as `curl -k` in the README). Calls are made as Sam, the sandbox subscription's Owner, with a token from the
 * sandbox Entra's token endpoint on the simulator's host (the simulator may run in another process). A client
 * that verifies the certificate and brings its own token (an identity from outside the sandbox) passes `ArmClient`.
 */
export const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
export const SERVERS = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-analytics/providers/Microsoft.DBforPostgreSQL/flexibleServers`;
export const FACTORY = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-analytics/providers/Microsoft.DataFactory/factories/adf-contoso`;
export const POSTGRES_API = 'api-version=2025-08-01';

export interface ArmResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

export interface ArmClient {
  /** The simulator's certificate (PEM): verify TLS against it instead of not at all. */
  ca?: string;
  /** The bearer token to present instead of Sam's. */
  token?: string;
}

export async function arm(
  armUrl: string,
  method: 'GET' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  client: ArmClient = {},
): Promise<ArmResponse> {
  const url = new URL(path, armUrl);
  if (url.origin !== new URL(armUrl).origin) throw new Error(`not the simulator: ${url.origin}`);
  const json = { 'content-type': 'application/json' };
  if (client.token)
    return send(url, method, { ...json, authorization: `Bearer ${client.token}` }, body, client.ca);
  const call = async (): Promise<ArmResponse> =>
    send(url, method, { ...json, authorization: `Bearer ${await samToken(armUrl)}` }, body, client.ca);
  const answer = await call();
  if (answer.status !== 401) return answer;
  // A restarted sandbox has a new Entra signing key: the token of the previous one is refused. Get a new one.
  tokens.delete(new URL(armUrl).origin);
  return call();
}

const tokens = new Map<string, Promise<string>>();

/** Sam's ARM token from the sandbox Entra on the simulator's host (one per simulator; they last an hour). */
function samToken(armUrl: string): Promise<string> {
  const origin = new URL(armUrl).origin;
  let token = tokens.get(origin);
  if (!token) {
    const form = new URLSearchParams({
      grant_type: 'password',
      username: 'sam.security@contoso.example',
      password: 'sandbox',
      scope: 'https://management.azure.com/.default',
    }).toString();
    token = send(
      new URL(`/${SANDBOX_ENTRA_TENANT_ID}/oauth2/v2.0/token`, origin),
      'POST',
      { 'content-type': 'application/x-www-form-urlencoded' },
      form,
    ).then((answer) => {
      const accessToken = (answer.json as { access_token?: string } | undefined)?.access_token;
      if (answer.status !== 200 || !accessToken)
        throw new Error(`sandbox token endpoint answered ${answer.status}`);
      return accessToken;
    });
    token.catch(() => tokens.delete(origin));
    tokens.set(origin, token);
  }
  return token;
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: unknown,
  ca?: string,
): Promise<ArmResponse> {
  return new Promise((done, fail) => {
    const req = httpsRequest(
      url,
      {
        method,
        ...(ca ? { ca } : { rejectUnauthorized: false }),
        agent: false,
        timeout: 10_000,
        headers,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            done({
              status: res.statusCode ?? 0,
              headers: res.headers,
              json: text ? (JSON.parse(text) as unknown) : undefined,
            });
          } catch (error) {
            fail(error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
    req.on('error', fail);
    req.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  });
}

export interface Connection {
  id?: string;
  name?: string;
  properties?: { privateLinkServiceConnectionState?: { status?: string; description?: string } };
}

/** The private endpoint connections on a PostgreSQL flexible server, as the portal's Networking page lists them. */
export async function listConnections(
  armUrl: string,
  server: string,
  client: ArmClient = {},
): Promise<Connection[]> {
  const path = `${SERVERS}/${server}/privateEndpointConnections?${POSTGRES_API}`;
  const list = await arm(armUrl, 'GET', path, undefined, client);
  if (list.status !== 200) throw new Error(`listing the connections on ${server} answered ${list.status}`);
  return (list.json as { value?: Connection[] }).value ?? [];
}
