import { conflict, invalidContent, resourceNotFound } from './arm-errors';
import { noContent, ok, type RouteParams, type SimRequest, type SimResponse } from './http-types';
import { objectAt, sameName, stringAt } from './json';
import { byName, serverIdOf, SERVER_TYPE } from './lookup';
import { startOperation } from './lro';
import { acceptedOperation } from './operation-routes';
import { pageOf } from './paging';
import { SERVER, serverOf } from './postgres-routes';
import { connectionBody } from './postgres-views';
import { stateHandlers } from './route-kit';
import type { Router } from './router';
import type { WorldCore } from './world-core';
import type { ConnectionState, ServerState, WorldState } from './world-state';

/**
 * Private endpoint connections of a flexible server. Approve/reject (PUT) and delete are long-running: 202 with
 * Azure-AsyncOperation. A delete shows provisioningState 'Deleting' until it completes; an approve/reject keeps
 * 'Succeeded', since the spec's PrivateEndpointConnectionProvisioningState (common-types v6 privatelinks.json) has no
 * value for an update in progress.
 */
const CONNECTION = `${SERVER}/privateEndpointConnections/{connectionName}`;

export function addConnectionRoutes(router: Router, world: WorldCore): void {
  const { read, write } = stateHandlers(world);
  router
    .add('GET', `${SERVER}/privateEndpointConnections`, 'postgres', read(listConnections))
    .add(
      'GET',
      CONNECTION,
      'postgres',
      read((s, _r, p) => {
        const srv = serverOf(s, p);
        return ok(connectionBody(srv, requireConnection(srv, p)));
      }),
    )
    .add(
      'PUT',
      CONNECTION,
      'postgres',
      write((s, req, p) => {
        const srv = serverOf(s, p);
        const connection = requireConnection(srv, p);
        const decision = parseDecision(req);
        if (connection.status === 'Rejected' && decision.status === 'Approved') {
          throw conflict(
            `Private endpoint connection '${connection.name}' was rejected and cannot be approved; the private endpoint must be re-created.`,
          );
        }
        const op = startOperation(world, s, {
          kind: 'connection-update',
          subscriptionId: srv.subscriptionId,
          location: srv.location,
          resourceId: `${serverIdOf(srv)}/privateEndpointConnections/${connection.name}`,
          payload: { ...decision },
        });
        return acceptedOperation(world, req, op);
      }),
    )
    .add(
      'DELETE',
      CONNECTION,
      'postgres',
      write((s, req, p) => {
        const srv = serverOf(s, p);
        const connection = byName(srv.connections, p['connectionName']);
        if (!connection) return noContent(204);
        const op = startOperation(world, s, {
          kind: 'connection-delete',
          subscriptionId: srv.subscriptionId,
          location: srv.location,
          resourceId: `${serverIdOf(srv)}/privateEndpointConnections/${connection.name}`,
          payload: {},
        });
        connection.provisioningState = 'Deleting';
        return acceptedOperation(world, req, op);
      }),
    );
}

function listConnections(s: WorldState, req: SimRequest, p: RouteParams): SimResponse {
  const srv = serverOf(s, p);
  return pageOf(
    req,
    srv.connections.map((c) => connectionBody(srv, c)),
  );
}

function requireConnection(srv: ServerState, p: RouteParams): ConnectionState {
  const connection = byName(srv.connections, p['connectionName']);
  if (!connection) {
    throw resourceNotFound(
      `${SERVER_TYPE}/privateEndpointConnections`,
      p['connectionName'],
      srv.resourceGroup,
    );
  }
  return connection;
}

function parseDecision(req: SimRequest): { status: 'Approved' | 'Rejected'; description: string } {
  const state = objectAt(objectAt(req.body, 'properties'), 'privateLinkServiceConnectionState');
  const status = stringAt(state, 'status');
  if (status === undefined) {
    throw invalidContent(
      "The request content was invalid: 'properties.privateLinkServiceConnectionState.status' is required.",
    );
  }
  const normalized = (['Approved', 'Rejected'] as const).find((v) => sameName(v, status));
  if (!normalized) {
    throw invalidContent(
      `The private link service connection status '${status}' is not valid; use 'Approved' or 'Rejected'.`,
    );
  }
  return { status: normalized, description: stringAt(state, 'description') ?? '' };
}
