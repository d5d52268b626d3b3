import { renderFactListCard } from '../../cards/fact-list-card';
import type { ApprovalQueries } from '../../approvals/approval-queries';
import type { WatchScope } from '../../azure/gateway';
import type { WatchTarget } from '../../identity';
import type { Store } from '../../store/store';
import type { Command, CommandContext } from '../command-router';
import { actingFor, type CommandAccess } from './command-access';
import { tenantOf } from '../activity-guard';
import { actorOf, conversationKeyOf, conversationKindOf, storedReferenceOf } from '../conversation-identity';

/** Server names and resource group names: what Azure allows in either, and nothing that could be markup. */
const FILTER = /^[A-Za-z0-9._()-]{1,90}$/;

export interface SubscriptionCommandDeps {
  store: Store;
}

export interface WatchCommandDeps extends SubscriptionCommandDeps, CommandAccess {
  queries: ApprovalQueries;
  /** The subscriptions and resource groups the bot watches: what a bare `watch` covers. */
  watchedScopes: readonly WatchScope[];
}

function tenantIdOf(context: CommandContext): string {
  const tenant = tenantOf(context.turn.activity);
  return tenant.conversation ?? tenant.channelData ?? '';
}

export function createWatchCommand(deps: WatchCommandDeps): Command {
  return {
    name: 'watch',
    usage: 'watch [server or resource group]',
    description:
      'Post approval cards here for every watched server, or only for one server or resource group.',
    async handle(context) {
      const filter = context.args || undefined;
      if (filter && !FILTER.test(filter)) {
        await context.turn.sendActivity(
          'That is not a server or resource group name (letters, digits, . _ ( ) - only). Nothing changed.',
        );
        return;
      }
      const target = await resolveTarget(deps, filter);
      if (!target) {
        await context.turn.sendActivity(
          `I don't watch a server or resource group named "${filter}". Say status <server> or pending to see what is watched. Nothing changed.`,
        );
        return;
      }
      const activity = context.turn.activity;
      const tenantId = tenantIdOf(context);
      const acting = await actingFor(deps, context, 'watch');
      if (!acting) return;
      const verdict = await deps.access.mayWatch(acting, activity.from?.aadObjectId ?? '', target);
      if (!verdict.allowed) {
        await deps.store.audit.append({
          action: 'refused',
          actor: actorOf(activity, tenantId),
          tenantId,
          ...(target.kind === 'server' ? { server: target.server } : {}),
          detail: `watch ${filter ?? '*'} in ${conversationKeyOf(activity)}: ${verdict.detail}`,
        });
        await context.turn.sendActivity(`${verdict.message} Nothing changed.`);
        return;
      }
      const added = await deps.store.subscriptions.add({
        conversationId: conversationKeyOf(activity),
        reference: storedReferenceOf(activity),
        kind: conversationKindOf(activity),
        tenantId,
        ...(filter ? { filter } : {}),
        subscribedBy: actorOf(activity, tenantId),
      });
      if (added) {
        await deps.store.audit.append({
          action: 'subscribe',
          actor: actorOf(activity, tenantId),
          tenantId,
          detail: `${conversationKindOf(activity)} ${conversationKeyOf(activity)} filter=${filter ?? '*'}`,
        });
      }
      const scope = filter ? `for ${filter}` : 'for every watched server';
      await context.turn.sendActivity(
        added
          ? `Watching ${scope}: new approval requests will be posted here.`
          : `This conversation was already watching ${scope}.`,
      );
    },
  };
}

/** What a filter names: a watched server, else a resource group holding watched servers; undefined when neither. */
async function resolveTarget(
  deps: WatchCommandDeps,
  filter: string | undefined,
): Promise<WatchTarget | undefined> {
  if (!filter) return { kind: 'everything', scopes: deps.watchedScopes };
  const server = await deps.queries.findServer(filter);
  if (server) return { kind: 'server', server: server.ref };
  const inGroup = await deps.queries.serversInGroup(filter);
  if (inGroup.length === 0) return undefined;
  return {
    kind: 'resourceGroup',
    subscriptionId: inGroup[0]!.ref.subscriptionId,
    resourceGroup: inGroup[0]!.ref.resourceGroup,
  };
}

export function createUnwatchCommand(deps: SubscriptionCommandDeps): Command {
  return {
    name: 'unwatch',
    usage: 'unwatch [server or resource group]',
    description: 'Stop posting approval cards here (all of them, or only that filter).',
    async handle(context) {
      const activity = context.turn.activity;
      const conversationId = conversationKeyOf(activity);
      const removed = context.args
        ? Number(await deps.store.subscriptions.remove(conversationId, context.args))
        : await deps.store.subscriptions.removeAllForConversation(conversationId);
      if (removed > 0) {
        const tenantId = tenantIdOf(context);
        await deps.store.audit.append({
          action: 'unsubscribe',
          actor: actorOf(activity, tenantId),
          tenantId,
          detail: `${conversationId} filter=${context.args || '*'}`,
        });
      }
      await context.turn.sendActivity(
        removed > 0
          ? 'Stopped watching. Cards already posted stay up to date.'
          : 'Nothing to stop: this conversation was not watching that.',
      );
    },
  };
}

export function createWatchingCommand(deps: SubscriptionCommandDeps): Command {
  return {
    name: 'watching',
    usage: 'watching',
    description: 'List what this conversation is watching.',
    async handle(context) {
      const subscriptions = await deps.store.subscriptions.listForConversation(
        conversationKeyOf(context.turn.activity),
      );
      if (subscriptions.length === 0) {
        await context.turn.sendActivity('This conversation is not watching anything. Say "watch" to start.');
        return;
      }
      const facts = subscriptions.map((s): [string, string] => [
        s.filter ?? 'every watched server',
        `since ${s.subscribedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, by ${s.subscribedBy.name}`,
      ]);
      await context.turn.sendActivity({
        attachments: [renderFactListCard('Watching', '', [{ heading: 'Subscriptions', facts }])],
      });
    },
  };
}
