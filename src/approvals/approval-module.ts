import type { AzureGateway } from '../azure/gateway';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { ApprovalPolicy } from './approval-policy';
import { ApprovalQueries } from './approval-queries';
import { ApprovalService } from './approval-service';
import { DecisionRunner } from './decision-runner';
import { EventFanOut } from './events';
import { Watcher } from './watcher';
import type { Access } from '../identity/access';
import type { Identity } from '../identity/identity';

export interface ApprovalSettings {
  allowedTenantIds: readonly string[];
  /** Who may decide and see: Azure (ACT_AS=user) or the bot's policy (ACT_AS=bot). */
  access: Access;
  /** Who writes: the person or the bot (ACT_AS). */
  identity: Identity;
  pollIntervalSeconds: number;
  /** First pause before a busy Azure is asked again about a started decision (default 2 s; tests shorten it). */
  decisionRetryBackoffMs?: number;
}

/** The approval loop's domain, built in one place: events fan out to whatever sinks the caller adds (Teams, flows). */
export function createApprovalModule(
  gateway: AzureGateway,
  store: Store,
  settings: ApprovalSettings,
  logger: Logger,
) {
  const events = new EventFanOut();
  const policy = new ApprovalPolicy({ allowedTenantIds: settings.allowedTenantIds, access: settings.access });
  const runner = new DecisionRunner(
    gateway,
    store,
    events,
    logger.child({ component: 'decisions' }),
    settings.identity.mode === 'bot' ? settings.identity.bot : undefined,
    settings.decisionRetryBackoffMs,
  );
  const service = new ApprovalService(store, policy, runner, logger.child({ component: 'approvals' }));
  const watcher = new Watcher(gateway, store, events, logger.child({ component: 'watcher' }));
  const queries = new ApprovalQueries(gateway, store);
  return {
    events,
    policy,
    runner,
    service,
    watcher,
    queries,
    /** Resumes decisions a restart interrupted, then starts polling. */
    async start(): Promise<void> {
      await runner.resumeUnfinished();
      watcher.start(settings.pollIntervalSeconds * 1000);
    },
    async stop(): Promise<void> {
      await watcher.stop();
      await runner.idle();
    },
  };
}

export type ApprovalModule = ReturnType<typeof createApprovalModule>;
