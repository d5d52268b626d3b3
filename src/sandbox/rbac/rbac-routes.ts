import type { SandboxDirectory } from '../entra/directory';
import type { Router } from '../router';
import type { WorldCore } from '../world-core';
import { addActivityLogRoutes } from './activity-log-routes';
import { addPermissionRoutes } from './permission-routes';
import { addRoleAssignmentRoutes } from './role-assignment-routes';
import { addRoleDefinitionRoutes } from './role-definition-routes';

/** Microsoft.Authorization (role definitions, role assignments, permissions) and the activity log. */
export function addRbacRoutes(
  router: Router,
  world: WorldCore,
  directory: SandboxDirectory,
  activityLogPageSize: number,
): void {
  addRoleDefinitionRoutes(router, world);
  addRoleAssignmentRoutes(router, world, directory);
  addPermissionRoutes(router, world);
  addActivityLogRoutes(router, world, activityLogPageSize);
}
