import { renderFactListCard } from '../../cards/fact-list-card';
import type { Store } from '../../store/store';
import type { Subscription } from '../../store/conversation-records';
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

/** `--escalation` first among a command's words: the subscription for escalated requests, not for every card. */
export function escalationFlag(args: string): { escalation: boolean; rest: string } {
  const match = /^--escalation(?:\s+|$)/i.exec(args);
  return match
    ? { escalation: true, rest: args.slice(match[0].length).trim() }
    : { escalation: false, rest: args };
}

export function createUnwatchCommand(deps: SubscriptionCommandDeps): Command {
  return {
    name: 'unwatch',
    usage: 'unwatch [server or resource group]',
    description:
      'Stop posting approval cards here (all of them, or only that filter; `unwatch --escalation …` for escalations).',
    async handle(context) {
      const activity = context.turn.activity;
      const conversationId = conversationKeyOf(activity);
      const before = await deps.store.subscriptions.listForConversation(conversationId);
      const removed = await removeSubscriptions(deps.store, conversationId, before, context.args);
      if (removed > 0) {
        const tenantId = tenantIdOf(context);
        await deps.store.audit.append({
          action: 'unsubscribe',
          actor: actorOf(activity, tenantId),
          tenantId,
          detail: `${conversationId} filter=${context.args || '*'}`,
        });
      }
      const left = await deps.store.subscriptions.listForConversation(conversationId);
      await context.turn.sendActivity(unwatchAnswer(context.args, before, left, removed > 0));
    },
  };
}

/**
 * `unwatch`: everything here; `unwatch <filter>`: that one; `unwatch --escalation [filter]`: the escalation
 * subscription with that filter, or every escalation subscription here. Returns how many were removed.
 */
async function removeSubscriptions(
  store: Store,
  conversationId: string,
  current: readonly Subscription[],
  args: string,
): Promise<number> {
  const { escalation, rest } = escalationFlag(args);
  if (!escalation && !rest) return store.subscriptions.removeAllForConversation(conversationId);
  const purpose = escalation ? 'escalation' : 'cards';
  const filters = rest ? [rest] : current.filter((s) => s.purpose === 'escalation').map((s) => s.filter);
  let removed = 0;
  for (const filter of filters)
    if (await store.subscriptions.remove(conversationId, filter, purpose)) removed++;
  return removed;
}

/**
 * What `unwatch` did and what is still watched. Names come from the stored subscriptions (checked when `watch`
 * stored them), never from the typed text.
 */
function unwatchAnswer(
  typed: string,
  before: readonly Subscription[],
  left: readonly Subscription[],
  removed: boolean,
): string {
  const label = subscriptionLabel;
  const still =
    left.length > 0
      ? `Still watching here: ${left.map(label).join(', ')}.`
      : 'This conversation watches nothing now.';
  if (removed) {
    const gone = before.filter((s) => !left.some((l) => label(l) === label(s))).map(label);
    return `Stopped watching ${gone.join(', ')}. Cards already posted stay up to date. ${still}`;
  }
  if (before.length === 0) return 'Nothing to stop: this conversation was not watching anything.';
  return `Nothing to stop: this conversation does not watch ${typed ? 'that' : 'anything'}. ${still}`;
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
        subscriptionLabel(s),
        `since ${s.subscribedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, by ${s.subscribedBy.name}`,
      ]);
      await context.turn.sendActivity({
        attachments: [renderFactListCard('Watching', '', [{ heading: 'Subscriptions', facts }])],
      });
    },
  };
}

/** What a subscription watches, as people read it: "pg-orders", "every watched server (escalations only)". */
function subscriptionLabel(s: Subscription): string {
  const what = s.filter ?? 'every watched server';
  return s.purpose === 'escalation' ? `${what} (escalations only)` : what;
}
