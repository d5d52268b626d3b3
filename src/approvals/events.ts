import type { ApprovalRequest } from '../store/request-records';

/**
 * What happened to an approval request, as the watcher and the decision runner see it. They never talk to Teams;
 * the notifier turns these into cards and replies. Each event carries the request as stored after the change.
 */
export type ApprovalEvent =
  /**
   * Published every cycle while a connection is pending (not only the first time): the notifier makes sure each
   * subscribed conversation has exactly one card, which also covers a restart between seeing and posting, and
   * conversations that subscribed after the request was first seen.
   */
  | { type: 'RequestPending'; request: ApprovalRequest; firstSeen: boolean }
  | { type: 'DecisionStarted'; request: ApprovalRequest }
  | { type: 'RequestDecided'; request: ApprovalRequest }
  | { type: 'DecisionFailed'; request: ApprovalRequest; error: string }
  | { type: 'DecidedElsewhere'; request: ApprovalRequest }
  | { type: 'FactorySawDecision'; request: ApprovalRequest; afterSeconds: number }
  /**
   * Published at every sweep while a request waits past REMIND_AFTER: `period` (1, 2, …) is how many whole
   * REMIND_AFTER have passed, so the notifier sends each period's reminder once, however often this is published.
   */
  | { type: 'ReminderDue'; request: ApprovalRequest; period: number; waitedMs: number }
  /**
   * Published at every sweep while a request waits past ESCALATE_AFTER: the notifier posts the card, once, in each
   * conversation watching for escalations (also ones that subscribed after the request escalated).
   */
  | {
      type: 'EscalationDue';
      request: ApprovalRequest;
      waitedMs: number;
      /** The REMIND_AFTER period the request is in (absent: reminders off or none due): a fresh card counts as its reminder. */
      reminderPeriod?: number;
    };

export interface ApprovalEventSink {
  publish(event: ApprovalEvent): Promise<void>;
  /**
   * The watcher finished a cycle (also one that failed half-way): everything it publishes in a cycle has been
   * published. A sink that holds a cycle's events back to look at them together (summary cards) acts now.
   */
  cycleEnded?(): Promise<void>;
}

/** Fans events out to several sinks; one failing sink does not stop the others (each logs its own failures). */
export class EventFanOut implements ApprovalEventSink {
  private readonly sinks: ApprovalEventSink[] = [];

  add(sink: ApprovalEventSink): void {
    this.sinks.push(sink);
  }

  async publish(event: ApprovalEvent): Promise<void> {
    await Promise.allSettled(this.sinks.map((sink) => sink.publish(event)));
  }

  async cycleEnded(): Promise<void> {
    await Promise.allSettled(this.sinks.map((sink) => sink.cycleEnded?.()));
  }
}
