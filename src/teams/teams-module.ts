import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { ApprovalModule } from '../approvals/approval-module';
import type { Access, Identity } from '../identity';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { createDecideAction } from './actions/decide-action';
import { createRefreshAction } from './actions/refresh-action';
import { createOpenRequestAction } from './actions/open-request-action';
import type { GuardPolicy, GuardVerdict } from './activity-guard';
import { SightNotifier } from './sight-notifier';
import { ApprovalNotifier } from './approval-notifier';
import { SummaryBatching } from './summary-batching';
import { PrivateLinkBot } from './bot';
import { CardActionRouter, type CardAction } from './card-action-router';
import type { Command } from './command-router';
import { createCommandRouter } from './commands';
import { InstallationTracker } from './installation';
import { TeamsMessenger } from './teams-messenger';
import { personName } from '../text/user-text';
import type { RequestTimerSettings } from '../config/request-timer-settings';

export interface TeamsModuleDeps {
  adapter: CloudAdapter;
  /** Who acts for a person (ACT_AS) and what they may do. */
  identity: Identity;
  access: Access;
  appId: string;
  guard: GuardPolicy;
  store: Store;
  approvals: ApprovalModule;
  environmentNote: string;
  logger: Logger;
  now?: () => Date;
  /** Reminders, escalation and expiry settings (`watch --escalation`, the card's expiry line). */
  requestTimers?: RequestTimerSettings;
  /** Other features' commands and card actions (the guided flow). */
  extraCommands?: readonly Command[];
  extraCardActions?: readonly CardAction[];
  beforeCommand?: (turn: TurnContext, tenantId: string) => Promise<boolean>;
}

/** The Teams side, built in one place: bot, routers, proactive messenger, and the notifier on approval events. */
export function createTeamsModule(deps: TeamsModuleDeps) {
  const now = deps.now ?? (() => new Date());
  const expireAfter = deps.requestTimers?.expireAfter;
  const cardOptions = expireAfter ? { expireAfter } : {};
  const messenger = new TeamsMessenger(
    deps.adapter,
    deps.appId,
    deps.logger.child({ component: 'messenger' }),
  );
  const notifierLogger = deps.logger.child({ component: 'notifier' });
  const notifier = new ApprovalNotifier(deps.store, messenger, notifierLogger, now, cardOptions);
  deps.approvals.events.add(new SummaryBatching(notifier, deps.store, messenger, notifierLogger));
  deps.approvals.sight.add(
    new SightNotifier(deps.store, messenger, deps.logger.child({ component: 'notifier' })),
  );

  const cardActions = new CardActionRouter(deps.logger.child({ component: 'card-actions' }));
  cardActions.register(createDecideAction(deps.approvals.service, deps.identity, now));
  cardActions.register(createRefreshAction(deps.store, now));
  cardActions.register(createOpenRequestAction(deps.store, messenger, now, cardOptions));
  for (const action of deps.extraCardActions ?? []) cardActions.register(action);

  const router = createCommandRouter({
    logger: deps.logger.child({ component: 'commands' }),
    environmentNote: deps.environmentNote,
    approvals: {
      store: deps.store,
      queries: deps.approvals.queries,
      now,
      identity: deps.identity,
      access: deps.access,
      ...(deps.requestTimers?.escalateAfter ? { escalateAfter: deps.requestTimers.escalateAfter } : {}),
      cardOptions,
    },
    ...(deps.extraCommands ? { extra: deps.extraCommands } : {}),
  });
  const bot = new PrivateLinkBot({
    router,
    guard: deps.guard,
    logger: deps.logger.child({ component: 'guard' }),
    cardActions,
    installations: new InstallationTracker(
      deps.store,
      deps.environmentNote,
      deps.logger.child({ component: 'installations' }),
    ),
    onRefusedTap: (turn, verdict) => auditRefusedTap(deps.store, turn, verdict),
    identity: deps.identity,
    ...(deps.beforeCommand ? { beforeCommand: deps.beforeCommand } : {}),
  });
  return { bot, messenger, cardActions, router };
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
