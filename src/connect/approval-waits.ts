import type { Logger } from '../logger';
import type { ConnectFlow, Store } from '../store';
import type { ConnectService, EndpointProgress } from './connect-service';
import type { FlowEvent } from './flow-types';
import type { ProactiveTurns } from '../teams/proactive-turn';
import { PeriodicJob } from '../periodic-job';

export interface ApprovalWaitsDeps {
  /** As the bot: waiting flows are checked with reads only, whoever asked. */
  service: ConnectService;
  store: Store;
  deliver: (flowId: string, event: FlowEvent) => Promise<boolean>;
  proactive: ProactiveTurns;
  logger: Logger;
}

/**
 * Looks at Azure for flows waiting on their endpoint and resumes them when it is decided: approved and seen by Data
 * Factory (go on), or rejected (end, with the reason). Called by the approval loop's events, right after a flow
 * starts waiting, and by a periodic sweep, which also covers events missed while the bot was down: the truth is
 * always re-read from Azure, never taken from the event.
 */
export class ApprovalWaits {
  private readonly schedule = new PeriodicJob(() => this.runSweep());

  constructor(private readonly deps: ApprovalWaitsDeps) {}

  async check(flowId: string): Promise<void> {
    const flow = await this.deps.store.connectFlows.get(flowId);
    if (flow?.phase === 'waiting-approval') await this.checkFlow(flow);
  }

  async checkFlow(flow: ConnectFlow): Promise<EndpointProgress | undefined> {
    if (!flow.factory || !flow.server || !flow.endpointName) return undefined;
    const progress = await this.deps.service.endpointProgress(flow.factory, flow.endpointName, flow.server);
    if (progress.state === 'pending') return progress;
    if (progress.state === 'approved-syncing') {
      await this.noteOnce(
        flow,
        `The private endpoint ${flow.endpointName} to ${flow.server.serverName} was approved${progress.by ? ` by ${progress.by}` : ''}. Data Factory notices approvals a few minutes later; I will go on as soon as it does.`,
      );
      return progress;
    }
    await this.deps.deliver(flow.flowId, { kind: 'endpoint', progress });
    return progress;
  }

  /** Every waiting flow, and tests whose stored outcome has not reached their flow yet. One sweep at a time. */
  sweep(): Promise<void> {
    return this.schedule.run();
  }

  start(intervalMs: number): void {
    this.schedule.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.schedule.stop();
  }

  private async runSweep(): Promise<void> {
    const flows = await this.deps.store.connectFlows.listOpen({ phases: ['waiting-approval', 'testing'] });
    for (const flow of flows) {
      try {
        if (flow.phase === 'waiting-approval') await this.checkFlow(flow);
        else if (flow.testOutcome)
          await this.deps.deliver(flow.flowId, { kind: 'test', outcome: flow.testOutcome });
      } catch (error) {
        this.deps.logger.warn({ err: error, flowId: flow.flowId }, 'could not check a waiting connect flow');
      }
    }
  }

  /** A message to the requester that must appear once, across sweeps, events and restarts. */
  private async noteOnce(flow: ConnectFlow, text: string): Promise<void> {
    const key = `connect:${flow.flowId}:approved`;
    const conversationId = flow.reference.conversation?.id ?? flow.flowId;
    if (!(await this.deps.store.cards.reserveCard(key, conversationId))) return;
    try {
      let activityId = '';
      await this.deps.proactive.continueConversation(flow.reference, async (turn) => {
        activityId = (await turn.sendActivity({ type: 'message', text, textFormat: 'plain' }))?.id ?? '';
      });
      await this.deps.store.cards.recordCardPosted(key, conversationId, {
        reference: flow.reference,
        activityId,
      });
    } catch (error) {
      await this.deps.store.cards.releaseCardReservation(key, conversationId);
      this.deps.logger.warn({ err: error, flowId: flow.flowId }, 'approval note not sent');
    }
  }
}
