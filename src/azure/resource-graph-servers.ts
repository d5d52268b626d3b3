import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { armCall } from './arm-errors';
import type {
  ConnectionStatus,
  PrivateEndpointConnection,
  ServerFacts,
  ServerSurvey,
  WatchScope,
} from './gateway';
import { parseServerId, serverId, type ServerRef } from '../domain/resource-ids';

/**
 * DISCOVERY=resource-graph: every watched server of every subscription in one Azure Resource Graph query per cycle
 * (a page per 1,000 servers), the connections taken from each server's `properties.privateEndpointConnections`.
 * Resource Graph has its own quota per user, not the subscriptions' ARM read budget
 * (learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests): when an answer says
 * `x-ms-user-quota-remaining: 0` the next page waits `x-ms-user-quota-resets-after`, and a 429 is asked again once
 * after that wait. Resource Graph lags ARM, so the facts come marked `connectionsMayLag`: the watcher re-reads a
 * connection through ARM before it posts a card or records a decision made elsewhere.
 */
export const WATCHED_SERVERS_QUERY =
  "resources | where type =~ 'microsoft.dbforpostgresql/flexibleservers' | project id, name, location, properties";
const PAGE = 1000;

type Sleep = (ms: number) => Promise<void>;

export class ResourceGraphServers {
  private waitBeforeNext = 0;

  constructor(
    private readonly client: Pick<ResourceGraphClient, 'resources'>,
    private readonly scopes: readonly WatchScope[],
    private readonly sleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** The watcher's survey: every server, or (when the query fails) one unreadable scope standing for them all. */
  async survey(): Promise<ServerSurvey> {
    try {
      return { servers: await this.list(), unreadable: [], scopesRead: 1 };
    } catch (error) {
      return {
        servers: [],
        scopesRead: 0,
        unreadable: [
          { key: 'resource-graph', label: 'Azure Resource Graph (every watched subscription)', error },
        ],
      };
    }
  }

  async list(): Promise<ServerFacts[]> {
    const subscriptions = [...new Set(this.scopes.map((s) => s.subscriptionId.toLowerCase()))];
    const rows: unknown[] = [];
    let skipToken: string | undefined;
    do {
      const page = await this.page(subscriptions, skipToken);
      rows.push(...(Array.isArray(page.data) ? page.data : []));
      skipToken = page.skipToken;
    } while (skipToken);
    return rows.flatMap((row) => {
      const facts = toServerFacts(row);
      return facts && this.inScope(facts.ref) ? [facts] : [];
    });
  }

  private async page(subscriptions: string[], skipToken: string | undefined) {
    const ask = () =>
      this.client.resources(
        {
          subscriptions,
          query: WATCHED_SERVERS_QUERY,
          options: { top: PAGE, resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) },
        },
        {
          onResponse: (raw) =>
            this.noteQuota(
              raw.headers.get('x-ms-user-quota-remaining'),
              raw.headers.get('x-ms-user-quota-resets-after'),
            ),
        },
      );
    await this.waitForQuota();
    try {
      return await armCall('Query Azure Resource Graph', ask);
    } catch (error) {
      if ((error as { status?: number }).status !== 429) throw error;
      await this.waitForQuota(1000);
      return armCall('Query Azure Resource Graph', ask);
    }
  }

  private noteQuota(remaining: string | undefined, resetsAfter: string | undefined): void {
    this.waitBeforeNext = remaining === '0' ? durationMs(resetsAfter) : 0;
  }

  private async waitForQuota(atLeast = 0): Promise<void> {
    const wait = Math.max(this.waitBeforeNext, atLeast);
    this.waitBeforeNext = 0;
    if (wait > 0) await this.sleep(wait);
  }

  private inScope(ref: ServerRef): boolean {
    const same = (a: string, b: string | undefined) => b === undefined || a.toLowerCase() === b.toLowerCase();
    return this.scopes.some(
      (s) =>
        same(ref.subscriptionId, s.subscriptionId) &&
        same(ref.resourceGroup, s.resourceGroup) &&
        same(ref.serverName, s.serverName),
    );
  }
}

/** `hh:mm:ss` (Resource Graph's `x-ms-user-quota-resets-after`) in milliseconds; 1 s when absent or unreadable. */
function durationMs(value: string | undefined): number {
  const m = /^(\d+):(\d{2}):(\d{2})$/.exec(value ?? '');
  if (!m) return 1000;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

/** A row of WATCHED_SERVERS_QUERY (the server's ARM body) in the gateway's words; undefined for a foreign id. */
function toServerFacts(row: unknown): ServerFacts | undefined {
  const r = obj(row);
  const ref = parseServerId(str(r['id']));
  if (!ref) return undefined;
  const properties = obj(r['properties']);
  const network = obj(properties['network']);
  const connections = properties['privateEndpointConnections'];
  return {
    ref,
    id: str(r['id']),
    location: str(r['location']),
    fullyQualifiedDomainName: str(properties['fullyQualifiedDomainName']),
    state: str(properties['state'], 'Unknown'),
    publicNetworkAccess: str(network['publicNetworkAccess'], 'Unknown'),
    vnetIntegrated: Boolean(network['delegatedSubnetResourceId']),
    ...(Array.isArray(connections) ? { connections: connections.map((c) => toConnection(c, ref)) } : {}),
    connectionsMayLag: true,
  };
}

function toConnection(value: unknown, server: ServerRef): PrivateEndpointConnection {
  const c = obj(value);
  const properties = obj(c['properties']);
  const state = obj(properties['privateLinkServiceConnectionState']);
  const name = str(c['name']);
  const groupIds = properties['groupIds'];
  return {
    ref: { server, connectionName: name },
    id: str(c['id'], `${serverId(server)}/privateEndpointConnections/${name}`),
    status: str(state['status'], 'Unknown') as ConnectionStatus,
    description: str(state['description']),
    actionsRequired: str(state['actionsRequired']),
    provisioningState: str(properties['provisioningState']),
    privateEndpointId: str(obj(properties['privateEndpoint'])['id']),
    groupIds: Array.isArray(groupIds) ? groupIds.filter((g): g is string => typeof g === 'string') : [],
  };
}
