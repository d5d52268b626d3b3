import { factoryId, serverId, type FactoryRef, type ServerRef } from '../azure/resource-ids';
import type { Acting } from './acting';
import { refusalFrom, refusalText } from './azure-refusal';

/**
 * Who may do what, asked in the product's words. With ACT_AS=user, Azure answers (the person's effective
 * permissions at the scope, from their own token); with ACT_AS=bot, the policy file does (policy-access.ts). The
 * bot adds nothing here; its own rules (no self-approval, a reason to reject) live with the decision.
 */
export type DecisionWord = 'approve' | 'reject';

export type Verdict = { allowed: true } | { allowed: false; message: string; detail: string };

/** What `watch` asks for: one server, one resource group, or every server the bot watches. */
export type WatchTarget =
  | { kind: 'server'; server: ServerRef }
  | { kind: 'resourceGroup'; subscriptionId: string; resourceGroup: string }
  | { kind: 'everything'; scopes: ReadonlyArray<{ subscriptionId: string; resourceGroup?: string }> };

export interface Access {
  /** Approve (or reject) private endpoint connections of the server. */
  mayDecide(acting: Acting, personId: string, server: ServerRef, doing: DecisionWord): Promise<Verdict>;
  /** See the server's requests: its cards (`pending`), its `history`, its `status`. */
  maySee(acting: Acting, personId: string, server: ServerRef): Promise<Verdict>;
  /** Have approval cards posted into a conversation. */
  mayWatch(acting: Acting, personId: string, target: WatchTarget): Promise<Verdict>;
  /** Create managed private endpoints and linked services in the factory (the guided flow). */
  mayRequest(acting: Acting, personId: string, factory: FactoryRef): Promise<Verdict>;
}

/** The RBAC actions behind each question (RBAC operations catalog, test/fixtures/azure/rbac-operations.json). */
export const ACTIONS = {
  decide: 'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write',
  see: 'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/read',
  request: 'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints/write',
} as const;

/** ACT_AS=user: Azure decides, from the person's own effective permissions at the scope. */
export class AzureAccess implements Access {
  mayDecide(acting: Acting, _personId: string, server: ServerRef, doing: DecisionWord): Promise<Verdict> {
    return ask(acting, serverId(server), ACTIONS.decide, `${doing} private endpoints`, server.serverName);
  }

  maySee(acting: Acting, _personId: string, server: ServerRef): Promise<Verdict> {
    return ask(acting, serverId(server), ACTIONS.see, 'see private endpoint connections', server.serverName);
  }

  async mayWatch(acting: Acting, _personId: string, target: WatchTarget): Promise<Verdict> {
    const scopes = scopesOf(target);
    for (const { id, name } of scopes) {
      const verdict = await ask(acting, id, ACTIONS.see, 'watch private endpoint connections', name);
      if (!verdict.allowed) return verdict;
    }
    return { allowed: true };
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
  const refusal = refusalFrom(await acting.gateway.permissionsAt(scope), action, scope);
  if (!refusal) return { allowed: true };
  return {
    allowed: false,
    message: refusalText(doing, target, refusal),
    detail: `azure: lacks ${refusal.action} over ${refusal.scope}`,
  };
}

function scopesOf(target: WatchTarget): Array<{ id: string; name: string }> {
  if (target.kind === 'server') return [{ id: serverId(target.server), name: target.server.serverName }];
  if (target.kind === 'resourceGroup') {
    return [
      {
        id: `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`,
        name: `resource group ${target.resourceGroup}`,
      },
    ];
  }
  return target.scopes.map((s) => ({
    id: `/subscriptions/${s.subscriptionId}${s.resourceGroup ? `/resourceGroups/${s.resourceGroup}` : ''}`,
    name: s.resourceGroup ? `resource group ${s.resourceGroup}` : `subscription ${s.subscriptionId}`,
  }));
}
