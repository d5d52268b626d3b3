import { parentNotFound, resourceNotFound } from './arm-errors';
import { factoryBody, managedVirtualNetworkBody, runtimeBody, runtimeStatusBody } from './datafactory-views';
import { ok, type RouteParams, type SimRequest, type SimResponse } from './http-types';
import { sameName } from './json';
import { byName, FACTORY_TYPE, requireFactory, requireResourceGroup, requireSubscription } from './lookup';
import { pageOf } from './paging';
import { stateHandlers } from './route-kit';
import type { Router } from './router';
import type { WorldCore } from './world-core';
import type {
  FactoryState,
  IntegrationRuntimeState,
  ManagedVirtualNetworkState,
  WorldState,
} from './world-state';

/**
 * Microsoft.DataFactory (2018-06-01): factories, managed virtual networks, integration runtimes (interactive
 * authoring in interactive-query-routes.ts).
 */
const DF_GROUP =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DataFactory';
export const FACTORY = `${DF_GROUP}/factories/{factoryName}`;
export const MVNET = `${FACTORY}/managedVirtualNetworks/{managedVirtualNetworkName}`;
export const IR = `${FACTORY}/integrationRuntimes/{integrationRuntimeName}`;

export function factoryOf(s: WorldState, p: RouteParams, asParent = true): FactoryState {
  return requireFactory(s, p['subscriptionId'], p['resourceGroupName'], p['factoryName'], asParent);
}

export function addDataFactoryRoutes(router: Router, world: WorldCore): void {
  const { read } = stateHandlers(world);
  router
    .add(
      'GET',
      '/subscriptions/{subscriptionId}/providers/Microsoft.DataFactory/factories',
      'datafactory',
      read(listInSubscription),
    )
    .add('GET', `${DF_GROUP}/factories`, 'datafactory', read(listInGroup))
    .add(
      'GET',
      FACTORY,
      'datafactory',
      read((s, _r, p) => ok(factoryBody(factoryOf(s, p, false)))),
    )
    .add(
      'GET',
      `${FACTORY}/managedVirtualNetworks`,
      'datafactory',
      read((s, req, p) => {
        const f = factoryOf(s, p);
        return pageOf(
          req,
          f.managedVirtualNetworks.map((m) => managedVirtualNetworkBody(f, m)),
        );
      }),
    )
    .add(
      'GET',
      MVNET,
      'datafactory',
      read((s, _r, p) => {
        const f = factoryOf(s, p);
        return ok(managedVirtualNetworkBody(f, managedVirtualNetworkOf(f, p, false)));
      }),
    )
    .add(
      'GET',
      `${FACTORY}/integrationRuntimes`,
      'datafactory',
      read((s, req, p) => {
        const f = factoryOf(s, p);
        return pageOf(
          req,
          f.integrationRuntimes.map((ir) => runtimeBody(f, ir, world.now())),
        );
      }),
    )
    .add(
      'GET',
      IR,
      'datafactory',
      read((s, _r, p) => {
        const f = factoryOf(s, p);
        return ok(runtimeBody(f, runtimeOf(f, p), world.now()));
      }),
    )
    .add(
      'POST',
      `${IR}/getStatus`,
      'datafactory',
      read((s, _r, p) => {
        const f = factoryOf(s, p);
        return ok(runtimeStatusBody(f, runtimeOf(f, p)));
      }),
    );
}

function listInSubscription(s: WorldState, req: SimRequest, p: RouteParams): SimResponse {
  requireSubscription(s, p['subscriptionId']);
  return pageOf(
    req,
    s.factories.filter((f) => sameName(f.subscriptionId, p['subscriptionId'])).map(factoryBody),
  );
}

function listInGroup(s: WorldState, req: SimRequest, p: RouteParams): SimResponse {
  requireResourceGroup(s, p['subscriptionId'], p['resourceGroupName']);
  const inGroup = s.factories.filter(
    (f) =>
      sameName(f.subscriptionId, p['subscriptionId']) && sameName(f.resourceGroup, p['resourceGroupName']),
  );
  return pageOf(req, inGroup.map(factoryBody));
}

export function managedVirtualNetworkOf(
  f: FactoryState,
  p: RouteParams,
  asParent: boolean,
): ManagedVirtualNetworkState {
  const name = p['managedVirtualNetworkName'];
  const mvnet = byName(f.managedVirtualNetworks, name);
  if (mvnet) return mvnet;
  throw asParent
    ? parentNotFound(`${f.name}/${name}`)
    : resourceNotFound(`${FACTORY_TYPE}/managedVirtualNetworks`, name, f.resourceGroup);
}

export function runtimeOf(f: FactoryState, p: RouteParams): IntegrationRuntimeState {
  const ir = byName(f.integrationRuntimes, p['integrationRuntimeName']);
  if (!ir) {
    throw resourceNotFound(
      `${FACTORY_TYPE}/integrationruntimes`,
      p['integrationRuntimeName'],
      f.resourceGroup,
    );
  }
  return ir;
}
