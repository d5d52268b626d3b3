import type { AzureGateway } from '../azure/gateway';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { ApprovalPolicy } from './approval-policy';
import { ApprovalQueries } from './approval-queries';
import { ApprovalService } from './approval-service';
import { DecisionRunner } from './decision-runner';
import { SightFanOut } from './blind-spots';
import { EventFanOut } from './events';
import { Watcher } from './watcher';
import { isExpiry } from './expiry';
import { RequestTimers } from './request-timers';
import type { RequestTimerSettings } from '../config/request-timer-settings';
import type { Access } from '../identity/access';
import type { Identity } from '../identity/identity';
import type { Coordination } from '../store/coordination';

/**
 * A claim younger than this may belong to an instance that has not yet taken the decision's lease, so the sweep
 * leaves it alone: claim and lease are a few milliseconds apart, a dead instance's claim waits one sweep longer.
 */
const CLAIM_GRACE_MS = 5_000;

export interface ApprovalSettings {
  allowedTenantIds: readonly string[];
  /** Who may decide and see: Azure (ACT_AS=user) or the bot's policy (ACT_AS=bot). */
  access: Access;
  /** Who writes: the person or the bot (ACT_AS). */
  identity: Identity;
  pollIntervalSeconds: number;
  /** First pause before a busy Azure is asked again about a started decision (default 2 s; tests shorten it). */
  decisionRetryBackoffMs?: number;
  /** Leases on decisions shared by every instance on the store (default: this process only). */
  leases?: Pick<Coordination, 'withLease'>;
  /** Reminders, escalation and expiry of requests nobody decides (each off when absent). */
  requestTimers?: RequestTimerSettings;
  /** The clock the request timers measure waiting with (tests move it). */
  now?: () => Date;
}

const NO_TIMERS: RequestTimerSettings = {
  remindAfter: undefined,
  escalateAfter: undefined,
  expireAfter: undefined,
};

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
    settings.leases,
  );
  const service = new ApprovalService(store, policy, runner, logger.child({ component: 'approvals' }));
  const sight = new SightFanOut();
  const watcher = new Watcher(
    gateway,
    store,
    events,
    logger.child({ component: 'watcher' }),
    undefined,
    sight,
  );
  const queries = new ApprovalQueries(gateway, store, () => watcher.blindSpots.current());
  const timers = new RequestTimers(
    store,
    events,
    settings.requestTimers ?? NO_TIMERS,
    logger.child({ component: 'request-timers' }),
    settings.now ?? (() => new Date()),
    { runner, bot: settings.identity.bot },
  );
  return {
    events,
    /** Where the watcher says what it cannot read (and when it can again): the Teams side adds its notifier. */
    sight,
    policy,
    runner,
    service,
    watcher,
    queries,
    timers,
    /** Resumes decisions a restart interrupted, then starts polling (the one instance, or the leader). */
    async start(): Promise<void> {
      watcher.start(settings.pollIntervalSeconds * 1000);
      timers.start(settings.pollIntervalSeconds * 1000);
      await this.sweepDecisions();
    },
    /** The leader's periodic sweep: decisions claimed on an instance that died (or before a restart) go on here. */
    async sweepDecisions(): Promise<number> {
      // An expiry is the bot's own decision: after a restart the bot writes it again, also with ACT_AS=user.
      return runner.resumeUnfinished(new Date(Date.now() - CLAIM_GRACE_MS), (request) =>
        isExpiry(request) ? settings.identity.bot : undefined,
      );
    },
    /** No longer the leader: the watcher and the request timers stop here (decisions in flight carry on under their leases). */
    async standDown(): Promise<void> {
      await watcher.stop();
      await timers.stop();
    },
    async stop(): Promise<void> {
      await watcher.stop();
      await timers.stop();
      await runner.stop();
    },
  };
}

export type ApprovalModule = ReturnType<typeof createApprovalModule>;
