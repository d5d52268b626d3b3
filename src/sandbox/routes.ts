import { addAuthoringRoutes } from './authoring-routes';
import { addBotServiceRoutes } from './botservice-routes';
import { addConnectionRoutes } from './connection-routes';
import { addDataFactoryRoutes } from './datafactory-routes';
import { addEndpointRoutes } from './endpoint-routes';
import type { SandboxDirectory } from './entra/directory';
import { addInteractiveQueryRoutes } from './interactive-query-routes';
import { addOperationRoutes } from './operation-routes';
import { addPostgresRoutes } from './postgres-routes';
import { addRbacRoutes } from './rbac/rbac-routes';
import { Router } from './router';
import { addResourceGraphRoutes } from './resource-graph/resource-graph-routes';
import { addRunRoutes } from './run-routes';
import type { WorldCore } from './world-core';

/** Every ARM route the simulator serves, in one place (the front door uses it; a test checks each route's RBAC operation). */
export function buildRouter(
  world: WorldCore,
  directory: SandboxDirectory,
  settings: { activityLogPageSize: number; resourceGraphLagMs?: number },
): Router {
  const router = new Router();
  addPostgresRoutes(router, world);
  addConnectionRoutes(router, world);
  addOperationRoutes(router, world);
  addDataFactoryRoutes(router, world);
  addEndpointRoutes(router, world);
  addAuthoringRoutes(router, world);
  addInteractiveQueryRoutes(router, world);
  addRunRoutes(router, world);
  addRbacRoutes(router, world, directory, settings.activityLogPageSize);
  addBotServiceRoutes(router, world);
  addResourceGraphRoutes(router, world, { lagMs: settings.resourceGraphLagMs ?? 0 });
  return router;
}
