import type { ApprovalEvent, ApprovalEventSink } from '../approvals/events';
import { sameServer } from '../domain/resource-ids';
import type { Logger } from '../logger';
import type { ApprovalRequest, ConnectFlow, Store } from '../store';
import type { ApprovalWaits } from './approval-waits';

/**
 * The guided flow's ear on the approval loop. A decision (in Teams or in the portal) or Data Factory catching up
 * makes the flows waiting on that server look at Azure again (ApprovalWaits decides what it means). Who asked
 * for a connection is not this sink's job: the watcher reads it (store.endpointRequests) when it opens the request.
 */
export class ConnectEventSink implements ApprovalEventSink {
  constructor(
    private readonly store: Store,
    private readonly waits: ApprovalWaits,
    private readonly logger: Logger,
  ) {}

  async publish(event: ApprovalEvent): Promise<void> {
    try {
      switch (event.type) {
        case 'RequestDecided':
        case 'DecidedElsewhere':
        case 'FactorySawDecision':
          for (const flow of await this.waitingOn(event.request)) await this.waits.checkFlow(flow);
          return;
        default:
          return;
      }
    } catch (error) {
      this.logger.warn(
        { err: error, event: event.type, requestId: event.request.id },
        'connect flows could not handle an approval event',
      );
    }
  }

  private async waitingOn(request: ApprovalRequest): Promise<ConnectFlow[]> {
    const endpoint = request.factoryEndpoint;
    const flows = await this.store.connectFlows.listOpen({ phases: ['waiting-approval'] });
    return flows.filter(
      (f) =>
        f.server !== undefined &&
        sameServer(f.server, request.server) &&
        // Without a known origin every waiting flow on the server looks again: a needless read at worst.
        (!endpoint ||
          (f.endpointName ?? '').toLowerCase() === endpoint.managedPrivateEndpointName.toLowerCase()),
    );
  }
}
