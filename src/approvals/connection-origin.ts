import type { FactoryInfo, ManagedPrivateEndpointInfo, PrivateEndpointConnection } from '../azure/gateway';
import { sameServer, parseServerId } from '../domain/resource-ids';
import type { FactoryEndpoint } from '../store/request-records';

type Candidates = ReadonlyArray<{ factory: FactoryInfo; endpoints: readonly ManagedPrivateEndpointInfo[] }>;

/**
 * Which Data Factory managed private endpoint a connection came from. Azure does not document how such a
 * connection is named or described, so no single format is trusted: a managed private endpoint of a factory in
 * scope matches when it targets this server and its name (with the factory's) appears in the connection's name,
 * description or private endpoint id. Unknown connections simply have no origin.
 *
 * When the connection spells out its origin in a known form, that form decides first, so an endpoint whose name
 * starts another's ("mpe-a" and "mpe-a-1", with a GUID after it) is not mistaken for it.
 */
export function matchFactoryEndpoint(
  connection: PrivateEndpointConnection,
  candidates: Candidates,
): FactoryEndpoint | undefined {
  return statedEndpoint(connection, candidates) ?? mentionedEndpoint(connection, candidates);
}

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The forms known so far (lower-cased text, factory and endpoint captured):
 * - observed in a real export: description `Requested by DataFactory:<Factory>, Name:<endpoint>`, name
 *   `<factory lower-cased>.<endpoint>-<guid>`;
 * - older sandbox: description `Requested by Data Factory <factory> (managed private endpoint <mpe>)`.
 */
const STATED_FORMS: ReadonlyArray<{ field: 'description' | 'name'; pattern: RegExp }> = [
  { field: 'description', pattern: /^requested by datafactory:\s*([^,]+),\s*name:\s*(\S+)\s*$/ },
  { field: 'name', pattern: new RegExp(`^([^.]+)\\.(.+)-${GUID}$`) },
  {
    field: 'description',
    pattern: /^requested by data factory (\S+) \(managed private endpoint (\S+)\)$/,
  },
];

function statedEndpoint(
  connection: PrivateEndpointConnection,
  candidates: Candidates,
): FactoryEndpoint | undefined {
  for (const { field, pattern } of STATED_FORMS) {
    const text = field === 'name' ? connection.ref.connectionName : connection.description;
    const stated = pattern.exec(text.trim().toLowerCase());
    if (!stated) continue;
    const found = find(
      connection,
      candidates,
      (factory, endpoint) => factory === stated[1] && endpoint === stated[2],
    );
    if (found) return found;
  }
  return undefined;
}

function mentionedEndpoint(
  connection: PrivateEndpointConnection,
  candidates: Candidates,
): FactoryEndpoint | undefined {
  const haystack = [connection.ref.connectionName, connection.description, connection.privateEndpointId]
    .join(' ')
    .toLowerCase();
  return find(
    connection,
    candidates,
    (factory, endpoint) => haystack.includes(endpoint) && haystack.includes(factory),
  );
}

/**
 * The endpoint of a candidate factory that targets this server and satisfies `fits` (names lower-cased). The
 * longest matching name wins: "mpe-pg-sandbox" is inside "mpe-pg-sandbox3" too.
 */
function find(
  connection: PrivateEndpointConnection,
  candidates: Candidates,
  fits: (factory: string, endpoint: string) => boolean,
): FactoryEndpoint | undefined {
  let best: FactoryEndpoint | undefined;
  for (const { factory, endpoints } of candidates) {
    for (const endpoint of endpoints) {
      const target = parseServerId(endpoint.privateLinkResourceId);
      if (!target || !sameServer(target, connection.ref.server)) continue;
      if (!fits(factory.ref.factoryName.toLowerCase(), endpoint.name.toLowerCase())) continue;
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
