import { ok } from '../http-types';
import { stateHandlers } from '../route-kit';
import type { Router } from '../router';
import type { WorldCore } from '../world-core';
import { permissionsAt } from './evaluate';
import { requireScope, SCOPE_TEMPLATES, scopeOfPath } from './scopes';

/**
 * The caller's effective permissions at a resource group or resource: Permissions_ListForResourceGroup and
 * Permissions_ListForResource (Microsoft.Authorization 2022-04-01), one entry per role that applies there (assigned
 * at the scope or above). The spec has no subscription-level variant, so neither has the sandbox. Reading it needs
 * `Microsoft.Authorization/permissions/read` there, as any ARM operation (the gate checks it).
 */
export function addPermissionRoutes(router: Router, world: WorldCore): void {
  const { read } = stateHandlers(world);
  const { resourceGroup, resource, child } = SCOPE_TEMPLATES;
  for (const scope of [resourceGroup, resource, child]) {
    router.add(
      'GET',
      `${scope}/providers/Microsoft.Authorization/permissions`,
      'authorization',
      read((s, req) => {
        const at = scopeOfPath(req.path);
        requireScope(s, at);
        const value = permissionsAt(s.authorization, req.caller.objectId, at).map((p) => ({
          actions: p.actions,
          notActions: p.notActions,
          dataActions: p.dataActions,
          notDataActions: p.notDataActions,
          condition: null,
          conditionVersion: null,
        }));
        return ok({ value });
      }),
    );
  }
}
