import { invalidContent, resourceNotFound } from './arm-errors';
import { factoryOf, managedVirtualNetworkOf, MVNET } from './datafactory-routes';
import { endpointBody } from './datafactory-views';
import { noContent, ok } from './http-types';
import { objectAt, sameName, stringAt, type JsonValue } from './json';
import { FACTORY_TYPE } from './lookup';
import {
  createManagedPrivateEndpoint,
  deleteManagedPrivateEndpoint,
  type EndpointTarget,
} from './private-link';
import { pageOf } from './paging';
import { stateHandlers } from './route-kit';
import type { Router } from './router';
import type { WorldCore } from './world-core';

/**
 * Managed private endpoints of a factory's managed virtual network. Create is NOT long-running: the PUT answers
 * 200 only (the SDK throws on 201/202) and callers poll get. A new endpoint to a server makes a Pending connection.
 */
const MPE = `${MVNET}/managedPrivateEndpoints/{managedPrivateEndpointName}`;

export function addEndpointRoutes(router: Router, world: WorldCore): void {
  const { read, write } = stateHandlers(world);
  router
    .add(
      'GET',
      `${MVNET}/managedPrivateEndpoints`,
      'datafactory',
      read((s, req, p) => {
        const f = factoryOf(s, p);
        const mvnet = managedVirtualNetworkOf(f, p, true);
        const inVnet = f.managedPrivateEndpoints.filter((m) => sameName(m.managedVirtualNetwork, mvnet.name));
        return pageOf(
          req,
          inVnet.map((m) => endpointBody(f, m)),
        );
      }),
    )
    .add(
      'GET',
      MPE,
      'datafactory',
      read((s, _r, p) => {
        const f = factoryOf(s, p);
        const mvnet = managedVirtualNetworkOf(f, p, true);
        const name = p['managedPrivateEndpointName'];
        const mpe = f.managedPrivateEndpoints.find(
          (m) => sameName(m.name, name) && sameName(m.managedVirtualNetwork, mvnet.name),
        );
        if (!mpe) {
          throw resourceNotFound(
            `${FACTORY_TYPE}/managedVirtualNetworks/managedPrivateEndpoints`,
            name,
            f.resourceGroup,
          );
        }
        return ok(endpointBody(f, mpe));
      }),
    )
    .add(
      'PUT',
      MPE,
      'datafactory',
      write((s, req, p) => {
        const f = factoryOf(s, p);
        const mvnet = managedVirtualNetworkOf(f, p, true);
        const target = parseTarget(req.body);
        const mpe = createManagedPrivateEndpoint(world, s, f, mvnet, p['managedPrivateEndpointName'], target);
        return ok(endpointBody(f, mpe));
      }),
    )
    .add(
      'DELETE',
      MPE,
      'datafactory',
      write((s, _r, p) => {
        const f = factoryOf(s, p);
        const mvnet = managedVirtualNetworkOf(f, p, true);
        const existed = deleteManagedPrivateEndpoint(s, f, mvnet.name, p['managedPrivateEndpointName']);
        return noContent(existed ? 200 : 204);
      }),
    );
}

function parseTarget(body: JsonValue | undefined): EndpointTarget {
  const props = objectAt(body, 'properties');
  const privateLinkResourceId = stringAt(props, 'privateLinkResourceId');
  const groupId = stringAt(props, 'groupId');
  if (!privateLinkResourceId || !groupId) {
    throw invalidContent(
      "The request content was invalid: 'properties.privateLinkResourceId' and 'properties.groupId' are required.",
    );
  }
  const fqdns = props?.['fqdns'];
  const list = Array.isArray(fqdns) ? fqdns.filter((x): x is string => typeof x === 'string') : [];
  return { privateLinkResourceId, groupId, ...(list.length > 0 ? { fqdns: list } : {}) };
}
