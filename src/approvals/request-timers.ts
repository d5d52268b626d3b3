import type { RequestTimerSettings } from '../config/request-timer-settings';
import type { Acting } from '../identity/acting';
import { EXPIRY_ACTOR, expiryReason, isExpiry } from './expiry';
import type { Logger } from '../logger';
import { PeriodicJob } from '../periodic-job';
import { CLAIMABLE_STATUSES, type ApprovalRequest } from '../store/request-records';
import type { Store } from '../store/store';
import type { DecisionRunner } from './decision-runner';
import type { ApprovalEventSink } from './events';

/** How an expiry is written: through the decision runner, as the bot's own identity. */
export interface ExpiryWriter {
  runner: Pick<DecisionRunner, 'start'>;
  /**
   * The bot's identity. With ACT_AS=user it only reads unless an administrator also gave it
   * privateEndpointConnections/write on the servers (deploy/roles/README.md, "Expiry"); without it Azure refuses,
   * and the card says so.
   */
  bot: Acting;
}

export interface TimersReport {
  /** Requests waiting for a decision that the sweep looked at. */
  waiting: number;
  reminders: number;
  escalated: number;
  /** Expiries claimed by this sweep (the rejection then runs in the decision runner). */
  expired: number;
}

/**
 * What happens to a request nobody decides (REMIND_AFTER, ESCALATE_AFTER, EXPIRE_AFTER), measured from when the
 * watcher first saw it pending. Run by the leader only, once per poll interval. The sweep itself keeps no state:
 * it says which reminder period a request is in and that it is past escalation, and the notifier's card
 * reservations (`<requestId>:reminder:<n>`, `<requestId>:escalation`, and the card's own `<requestId>` in each
 * escalation conversation) make each message exactly-once across sweeps, restarts and instances. A bot that was down
 * for several periods sends the current period's reminder only, not the ones it missed.
 */
export class RequestTimers {
  private readonly schedule = new PeriodicJob(() => this.runLogged());

  constructor(
    private readonly store: Store,
    private readonly events: ApprovalEventSink,
    private readonly settings: RequestTimerSettings,
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly expiry?: ExpiryWriter,
  ) {}

  /** Whether any of the three is on (otherwise the sweep never runs). */
  get enabled(): boolean {
    const { remindAfter, escalateAfter, expireAfter } = this.settings;
    return Boolean(remindAfter ?? escalateAfter ?? expireAfter);
  }

  start(intervalMs: number): void {
    if (this.enabled) this.schedule.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.schedule.stop();
  }

  /** One sweep now; one already running is joined. */
  sweep(): Promise<TimersReport> {
    return this.schedule.run();
  }

  private async runLogged(): Promise<TimersReport> {
    try {
      const report = await this.run();
      if (report.reminders + report.escalated + report.expired > 0)
        this.logger.debug(report, 'request timers done');
      return report;
    } catch (error) {
      this.logger.warn({ err: error }, 'request timers sweep failed');
      throw error;
    }
  }

  private async run(): Promise<TimersReport> {
    const report: TimersReport = { waiting: 0, reminders: 0, escalated: 0, expired: 0 };
    if (!this.enabled) return report;
    const now = this.now();
    for (const request of await this.store.requests.listByStatus(CLAIMABLE_STATUSES)) {
      report.waiting++;
      const waitedMs = now.getTime() - request.firstSeenAt.getTime();
      if (await this.expire(request, waitedMs)) {
        report.expired++;
        continue;
      }
      const period = this.reminderPeriod(waitedMs);
      if (period !== undefined) {
        await this.events.publish({ type: 'ReminderDue', request, period, waitedMs });
        report.reminders++;
      }
      if (await this.escalate(request, waitedMs, period)) report.escalated++;
    }
    return report;
  }

  /** Period n starts n × REMIND_AFTER after the request was first seen; period 0 (no reminder) is the card itself. */
  private reminderPeriod(waitedMs: number): number | undefined {
    const every = this.settings.remindAfter?.ms;
    if (!every || waitedMs < every) return undefined;
    return Math.floor(waitedMs / every);
  }

  /**
   * Rejects through the normal decision path: the claim (first decision wins, so a tap at the same moment and a
   * second instance's sweep both lose or win cleanly), then the runner (re-reads Azure, writes, audits, updates
   * every card). An expiry Azure refused is not tried again at every sweep: the card shows why, and people decide.
   */
  private async expire(request: ApprovalRequest, waitedMs: number): Promise<boolean> {
    const after = this.settings.expireAfter;
    if (!after || !this.expiry || waitedMs < after.ms) return false;
    if (request.status === 'failed' && isExpiry(request)) return false;
    const claim = await this.store.decisions.claimDecision(request.id, {
      decision: 'Rejected',
      actorId: EXPIRY_ACTOR.aadObjectId,
      actorName: EXPIRY_ACTOR.name,
      reason: expiryReason(after),
    });
    if (!claim.claimed) return false;
    this.logger.info({ requestId: request.id, after: after.text }, 'request expired: rejecting it');
    this.expiry.runner.start(request.id, this.expiry.bot);
    return true;
  }

  private async escalate(
    request: ApprovalRequest,
    waitedMs: number,
    reminderPeriod: number | undefined,
  ): Promise<boolean> {
    const after = this.settings.escalateAfter?.ms;
    if (!after || waitedMs < after) return false;
    await this.events.publish({
      type: 'EscalationDue',
      request,
      waitedMs,
      ...(reminderPeriod !== undefined ? { reminderPeriod } : {}),
    });
    return true;
  }
}
