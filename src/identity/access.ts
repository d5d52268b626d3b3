import type { PermissionSet } from '../azure/gateway';
import { factoryId, serverId, type FactoryRef, type ServerRef } from '../domain/resource-ids';
import { AzureError } from '../errors';
import type { Acting } from './acting';
import { refusalFrom, refusalText } from './azure-refusal';

/**
 * Who may do what, asked in the product's words. With ACT_AS=user, Azure answers (the person's effective
 * permissions at the scope, from their own token); with ACT_AS=bot, the policy file does (policy-access.ts). The
 * bot adds nothing here; its own rules (no self-approval, a reason to reject) live with the decision.
 */
export type DecisionWord = 'approve' | 'reject';

export type Verdict = { allowed: true } | { allowed: false; message: string; detail: string };

export interface Access {
  /** Approve (or reject) private endpoint connections of the server. */
  mayDecide(acting: Acting, personId: string, server: ServerRef, doing: DecisionWord): Promise<Verdict>;
  /** See the server's requests: its cards (`watch`, `pending`), its `history`, its `status`. */
  maySee(acting: Acting, personId: string, server: ServerRef): Promise<Verdict>;
  /** Create managed private endpoints and linked services in the factory (the guided flow). */
  mayRequest(acting: Acting, personId: string, factory: FactoryRef): Promise<Verdict>;
  /**
   * See the requests of every server in a resource group, answered once for all of them: Azure RBAC is inherited
   * down the hierarchy, so what a person holds at the resource group (or above) they hold on each server in it.
   * Lets a command over 1,000 servers ask once per resource group, not 1,000 times (each ask is an ARM read from
   * the subscription's shared budget). The permissions API has no subscription-level operation (only
   * Permissions_ListForResourceGroup and _ListForResource), hence the resource group. false means "ask server by
   * server"; absent where there is no such shortcut.
   */
  maySeeAllIn?(acting: Acting, personId: string, group: ResourceGroupScope): Promise<boolean>;
}

export interface ResourceGroupScope {
  subscriptionId: string;
  resourceGroup: string;
}

/** The RBAC actions behind each question (RBAC operations catalog, test/fixtures/azure/rbac-operations.json). */
export const ACTIONS = {
  decide: 'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write',
  see: 'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/read',
  request: 'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints/write',
} as const;

/** ACT_AS=user: Azure decides, from the person's own effective permissions at the resource. */
export class AzureAccess implements Access {
  mayDecide(acting: Acting, _personId: string, server: ServerRef, doing: DecisionWord): Promise<Verdict> {
    return ask(acting, serverId(server), ACTIONS.decide, `${doing} private endpoints`, server.serverName);
  }

  maySee(acting: Acting, _personId: string, server: ServerRef): Promise<Verdict> {
    return ask(acting, serverId(server), ACTIONS.see, 'see private endpoint connections', server.serverName);
  }

  async maySeeAllIn(acting: Acting, _personId: string, group: ResourceGroupScope): Promise<boolean> {
    const id = `/subscriptions/${group.subscriptionId}/resourceGroups/${group.resourceGroup}`;
    return (await ask(acting, id, ACTIONS.see, 'see private endpoint connections', id)).allowed;
  }

  mayRequest(acting: Acting, _personId: string, factory: FactoryRef): Promise<Verdict> {
    return ask(
      acting,
      factoryId(factory),
      ACTIONS.request,
      'create managed private endpoints',
      factory.factoryName,
    );
  }
}

async function ask(
  acting: Acting,
  scope: string,
  action: string,
  doing: string,
  target: string,
): Promise<Verdict> {
  const refusal = refusalFrom(await permissionsOrNone(acting, scope), action, scope);
  if (!refusal) return { allowed: true };
  return {
    allowed: false,
    message: refusalText(doing, target, refusal),
    detail: `azure: lacks ${refusal.action} over ${refusal.scope}`,
  };
}

/**
 * Asking for one's permissions is itself authorized (`Microsoft.Authorization/permissions/read`: the built-in roles
 * and the custom roles of deploy/roles include it). Where Azure refuses even that, the person holds nothing there
 * that this bot could use.
 */
async function permissionsOrNone(acting: Acting, scope: string): Promise<PermissionSet[]> {
  try {
    return await acting.gateway.permissionsAt(scope);
  } catch (error) {
    if (error instanceof AzureError && error.status === 403) return [];
    throw error;
  }
}
