import { request } from 'node:https';
import { DataFactoryManagementClient } from '@azure/arm-datafactory';
import { PostgreSQLManagementFlexibleServerClient } from '@azure/arm-postgresql-flexible';
import {
  SANDBOX_PEOPLE,
  SANDBOX_WORLD,
  type RunningSimulator,
  type SandboxPrincipal,
} from '../../../src/sandbox';

/**
 * Real SDK clients pointed at the simulator, the way the bot builds them (only endpoint and credential differ). They
 * act as Sam, the sandbox's subscription Owner, unless told who.
 */
export function sdkClients(
  sim: RunningSimulator,
  principal: SandboxPrincipal = SANDBOX_PEOPLE.sam,
): {
  pg: PostgreSQLManagementFlexibleServerClient;
  df: DataFactoryManagementClient;
} {
  const options = {
    endpoint: sim.url,
    tlsOptions: { ca: sim.caPem },
    // Production keeps the SDK's 1 s base delay; tests only shorten it so retried faults finish quickly.
    retryOptions: { retryDelayInMs: 20, maxRetryDelayInMs: 200 },
  };
  const credential = sim.entra.credentialFor(principal);
  return {
    pg: new PostgreSQLManagementFlexibleServerClient(credential, SANDBOX_WORLD.subscriptionId, options),
    df: new DataFactoryManagementClient(credential, SANDBOX_WORLD.subscriptionId, options),
  };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: unknown;
}

export interface RawOptions {
  body?: unknown;
  /** Bearer token; null sends no Authorization header; default: a token of Sam, the subscription's Owner. */
  token?: string | null;
  /** api-version; null leaves it out. */
  apiVersion?: string | null;
  headers?: Record<string, string>;
}

/** A plain HTTPS call (what curl would do), trusting the simulator's certificate. */
export function rawCall(
  sim: RunningSimulator,
  method: string,
  path: string,
  options: RawOptions = {},
): Promise<RawAnswer> {
  const url = new URL(path, sim.url);
  const apiVersion = options.apiVersion === undefined ? defaultApiVersion(path) : options.apiVersion;
  if (apiVersion !== null && !url.searchParams.has('api-version')) {
    url.searchParams.set('api-version', apiVersion);
  }
  const payload =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const token = options.token === undefined ? sim.entra.issueArmToken(SANDBOX_PEOPLE.sam) : options.token;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: sim.caPem,
        agent: false,
        headers: {
          ...(token !== null ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...(options.headers ?? {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function defaultApiVersion(path: string): string {
  return /Microsoft\.DataFactory/i.test(path) ? '2018-06-01' : '2025-08-01';
}

export const W = SANDBOX_WORLD;
export const RG_PATH = `/subscriptions/${W.subscriptionId}/resourceGroups/${W.resourceGroup}`;
export const PG_PATH = `${RG_PATH}/providers/Microsoft.DBforPostgreSQL/flexibleServers`;
export const FACTORY_PATH = `${RG_PATH}/providers/Microsoft.DataFactory/factories/${W.factoryName}`;
export const FACTORY_REF = {
  subscriptionId: W.subscriptionId,
  resourceGroup: W.resourceGroup,
  factoryName: W.factoryName,
};

export function serverRef(serverName: string): {
  subscriptionId: string;
  resourceGroup: string;
  serverName: string;
} {
  return { subscriptionId: W.subscriptionId, resourceGroup: W.resourceGroup, serverName };
}

export function serverResourceId(serverName: string): string {
  return `${PG_PATH}/${serverName}`;
}

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
