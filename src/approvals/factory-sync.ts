import type { ApprovalRequest } from '../store/request-records';
import type { Store } from '../store/store';
import type { ApprovalEventSink } from './events';
import type { FactoryEndpointReads } from './factory-endpoint-reads';

/** Data Factory catches up within minutes; after a day nobody is waiting for the news, so stop asking. */
const FACTORY_SYNC_WATCH_MS = 24 * 3600 * 1000;

/**
 * Data Factory learns of a decision minutes after the server does. Each cycle, for the decided requests whose
 * factory has not shown it yet, the factory's managed private endpoints are listed once per factory (not read one
 * by one per request: a burst of decisions must not spend the subscription's ARM read budget), and the channel
 * is told, once, when the factory's side shows the decision.
 */
export class FactorySyncCheck {
  constructor(
    private readonly store: Store,
    private readonly events: ApprovalEventSink,
    private readonly now: () => Date,
  ) {}

  /** `reads`: the cycle's Data Factory reads, shared with the lookup of new connections' origins. */
  async run(reads: FactoryEndpointReads): Promise<number> {
    const since = new Date(this.now().getTime() - FACTORY_SYNC_WATCH_MS);
    const waiting = (await this.store.requests.listAwaitingFactory(since)).filter((r) =>
      this.awaitsFactory(r),
    );
    let count = 0;
    for (const request of waiting) {
      const { factory, managedPrivateEndpointName } = request.factoryEndpoint!;
      const mpe = (await reads.endpointsOf(factory!)).find(
        (m) => m.name.toLowerCase() === managedPrivateEndpointName.toLowerCase(),
      );
      if (mpe?.connectionStatus === request.decision?.decision && (await this.report(request))) count++;
    }
    return count;
  }

  private awaitsFactory(request: ApprovalRequest): boolean {
    if (!request.factoryEndpoint?.factory || request.adfSyncSeenAt || !request.decision?.decision)
      return false;
    return this.now().getTime() - decidedAt(request).getTime() <= FACTORY_SYNC_WATCH_MS;
  }

  private async report(request: ApprovalRequest): Promise<boolean> {
    const seenAt = this.now();
    if (!(await this.store.requests.annotate(request.id, { adfSyncSeenAt: seenAt }))) return false;
    const afterSeconds = Math.max(0, Math.round((seenAt.getTime() - decidedAt(request).getTime()) / 1000));
    const updated = (await this.store.requests.get(request.id)) ?? request;
    await this.events.publish({ type: 'FactorySawDecision', request: updated, afterSeconds });
    return true;
  }
}

function decidedAt(request: ApprovalRequest): Date {
  return request.decision?.decidedAt ?? request.updatedAt;
}
