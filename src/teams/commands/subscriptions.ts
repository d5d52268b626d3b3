import { renderFactListCard } from '../../cards/fact-list-card';
import type { Store } from '../../store/store';
import type { Command, CommandContext } from '../command-router';
import { tenantOf } from '../activity-guard';
import { actorOf, conversationKeyOf } from '../conversation-identity';

export interface SubscriptionCommandDeps {
  store: Store;
}

export function tenantIdOf(context: CommandContext): string {
  const tenant = tenantOf(context.turn.activity);
  return tenant.conversation ?? tenant.channelData ?? '';
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
