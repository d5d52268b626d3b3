/** Builders and parsers for the ARM resource ids the bot deals with. Pure functions, no SDK. */

export interface ServerRef {
  subscriptionId: string;
  resourceGroup: string;
  serverName: string;
}

export interface FactoryRef {
  subscriptionId: string;
  resourceGroup: string;
  factoryName: string;
}

export interface ConnectionRef {
  server: ServerRef;
  connectionName: string;
}

const SERVER_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.DBforPostgreSQL\/flexibleServers\/([^/]+)$/i;
const FACTORY_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.DataFactory\/factories\/([^/]+)$/i;

export function serverId(ref: ServerRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${ref.serverName}`;
}

export function factoryId(ref: FactoryRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.DataFactory/factories/${ref.factoryName}`;
}

export function connectionId(ref: ConnectionRef): string {
  return `${serverId(ref.server)}/privateEndpointConnections/${ref.connectionName}`;
}

export function parseServerId(id: string): ServerRef | undefined {
  const m = SERVER_ID.exec(id.trim());
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, serverName: m[3]! } : undefined;
}

export function parseFactoryId(id: string): FactoryRef | undefined {
  const m = FACTORY_ID.exec(id.trim());
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, factoryName: m[3]! } : undefined;
}

/** Resource group names and resource names compare case-insensitively in ARM. */
export function sameServer(a: ServerRef, b: ServerRef): boolean {
  return serverId(a).toLowerCase() === serverId(b).toLowerCase();
}

export function portalUrl(resourceId: string, tenantId?: string): string {
  const tenant = tenantId ? `#@${tenantId}` : '#';
  return `https://portal.azure.com/${tenant}/resource${resourceId}/overview`;
}
