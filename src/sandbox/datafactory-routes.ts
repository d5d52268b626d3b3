import { ArmError, invalidContent, parentNotFound, resourceNotFound } from './arm-errors';
import { factoryBody, managedVirtualNetworkBody, runtimeBody, runtimeStatusBody } from './datafactory-views';
import { noContent, ok, type RouteParams, type SimRequest, type SimResponse } from './http-types';
import { numberAt, sameName } from './json';
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

/** Microsoft.DataFactory (2018-06-01): factories, managed virtual networks, integration runtimes. */
const DF_GROUP =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DataFactory';
export const FACTORY = `${DF_GROUP}/factories/{factoryName}`;
export const MVNET = `${FACTORY}/managedVirtualNetworks/{managedVirtualNetworkName}`;
const IR = `${FACTORY}/integrationRuntimes/{integrationRuntimeName}`;

export function factoryOf(s: WorldState, p: RouteParams, asParent = true): FactoryState {
  return requireFactory(s, p['subscriptionId'], p['resourceGroupName'], p['factoryName'], asParent);
}

export function addDataFactoryRoutes(router: Router, world: WorldCore): void {
  const { read, write } = stateHandlers(world);
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
          f.integrationRuntimes.map((ir) => runtimeBody(f, ir)),
        );
      }),
    )
    .add(
      'GET',
      IR,
      'datafactory',
      read((s, _r, p) => {
        const f = factoryOf(s, p);
        return ok(runtimeBody(f, runtimeOf(f, p)));
      }),
    )
    .add(
      'POST',
      `${IR}/getStatus`,
      'datafactory',
      read((s, _r, p) => {
        const f = factoryOf(s, p);
        return ok(runtimeStatusBody(f, runtimeOf(f, p), world.now()));
      }),
    )
    // Not in SDK 12: the bot sends it raw. Answers 200 at once; getStatus then reports Enabled.
    .add(
      'POST',
      `${IR}/enableInteractiveQuery`,
      'datafactory',
      write((s, req, p) => {
        const ir = interactiveRuntime(factoryOf(s, p), p);
        const minutes = numberAt(req.body, 'autoTerminationMinutes');
        if (minutes === undefined || minutes < 1) {
          throw invalidContent(
            "The request content was invalid: 'autoTerminationMinutes' must be a positive number.",
          );
        }
        ir.interactiveAuthoring = 'Enabled';
        ir.interactiveAuthoringUntil = world.now() + minutes * 60_000;
        return noContent(200);
      }),
    )
    .add(
      'POST',
      `${IR}/disableInteractiveQuery`,
      'datafactory',
      write((s, _r, p) => {
        const ir = interactiveRuntime(factoryOf(s, p), p);
        ir.interactiveAuthoring = 'Disabled';
        delete ir.interactiveAuthoringUntil;
        return noContent(200);
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

function runtimeOf(f: FactoryState, p: RouteParams): IntegrationRuntimeState {
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

/** Interactive authoring exists only on an Azure IR in a managed virtual network. */
function interactiveRuntime(f: FactoryState, p: RouteParams): IntegrationRuntimeState {
  const ir = runtimeOf(f, p);
  if (ir.type !== 'Managed' || !ir.managedVirtualNetwork) {
    throw new ArmError(
      400,
      'BadRequest',
      `Interactive authoring is only available for an Azure integration runtime in a managed virtual network; '${ir.name}' is not one.`,
    );
  }
  return ir;
}
