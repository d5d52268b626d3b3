import { ArmError, invalidContent, resourceNotFound } from './arm-errors';
import { ok, type RouteParams, type SimRequest, type SimResponse } from './http-types';
import { objectAt, sameName, stringAt } from './json';
import { requireResourceGroup, requireServer, requireSubscription, serverIdOf, SERVER_TYPE } from './lookup';
import { startOperation } from './lro';
import { acceptedOperation } from './operation-routes';
import {
  checkParameterValue,
  findParameter,
  PARAMETERS,
  type ParameterDefinition,
} from './postgres-parameters';
import { pageOf } from './paging';
import { configurationBody, serverBody } from './postgres-views';
import { stateHandlers } from './route-kit';
import type { Router } from './router';
import type { WorldCore } from './world-core';
import type { ServerState, WorldState } from './world-state';

/** Microsoft.DBforPostgreSQL/flexibleServers: servers, configurations (server parameters), databases. */
export const PG_GROUP =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DBforPostgreSQL';
export const SERVER = `${PG_GROUP}/flexibleServers/{serverName}`;
const CONFIGURATION = `${SERVER}/configurations/{configurationName}`;

export function serverOf(s: WorldState, p: RouteParams, asParent = true): ServerState {
  return requireServer(s, p['subscriptionId'], p['resourceGroupName'], p['serverName'], asParent);
}

export function addPostgresRoutes(router: Router, world: WorldCore): void {
  const { read, write } = stateHandlers(world);
  const updateConfiguration = write((s, req, p) => {
    const srv = serverOf(s, p);
    const def = requireParameter(srv, p);
    const value = stringAt(objectAt(req.body, 'properties'), 'value');
    if (value === undefined) {
      throw invalidContent("The request content was invalid: 'properties.value' is required.");
    }
    const checked = checkParameterValue(def, value);
    if ('error' in checked) throw new ArmError(400, 'InvalidParameterValue', checked.error);
    const op = startOperation(world, s, {
      kind: 'configuration-update',
      subscriptionId: srv.subscriptionId,
      location: srv.location,
      resourceId: `${serverIdOf(srv)}/configurations/${def.name}`,
      payload: { name: def.name, value: checked.value },
    });
    return acceptedOperation(world, req, op);
  });

  router
    .add(
      'GET',
      '/subscriptions/{subscriptionId}/providers/Microsoft.DBforPostgreSQL/flexibleServers',
      'postgres',
      read(listInSubscription),
    )
    .add('GET', `${PG_GROUP}/flexibleServers`, 'postgres', read(listInGroup))
    .add(
      'GET',
      SERVER,
      'postgres',
      read((s, _r, p) => ok(serverBody(serverOf(s, p, false)))),
    )
    .add('GET', `${SERVER}/configurations`, 'postgres', read(listConfigurations))
    .add('GET', CONFIGURATION, 'postgres', read(getConfiguration))
    .add('PUT', CONFIGURATION, 'postgres', updateConfiguration)
    .add('PATCH', CONFIGURATION, 'postgres', updateConfiguration)
    .add('GET', `${SERVER}/databases`, 'postgres', read(listDatabases))
    .add('GET', `${SERVER}/databases/{databaseName}`, 'postgres', read(getDatabase));
}

// The list body embeds each server's properties.privateEndpointConnections like the GET does (ServerList items are
// the same Server definition; example ServerGetWithPrivateEndpoints.json shows them).
function listInSubscription(s: WorldState, req: SimRequest, p: RouteParams): SimResponse {
  requireSubscription(s, p['subscriptionId']);
  return pageOf(
    req,
    s.servers.filter((x) => sameName(x.subscriptionId, p['subscriptionId'])).map(serverBody),
  );
}

function listInGroup(s: WorldState, req: SimRequest, p: RouteParams): SimResponse {
  requireResourceGroup(s, p['subscriptionId'], p['resourceGroupName']);
  const inGroup = s.servers.filter(
    (x) =>
      sameName(x.subscriptionId, p['subscriptionId']) && sameName(x.resourceGroup, p['resourceGroupName']),
  );
  return pageOf(req, inGroup.map(serverBody));
}

function listConfigurations(s: WorldState, req: SimRequest, p: RouteParams): SimResponse {
  const srv = serverOf(s, p);
  return pageOf(
    req,
    PARAMETERS.map((d) => configurationBody(srv, d)),
  );
}

function getConfiguration(s: WorldState, _req: SimRequest, p: RouteParams): SimResponse {
  const srv = serverOf(s, p);
  return ok(configurationBody(srv, requireParameter(srv, p)));
}

function requireParameter(srv: ServerState, p: RouteParams): ParameterDefinition {
  const def = findParameter(p['configurationName']);
  if (!def) {
    throw resourceNotFound(`${SERVER_TYPE}/configurations`, p['configurationName'], srv.resourceGroup);
  }
  return def;
}

/**
 * Databases_ListByServer (Azure/azure-rest-api-specs specification/postgresql/resource-manager/
 * Microsoft.DBforPostgreSQL/stable/2025-08-01/openapi.json, example DatabasesListByServer.json): a pageable
 * `value` of Database resources { id, name, type, properties: { charset, collation } }, system databases included
 * (a new server has postgres, azure_maintenance and azure_sys: see builders.ts).
 */
function listDatabases(s: WorldState, req: SimRequest, p: RouteParams): SimResponse {
  const srv = serverOf(s, p);
  return pageOf(
    req,
    srv.databases.map((d) => databaseBody(srv, d)),
  );
}

function getDatabase(s: WorldState, _req: SimRequest, p: RouteParams): SimResponse {
  const srv = serverOf(s, p);
  const db = srv.databases.find((d) => d === p['databaseName']);
  if (!db) throw resourceNotFound(`${SERVER_TYPE}/databases`, p['databaseName'], srv.resourceGroup);
  return ok(databaseBody(srv, db));
}

function databaseBody(srv: ServerState, name: string): Record<string, unknown> {
  return {
    properties: { charset: 'UTF8', collation: 'en_US.utf8' },
    id: `${serverIdOf(srv)}/databases/${name}`,
    name,
    type: `${SERVER_TYPE}/databases`,
  };
}
