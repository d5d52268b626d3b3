import type { AzureGateway, PrivateEndpointConnection, ServerFacts } from '../azure/gateway';
import { spotCovers, type BlindSpot } from './blind-spots';
import type { AuditEntry } from '../store/tracking-records';
import type { ApprovalRequest } from '../store/request-records';
import { OPEN_STATUSES } from '../store/request-records';
import type { Store } from '../store/store';

/**
 * What `history` shows: decisions, refusals, failed attempts and the guided flows' results; not subscriptions or
 * other bookkeeping.
 */
export const HISTORY_ACTIONS: ReadonlySet<string> = new Set([
  'approve',
  'reject',
  'refused',
  'decided-elsewhere',
  'operation-failed',
  'connect-flow',
]);

export interface ServerStatus {
  server: ServerFacts;
  /** Empty for a VNet-integrated server: it cannot have private endpoint connections. */
  connections: PrivateEndpointConnection[];
}

/** Read-only answers for the chat commands (pending, status, history), so command handlers never call Azure. */
export class ApprovalQueries {
  constructor(
    private readonly gateway: AzureGateway,
    private readonly store: Store,
    private readonly blindSpots: () => BlindSpot[] = () => [],
  ) {}

  /** What the watcher cannot read now that covers this server (its scope, or Resource Graph as a whole). */
  blindSpotsCovering(server: ServerFacts): BlindSpot[] {
    return this.blindSpots().filter((spot) => spotCovers(spot, server.id));
  }

  openRequests(): Promise<ApprovalRequest[]> {
    return this.store.requests.listByStatus(OPEN_STATUSES);
  }

  /** Every watched server (the bot's own read: which servers it watches is its configuration). */
  watchedServers(): Promise<ServerFacts[]> {
    return this.gateway.listWatchedServers();
  }

  /** The watched server of that name. */
  async findServer(serverName: string): Promise<ServerFacts | undefined> {
    const wanted = serverName.trim().toLowerCase();
    return (await this.gateway.listWatchedServers()).find((s) => s.ref.serverName.toLowerCase() === wanted);
  }

  /** Watched servers in a resource group of that name (resource group names compare ignoring case). */
  async serversInGroup(resourceGroup: string): Promise<ServerFacts[]> {
    const wanted = resourceGroup.trim().toLowerCase();
    return (await this.gateway.listWatchedServers()).filter(
      (s) => s.ref.resourceGroup.toLowerCase() === wanted,
    );
  }

  /** The server and its connections, read as `reader` (the person with ACT_AS=user: Azure shows them what it lets them see). */
  async serverStatus(server: ServerFacts, reader: AzureGateway): Promise<ServerStatus> {
    const connections = server.vnetIntegrated ? [] : await reader.listConnections(server.ref);
    return { server, connections };
  }

  async watchedServerNames(): Promise<string[]> {
    return (await this.gateway.listWatchedServers()).map((s) => s.ref.serverName).sort();
  }

  /** The newest decisions and refusals (HISTORY_ACTIONS), newest first; `watch` and `unwatch` do not crowd them out. */
  history(serverName: string | undefined, limit: number): Promise<AuditEntry[]> {
    return this.store.audit.list({
      ...(serverName ? { serverName } : {}),
      action: [...HISTORY_ACTIONS],
      limit,
    });
  }
}
