import type { TurnContext } from 'botbuilder';
import type { ApprovalModule } from '../approvals/approval-module';
import type { Identity } from '../identity';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import type { GuardPolicy, GuardVerdict } from './activity-guard';
import { SightNotifier } from './sight-notifier';
import { ApprovalNotifier } from './approval-notifier';
import { approvalCardOptions } from './approvals-feature';
import { SummaryBatching } from './summary-batching';
import { PrivateLinkBot } from './bot';
import { registerFeatures, type BotFeature } from './bot-feature';
import { InstallationTracker } from './installation';
import type { TeamsMessenger } from './teams-messenger';
import { personName } from '../text/user-text';
import type { RequestTimerSettings } from '../config/request-timer-settings';

export interface TeamsModuleDeps {
  /** Built by the root before the features, since they post through it too (the flow's channel notices). */
  messenger: TeamsMessenger;
  /** Who acts for a person (ACT_AS): completes sign-ins. */
  identity: Identity;
  guard: GuardPolicy;
  store: Store;
  approvals: ApprovalModule;
  environmentNote: string;
  logger: Logger;
  now?: () => Date;
  /** Reminders, escalation and expiry settings (the card's expiry line). */
  requestTimers?: RequestTimerSettings;
  /** Every feature's commands, card verbs and middleware, registered in this order. */
  features: readonly BotFeature[];
}

/** The Teams side, built in one place: the bot with every feature registered, and the notifiers on approval events. */
export function createTeamsModule(deps: TeamsModuleDeps) {
  const now = deps.now ?? (() => new Date());
  const cardOptions = approvalCardOptions(deps.requestTimers);
  const { messenger } = deps;
  const notifierLogger = deps.logger.child({ component: 'notifier' });
  const notifier = new ApprovalNotifier(deps.store, messenger, notifierLogger, now, cardOptions);
  // A burst of new requests in one conversation gets one summary card instead of a card each (summary-batching.ts).
  deps.approvals.events.add(new SummaryBatching(notifier, deps.store, messenger, notifierLogger));
  deps.approvals.sight.add(
    new SightNotifier(deps.store, messenger, deps.logger.child({ component: 'notifier' })),
  );

  const behaviour = registerFeatures(deps.features, {
    logger: deps.logger,
    environmentNote: deps.environmentNote,
  });
  const bot = new PrivateLinkBot({
    behaviour,
    guard: deps.guard,
    logger: deps.logger.child({ component: 'guard' }),
    installations: new InstallationTracker(
      deps.store,
      deps.environmentNote,
      deps.logger.child({ component: 'installations' }),
    ),
    onRefusedTap: (turn, verdict) => auditRefusedTap(deps.store, turn, verdict),
    identity: deps.identity,
  });
  return { bot, behaviour };
}

/** A tap from outside the allowed tenants changes nothing, but the attempt is worth an audit entry. */
async function auditRefusedTap(
  store: Store,
  turn: TurnContext,
  verdict: Extract<GuardVerdict, { allowed: false }>,
) {
  const data = (
    turn.activity.value as { action?: { verb?: unknown; data?: { requestId?: unknown } } } | undefined
  )?.action;
  const requestId = typeof data?.data?.requestId === 'string' ? data.data.requestId : undefined;
  const request = requestId ? await store.requests.get(requestId) : undefined;
  await store.audit.append({
    action: 'refused',
    actor: {
      aadObjectId: turn.activity.from?.aadObjectId ?? '',
      name: personName(turn.activity.from?.name, ''),
    },
    ...(verdict.tenantId ? { tenantId: verdict.tenantId } : {}),
    ...(request
      ? { requestId: request.id, server: request.server, connectionName: request.connectionName }
      : {}),
    ...(request ? { stateBefore: request.status, stateAfter: request.status } : {}),
    detail: `${verdict.reason}: card action ${String(data?.verb ?? '?')} from channel ${verdict.channelId}`,
  });
}
