import type { ApprovalQueries } from '../../approvals/approval-queries';
import type { ServerFacts } from '../../azure/gateway';
import type { Store } from '../../store/store';
import type { Command } from '../command-router';
import { actorOf, conversationKeyOf, conversationKindOf, storedReferenceOf } from '../conversation-identity';
import { closestNames, orList } from './closest-names';
import { actingFor, visibleServers, type CommandAccess } from './command-access';
import { escalationFlag, tenantIdOf } from './subscriptions';
import type { Duration } from '../../config/request-timer-settings';

/** Server names and resource group names: what Azure allows in either, and nothing that could be markup. */
const FILTER = /^[A-Za-z0-9._()-]{1,90}$/;

export interface WatchCommandDeps extends CommandAccess {
  store: Store;
  queries: ApprovalQueries;
  /** ESCALATE_AFTER, when set: `watch --escalation` is refused without it (nothing would ever come). */
  escalateAfter?: Duration;
}

/**
 * `watch [server or resource group]`: approval cards in this conversation, for the servers the person may see
 * (Azure's answer with ACT_AS=user, the policy's with ACT_AS=bot). When they may see every server asked for, the
 * subscription keeps the filter as typed (servers added later come too); when only some, it names exactly those.
 */
export function createWatchCommand(deps: WatchCommandDeps): Command {
  return {
    name: 'watch',
    usage: 'watch [server or resource group]',
    description:
      'Post approval cards here for the servers you may see: all watched ones, one server, or one resource group. ' +
      '`watch --escalation …`: only requests still undecided after ESCALATE_AFTER.',
    async handle(context) {
      const { turn } = context;
      const { escalation, rest } = escalationFlag(context.args);
      const filter = rest || undefined;
      if (escalation && !deps.escalateAfter) {
        await turn.sendActivity(
          'Escalation is off on this bot (ESCALATE_AFTER is not set), so nothing would be posted here. Nothing changed.',
        );
        return;
      }
      if (filter && !FILTER.test(filter)) {
        await turn.sendActivity(
          'That is not a server or resource group name (letters, digits, . _ ( ) - only). Nothing changed.',
        );
        return;
      }
      const candidates = await serversNamedBy(deps.queries, filter);
      if (candidates.length === 0) {
        await turn.sendActivity(await notWatched(deps.queries, filter ?? ''));
        return;
      }
      const acting = await actingFor(deps, context, 'watch');
      if (!acting) return;
      const activity = turn.activity;
      const tenantId = tenantIdOf(context);
      const actor = actorOf(activity, tenantId);
      const { visible, firstRefusal } = await visibleServers(
        deps,
        acting,
        actor.aadObjectId,
        candidates.map((s) => s.ref),
      );
      if (visible.size === 0) {
        const refusal = firstRefusal;
        await deps.store.audit.append({
          action: 'refused',
          actor,
          tenantId,
          detail: `watch ${filter ?? '*'} in ${conversationKeyOf(activity)}: ${refusal?.detail ?? 'nothing visible'}`,
        });
        await turn.sendActivity(`${refusal?.message ?? 'You may not see these servers.'} Nothing changed.`);
        return;
      }
      const all = visible.size === candidates.length;
      const filters = all
        ? [filter]
        : candidates.filter((s) => visible.has(s.ref.serverName.toLowerCase())).map((s) => s.ref.serverName);
      let added = 0;
      for (const one of filters) {
        const isNew = await deps.store.subscriptions.add({
          conversationId: conversationKeyOf(activity),
          reference: storedReferenceOf(activity),
          kind: conversationKindOf(activity),
          tenantId,
          ...(one ? { filter: one } : {}),
          ...(escalation ? { purpose: 'escalation' as const } : {}),
          subscribedBy: actor,
        });
        if (!isNew) continue;
        added += 1;
        await deps.store.audit.append({
          action: 'subscribe',
          actor,
          tenantId,
          detail: `${conversationKindOf(activity)} ${conversationKeyOf(activity)} filter=${one ?? '*'}${escalation ? ' escalation' : ''}`,
        });
      }
      const escalateAfter = escalation ? deps.escalateAfter : undefined;
      await turn.sendActivity(answer(all, filter, filters as string[], added > 0, escalateAfter));
    },
  };
}

/** The watched servers a filter names: all of them, the server of that name, or those of that resource group. */
async function serversNamedBy(queries: ApprovalQueries, filter: string | undefined): Promise<ServerFacts[]> {
  if (!filter) return queries.watchedServers();
  const server = await queries.findServer(filter);
  return server ? [server] : queries.serversInGroup(filter);
}

/** The refusal for a name that is no watched server or resource group, with the closest names that are. */
async function notWatched(queries: ApprovalQueries, filter: string): Promise<string> {
  const servers = await queries.watchedServers();
  const names = servers.flatMap((s) => [s.ref.serverName, s.ref.resourceGroup]);
  const guesses = closestNames(filter, names);
  const hint = guesses.length > 0 ? ` Did you mean ${orList(guesses)}?` : '';
  return `I don't watch a server or resource group named "${filter}".${hint} Nothing changed.`;
}

function answer(
  all: boolean,
  filter: string | undefined,
  servers: string[],
  added: boolean,
  /** Set for `watch --escalation`: only requests still undecided after this come here. */
  escalateAfter?: Duration,
): string {
  if (escalateAfter) return escalationAnswer(all, filter, servers, added, escalateAfter);
  if (all) {
    const scope = filter ? `for ${filter}` : 'for every watched server';
    return added
      ? `Watching ${scope}: new approval requests will be posted here.`
      : `This conversation was already watching ${scope}.`;
  }
  const named = servers.join(', ');
  const asked = filter ? filter : 'every watched server';
  return (
    `Watching ${named}: of ${asked}, the servers whose connections you may see. New approval requests for them ` +
    `will be posted here; servers you cannot see (and servers added later) are not included.`
  );
}

function escalationAnswer(
  all: boolean,
  filter: string | undefined,
  servers: string[],
  added: boolean,
  after: Duration,
): string {
  const what = `requests still undecided after ${after.text}`;
  const asked = filter ?? 'every watched server';
  if (all)
    return added
      ? `Watching ${asked} for escalations: ${what} will be posted here.`
      : `This conversation was already watching ${asked} for escalations.`;
  return (
    `Watching ${servers.join(', ')} for escalations: of ${asked}, the servers whose connections you may see. ` +
    `The ${what} there will be posted here; servers you cannot see (and servers added later) are not included.`
  );
}
