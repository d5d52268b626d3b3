import type { RequestTimerSettings } from '../config/request-timer-settings';
import type { Logger } from '../logger';
import { PeriodicJob } from '../periodic-job';
import { CLAIMABLE_STATUSES, type ApprovalRequest } from '../store/request-records';
import type { Store } from '../store/store';
import type { ApprovalEventSink } from './events';

export interface TimersReport {
  /** Requests waiting for a decision that the sweep looked at. */
  waiting: number;
  reminders: number;
  escalated: number;
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
      if (report.reminders + report.escalated > 0) this.logger.debug(report, 'request timers done');
      return report;
    } catch (error) {
      this.logger.warn({ err: error }, 'request timers sweep failed');
      throw error;
    }
  }

  private async run(): Promise<TimersReport> {
    const report: TimersReport = { waiting: 0, reminders: 0, escalated: 0 };
    if (!this.enabled) return report;
    const now = this.now();
    for (const request of await this.store.requests.listByStatus(CLAIMABLE_STATUSES)) {
      report.waiting++;
      const waitedMs = now.getTime() - request.firstSeenAt.getTime();
      if (await this.remind(request, waitedMs)) report.reminders++;
      if (await this.escalate(request, waitedMs)) report.escalated++;
    }
    return report;
  }

  /** Period n starts n × REMIND_AFTER after the request was first seen; period 0 is the card itself. */
  private async remind(request: ApprovalRequest, waitedMs: number): Promise<boolean> {
    const every = this.settings.remindAfter?.ms;
    if (!every || waitedMs < every) return false;
    const period = Math.floor(waitedMs / every);
    await this.events.publish({ type: 'ReminderDue', request, period, waitedMs });
    return true;
  }

  private async escalate(request: ApprovalRequest, waitedMs: number): Promise<boolean> {
    const after = this.settings.escalateAfter?.ms;
    if (!after || waitedMs < after) return false;
    await this.events.publish({ type: 'EscalationDue', request, waitedMs });
    return true;
  }
}
