import { TurnContext } from 'botbuilder';
import type { ApprovalQueries } from '../../approvals/approval-queries';
import { ago, type ApprovalCardOptions, renderApprovalCard, utc } from '../../cards/approval-card';
import { renderFactListCard, type FactSection } from '../../cards/fact-list-card';
import { shortName } from '../../cards/short-name';
import type { Store } from '../../store/store';
import type { Command } from '../command-router';
import { conversationKeyOf } from '../conversation-identity';
import { actingFor, visibleServers, type CommandAccess } from './command-access';
import { refusalOf, refusalText } from '../../identity/azure-refusal';
import type { ApprovalRequest } from '../../store/request-records';
import type { AuditEntry } from '../../store/tracking-records';
import { describeHistoryEntry } from './history-lines';

const SERVER_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/i;
const MAX_CARDS = 10;
const HISTORY_LIMIT = 15;

export interface RequestCommandDeps extends CommandAccess {
  store: Store;
  queries: ApprovalQueries;
  now: () => Date;
  /** How approval cards are rendered (EXPIRE_AFTER). */
  cardOptions?: ApprovalCardOptions;
}

/**
 * `pending`: the open requests with their cards. A card already in this conversation is not posted again (every
 * copy must stay up to date, and the store tracks one per conversation); it is listed instead.
 */
export function createPendingCommand(deps: RequestCommandDeps): Command {
  return {
    name: 'pending',
    usage: 'pending',
    description: 'Show the open approval requests, with their cards.',
    async handle(context) {
      const { turn } = context;
      const acting = await actingFor(deps, context, 'pending');
      if (!acting) return;
      const all = await deps.queries.openRequests();
      const person = turn.activity.from?.aadObjectId ?? '';
      const { visible } = await visibleServers(
        deps,
        acting,
        person,
        all.map((r) => r.server),
      );
      const open = all.filter((r) => visible.has(r.server.serverName.toLowerCase()));
      if (open.length === 0)
        return void (await turn.sendActivity('No open approval requests on servers you can see.'));
      const conversationId = conversationKeyOf(turn.activity);
      const alreadyHere: Array<[string, string]> = [];
      for (const request of open.slice(0, MAX_CARDS)) {
        if (!(await deps.store.cards.reserveCard(request.id, conversationId))) {
          alreadyHere.push([
            request.server.serverName,
            `${request.connectionName} (${request.status}, card posted earlier here)`,
          ]);
          continue;
        }
        let sent;
        try {
          const card = renderApprovalCard(request, deps.now(), undefined, deps.cardOptions);
          sent = await turn.sendActivity({ attachments: [card] });
        } catch (error) {
          // Not posted: free the reservation so the watcher's next cycle (or another `pending`) can post it.
          await deps.store.cards.releaseCardReservation(request.id, conversationId);
          throw error;
        }
        // Kept with this message's own conversation (in a channel: its thread), where the card was sent.
        await deps.store.cards.recordCardPosted(request.id, conversationId, {
          reference: TurnContext.getConversationReference(turn.activity),
          activityId: sent?.id ?? '',
        });
      }
      const more = open.length > MAX_CARDS ? ` Showing the oldest ${MAX_CARDS}.` : '';
      const summary = `${open.length} open request(s).${more}`;
      const sections: FactSection[] =
        alreadyHere.length > 0 ? [{ heading: 'Already posted here', facts: alreadyHere }] : [];
      if (sections.length > 0 || more)
        await turn.sendActivity({ attachments: [renderFactListCard('Pending requests', summary, sections)] });
    },
  };
}

export function createStatusCommand(deps: RequestCommandDeps): Command {
  return {
    name: 'status',
    usage: 'status <server>',
    description: 'Show a server and its private endpoint connections as Azure reports them now.',
    async handle(context) {
      const { turn, args } = context;
      if (!SERVER_NAME.test(args)) {
        return void (await turn.sendActivity(
          'Which server? Say "status <server name>", for example "status pg-orders".',
        ));
      }
      const found = await deps.queries.findServer(args);
      if (!found) {
        const known = await deps.queries.watchedServerNames();
        return void (await turn.sendActivity(
          `${args} is not a watched server. Watched: ${known.join(', ') || 'none'}.`,
        ));
      }
      const acting = await actingFor(deps, context, 'status');
      if (!acting) return;
      const verdict = await deps.access.maySee(acting, turn.activity.from?.aadObjectId ?? '', found.ref);
      if (!verdict.allowed) return void (await turn.sendActivity(verdict.message));
      let status;
      try {
        status = await deps.queries.serverStatus(found, acting.gateway);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        return void (await turn.sendActivity(
          refusalText('see private endpoint connections', found.ref.serverName, refusal),
        ));
      }
      const { server, connections } = status;
      const blind = deps.queries
        .blindSpotsCovering(server)
        .map(
          (spot) =>
            ` The watcher cannot read ${spot.label} since ${spot.since.toISOString()}: ${spot.reason}.`,
        )
        .join('');
      const summary =
        (server.vnetIntegrated
          ? 'VNet-integrated: this server cannot take Private Link connections (it must be created with public access).'
          : `${server.fullyQualifiedDomainName}, public network access ${server.publicNetworkAccess}, state ${server.state}.`) +
        blind;
      // A long name (often "<endpoint>.<GUID>") is shortened in the title column; the value, which wraps, has it whole.
      const facts = connections.map((c): [string, string] => {
        const name = c.ref.connectionName;
        const full = shortName(name) === name ? '' : ` (full name: ${name})`;
        return [shortName(name), `${c.status}${c.description ? ` — ${c.description}` : ''}${full}`];
      });
      const sections = connections.length > 0 ? [{ heading: 'Private endpoint connections', facts }] : [];
      await turn.sendActivity({
        attachments: [renderFactListCard(server.ref.serverName, summary, sections)],
      });
    },
  };
}

export function createHistoryCommand(deps: RequestCommandDeps): Command {
  return {
    name: 'history',
    usage: 'history [server]',
    description: 'Show recent decisions, refusals and connection flows: outcome, who, when and why.',
    async handle(context) {
      const { turn, args } = context;
      if (args && !SERVER_NAME.test(args))
        return void (await turn.sendActivity('Say "history" or "history <server name>".'));
      const acting = await actingFor(deps, context, 'history');
      if (!acting) return;
      const person = turn.activity.from?.aadObjectId ?? '';
      const named = args ? await deps.queries.findServer(args) : undefined;
      if (named) {
        const verdict = await deps.access.maySee(acting, person, named.ref);
        if (!verdict.allowed) return void (await turn.sendActivity(verdict.message));
      }
      const recorded = await deps.queries.history(args || undefined, HISTORY_LIMIT);
      const servers = recorded.flatMap((e) => (e.server ? [e.server] : []));
      const { visible } = await visibleServers(deps, acting, person, servers);
      // Entries about a server the person cannot see stay out; so do entries about no server at all.
      const entries = recorded.filter((e) => e.server && visible.has(e.server.serverName.toLowerCase()));
      if (entries.length === 0)
        return void (await turn.sendActivity(`No decisions recorded${args ? ` for ${args}` : ''} yet.`));
      const requests = await requestsOf(deps.store, entries);
      const facts = entries.map((e): [string, string] => [
        `${utc(e.at)} (${ago(e.at, deps.now())})`,
        describeHistoryEntry(e, e.requestId ? requests.get(e.requestId) : undefined),
      ]);
      await turn.sendActivity({
        attachments: [
          renderFactListCard(`History${args ? ` of ${args}` : ''}`, '', [
            { heading: 'Most recent first', facts },
          ]),
        ],
      });
    },
  };
}

/** The requests the entries are about, once each: they carry the names an audit entry does not. */
async function requestsOf(
  store: Store,
  entries: readonly AuditEntry[],
): Promise<Map<string, ApprovalRequest>> {
  const ids = [...new Set(entries.flatMap((e) => (e.requestId ? [e.requestId] : [])))];
  const found = await Promise.all(ids.map((id) => store.requests.get(id)));
  return new Map(found.flatMap((r) => (r ? [[r.id, r] as const] : [])));
}
