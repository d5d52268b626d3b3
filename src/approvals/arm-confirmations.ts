import {
  connectionsOf,
  type AzureGateway,
  type PrivateEndpointConnection,
  type ServerFacts,
} from '../azure/gateway';
import { AzureError } from '../errors';
import { serverId, type ConnectionRef, type ServerRef } from '../domain/resource-ids';

/**
 * How many connections a cycle confirms one GET at a time before it lists the watched servers through ARM instead.
 * A quiet cycle confirms none or one or two; the list costs one read per page (about 21 at 1,000 servers), so a
 * burst beyond this costs at most this many reads plus the pages, not one read per connection.
 */
export const SINGLE_CONFIRMATIONS_PER_CYCLE = 5;

/**
 * One watcher cycle's re-reads through ARM of connections a lagging index (Azure Resource Graph) showed, before the
 * watcher opens or closes a request on them. A few are read one by one (`getConnection`); past
 * SINGLE_CONFIRMATIONS_PER_CYCLE (the first cycle over 1,000 pending connections, a migration moving many servers at
 * once) the rest come from one ARM list of the watched servers, whose entries embed their connections
 * (`properties.privateEndpointConnections`): a few pages however many connections it confirms, where one read each
 * would empty the subscription's read budget (250, +25/s) that every other tool there shares.
 */
export class ArmConfirmations {
  private singleReads = 0;
  private listed: Promise<Map<string, ServerFacts> | undefined> | undefined;
  private readonly connectionsByServer = new Map<string, Promise<PrivateEndpointConnection[]>>();

  constructor(
    private readonly gateway: AzureGateway,
    private readonly singleReadLimit = SINGLE_CONFIRMATIONS_PER_CYCLE,
  ) {}

  /** The connection as ARM has it now; undefined when it no longer exists. */
  async connection(ref: ConnectionRef): Promise<PrivateEndpointConnection | undefined> {
    if (this.singleReads < this.singleReadLimit) {
      this.singleReads++;
      return this.gateway.getConnection(ref);
    }
    const server = (await (this.listed ??= this.listWatchedServers()))?.get(serverKey(ref.server));
    // The list failed, or does not show this server (deleted, or outside what the list covers): ask for this one.
    if (!server) return this.gateway.getConnection(ref);
    const name = ref.connectionName.toLowerCase();
    return (await this.connectionsOf(server)).find((c) => c.ref.connectionName.toLowerCase() === name);
  }

  private async listWatchedServers(): Promise<Map<string, ServerFacts> | undefined> {
    try {
      const servers = await this.gateway.listWatchedServers();
      return new Map(servers.map((s) => [serverKey(s.ref), s]));
    } catch (error) {
      if (error instanceof AzureError) return undefined; // one GET per connection still works
      throw error;
    }
  }

  /** The server's connections, read at most once a cycle (several in a burst may share a server). */
  private connectionsOf(server: ServerFacts): Promise<PrivateEndpointConnection[]> {
    const key = server.id.toLowerCase();
    let connections = this.connectionsByServer.get(key);
    if (!connections) {
      connections = connectionsOf(this.gateway, server);
      this.connectionsByServer.set(key, connections);
    }
    return connections;
  }
}

const serverKey = (ref: ServerRef) => serverId(ref).toLowerCase();
