import type { FactoryInfo, ManagedPrivateEndpointInfo, PrivateEndpointConnection } from '../azure/gateway';
import { sameServer, parseServerId } from '../azure/resource-ids';
import type { FactoryEndpoint } from '../store/request-records';

/**
 * Which Data Factory managed private endpoint a connection came from. Azure does not document how such a
 * connection is named or described, so no single format is trusted: a managed private endpoint of a factory in
 * scope matches when it targets this server and its name (with the factory's) appears in the connection's name,
 * description or private endpoint id. Unknown connections simply have no origin.
 */
export function matchFactoryEndpoint(
  connection: PrivateEndpointConnection,
  candidates: ReadonlyArray<{ factory: FactoryInfo; endpoints: readonly ManagedPrivateEndpointInfo[] }>,
): FactoryEndpoint | undefined {
  const haystack = [connection.ref.connectionName, connection.description, connection.privateEndpointId]
    .join(' ')
    .toLowerCase();
  // The longest matching name wins: "mpe-pg-sandbox" is inside "mpe-pg-sandbox3" too.
  let best: FactoryEndpoint | undefined;
  for (const { factory, endpoints } of candidates) {
    for (const endpoint of endpoints) {
      const target = parseServerId(endpoint.privateLinkResourceId);
      if (!target || !sameServer(target, connection.ref.server)) continue;
      const mentionsEndpoint = haystack.includes(endpoint.name.toLowerCase());
      const mentionsFactory = haystack.includes(factory.ref.factoryName.toLowerCase());
      if (!mentionsEndpoint || !mentionsFactory) continue;
      if (best && best.managedPrivateEndpointName.length >= endpoint.name.length) continue;
      best = {
        factoryName: factory.ref.factoryName,
        managedPrivateEndpointName: endpoint.name,
        factory: factory.ref,
      };
    }
  }
  return best;
}
