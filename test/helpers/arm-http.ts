import { request as httpsRequest } from 'node:https';

/**
 * The simulated Azure, over HTTPS like any ARM client (self-signed certificate on loopback, hence no verification,
 * as `curl -k` in the README).
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

export function arm(
  armUrl: string,
  method: 'GET' | 'PUT',
  path: string,
  body?: unknown,
): Promise<ArmResponse> {
  const url = new URL(path, armUrl);
  if (url.origin !== new URL(armUrl).origin) throw new Error(`not the simulator: ${url.origin}`);
  return new Promise((done, fail) => {
    const req = httpsRequest(
      url,
      {
        method,
        rejectUnauthorized: false,
        agent: false,
        timeout: 10_000,
        headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
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
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export interface Connection {
  id?: string;
  name?: string;
  properties?: { privateLinkServiceConnectionState?: { status?: string; description?: string } };
}

/** The private endpoint connections on a PostgreSQL flexible server, as the portal's Networking page lists them. */
export async function listConnections(armUrl: string, server: string): Promise<Connection[]> {
  const list = await arm(armUrl, 'GET', `${SERVERS}/${server}/privateEndpointConnections?${POSTGRES_API}`);
  if (list.status !== 200) throw new Error(`listing the connections on ${server} answered ${list.status}`);
  return (list.json as { value?: Connection[] }).value ?? [];
}
