import type { ApprovalModule } from '../approvals/approval-module';
import type { ApprovalCardOptions } from '../cards/approval-card';
import type { RequestTimerSettings } from '../config/request-timer-settings';
import type { Access, Identity } from '../identity';
import type { Store } from '../store/store';
import { createDecideAction } from './actions/decide-action';
import { createOpenRequestAction } from './actions/open-request-action';
import { createRefreshAction } from './actions/refresh-action';
import type { BotFeature } from './bot-feature';
import type { TeamsMessenger } from './teams-messenger';
import { createHistoryCommand, createPendingCommand, createStatusCommand } from './commands/requests';
import { createUnwatchCommand, createWatchingCommand } from './commands/subscriptions';
import { createWatchCommand } from './commands/watch';

export interface ApprovalsFeatureDeps {
  approvals: Pick<ApprovalModule, 'service' | 'queries'>;
  store: Store;
  /** Who acts for a person (ACT_AS) and what they may see. */
  identity: Identity;
  access: Access;
  now?: () => Date;
  /** ESCALATE_AFTER (`watch --escalation` needs it) and EXPIRE_AFTER (the card's expiry line). */
  requestTimers?: RequestTimerSettings;
  /** Posts a request's approval card when someone opens it from a summary card. */
  messenger: TeamsMessenger;
}

/** How approval cards are rendered, wherever they are (commands, notifier): the expiry line with EXPIRE_AFTER. */
export function approvalCardOptions(requestTimers?: RequestTimerSettings): ApprovalCardOptions {
  const expireAfter = requestTimers?.expireAfter;
  return expireAfter ? { expireAfter } : {};
}

/** Approving in Teams: the watch/pending/status/history commands and the approval card's verbs. */
export function createApprovalsFeature(deps: ApprovalsFeatureDeps): BotFeature {
  const now = deps.now ?? (() => new Date());
  const { store, identity, access } = deps;
  const escalateAfter = deps.requestTimers?.escalateAfter;
  const requests = {
    store,
    queries: deps.approvals.queries,
    now,
    identity,
    access,
    cardOptions: approvalCardOptions(deps.requestTimers),
  };
  return {
    name: 'approvals',
    commands: [
      createWatchCommand({ ...requests, ...(escalateAfter ? { escalateAfter } : {}) }),
      createUnwatchCommand({ store }),
      createWatchingCommand({ store }),
      createPendingCommand(requests),
      createStatusCommand(requests),
      createHistoryCommand(requests),
    ],
    cardActions: [
      createDecideAction(deps.approvals.service, identity, now),
      createRefreshAction(store, now),
      createOpenRequestAction(store, deps.messenger, now, requests.cardOptions),
    ],
  };
}
