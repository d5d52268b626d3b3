/**
 * The RBAC operation ARM checks for a request, derived from its URL as ARM does ("Supports RBAC: Yes -- based on
 * URL", Azure/azure-resource-manager-rpc v1.0/Addendum.md; the naming rule is in v1.0/proxy-api-reference.md,
 * Operations API `name`): `{namespace}/{type hierarchy}/{read|write|delete}` for GET / PUT,PATCH / DELETE and
 * `{namespace}/{type hierarchy}/{custom action}/action` for POST. The scope is the resource the request is about:
 * the resource itself, the parent of a collection, the subscription or group for a top-level list.
 *
 * A few operations are published in the operations catalog under another name than the rule gives; those are in
 * CATALOG_NAMES (MicrosoftDocs/azure-docs, articles/role-based-access-control/permissions/*.md; the excerpt is
 * test/fixtures/azure/rbac-operations.json, and a test keeps every route's operation inside it).
 */
export interface ArmOperation {
  action: string;
  scope: string;
  /** Whether the request lists a collection (ARM filters such lists to what the caller may read). */
  collection: boolean;
}

const CATALOG_NAMES: Record<string, string> = {
  // The REST call is a POST, but the catalog has only the read operation (see deploy/roles/README.md).
  'microsoft.datafactory/factories/integrationruntimes/getstatus/action':
    'Microsoft.DataFactory/factories/integrationruntimes/getstatus/read',
  // Resource Graph's query is a POST; the catalog names it a read (resource-graph-routes.ts).
  'microsoft.resourcegraph/resources/action': 'Microsoft.ResourceGraph/resources/read',
};

export function armOperation(method: string, path: string): ArmOperation {
  const segments = withoutActionResult(
    method,
    path
      .split('/')
      .filter((s) => s.length > 0)
      .map(decode),
  );
  const providers = lastIndexOf(segments, 'providers');
  const root = providers >= 0 ? providers + 2 : 0;
  const namespace = providers >= 0 ? (segments[providers + 1] ?? '') : 'Microsoft.Resources';
  const rest = segments.slice(root);
  const verb = method.toUpperCase();
  const actionName = verb === 'POST' && rest.length % 2 === 1 ? rest.pop() : undefined;
  const collection = rest.length % 2 === 1;
  const types = rest.filter((_, i) => i % 2 === 0);
  const suffix = actionName ? `${actionName}/action` : verbOf(verb);
  const derived = [namespace, ...(providers >= 0 ? types : fromRoot(segments)), suffix].join('/');
  const action = CATALOG_NAMES[derived.toLowerCase()] ?? derived;
  const scopeSegments = segments.slice(0, root + rest.length - (collection ? 1 : 0));
  if (collection && rest.length === 1 && providers >= 0) scopeSegments.splice(providers, 2);
  return { action, scope: `/${scopeSegments.join('/')}`, collection };
}

/**
 * `GET .../{resource}/{action}/operationresults/{id}` polls the long-running action of a resource (Data Factory's
 * enable/disableInteractiveQuery: see interactive-query.ts). The catalog publishes no operation for it; reading it is
 * taken as reading the resource (UNCONFIRMED).
 */
function withoutActionResult(method: string, segments: string[]): string[] {
  const at = segments.length - 2;
  const polled = method.toUpperCase() === 'GET' && segments[at]?.toLowerCase() === 'operationresults';
  return polled &&
    lastIndexOf(segments, 'providers') >= 0 &&
    (at - 1 - lastIndexOf(segments, 'providers')) % 2 === 0
    ? segments.slice(0, at - 1)
    : segments;
}

function verbOf(method: string): string {
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (method === 'DELETE') return 'delete';
  return 'write';
}

/** `/subscriptions/{id}/resourceGroups/{rg}` → subscriptions/resourceGroups (Microsoft.Resources types). */
function fromRoot(segments: string[]): string[] {
  return segments.filter((_, i) => i % 2 === 0);
}

function lastIndexOf(segments: string[], literal: string): number {
  for (let i = segments.length - 2; i >= 0; i -= 1) {
    if (segments[i]?.toLowerCase() === literal) return i;
  }
  return -1;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
