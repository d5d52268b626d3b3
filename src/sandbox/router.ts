import type { RouteHandler, RouteParams } from './http-types';

/**
 * Exact ARM paths. A template like `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}` matches
 * segment by segment; literal segments compare ignoring case (ARM does), parameters are URL-decoded.
 */
export type ApiFamily =
  'postgres' | 'datafactory' | 'authorization' | 'insights' | 'botservice' | 'resourcegraph';

interface Route {
  method: string;
  template: string;
  segments: string[];
  family: ApiFamily;
  handler: RouteHandler;
}

export type RouteMatch =
  | { kind: 'found'; family: ApiFamily; handler: RouteHandler; params: RouteParams; template: string }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, family: ApiFamily, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), template, segments: split(template), family, handler });
    return this;
  }

  /** Every route's method and template (tests check each route's RBAC operation against the catalog). */
  list(): { method: string; template: string }[] {
    return this.routes.map(({ method, template }) => ({ method, template }));
  }

  match(method: string, path: string): RouteMatch {
    const segments = split(path);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method.toUpperCase()) {
        return {
          kind: 'found',
          family: route.family,
          handler: route.handler,
          params,
          template: route.template,
        };
      }
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(template: string[], actual: string[]): RouteParams | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i += 1) {
    const t = template[i] ?? '';
    const a = actual[i] ?? '';
    if (t.startsWith('{') && t.endsWith('}')) {
      const value = decode(a);
      if (value === undefined || value.length === 0) return undefined;
      params[t.slice(1, -1)] = value;
    } else if (t.toLowerCase() !== a.toLowerCase()) {
      return undefined;
    }
  }
  return params;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
