import type { ApprovalEvent, ApprovalEventSink } from '../approvals/events';
import { renderRequestsSummaryCard } from '../cards/requests-summary-card';
import type { Logger } from '../logger';
import type { Subscription } from '../store/conversation-records';
import type { ApprovalRequest } from '../store/request-records';
import type { Store } from '../store/store';
import { coveredBySummary, summaryCoverKey } from './summary-cover';
import { ConversationGoneError, type TeamsMessenger } from './teams-messenger';

/** More new requests than this for one conversation in one watcher cycle get one summary card there instead. */
export const SUMMARY_THRESHOLD = 10;

interface Batch {
  subscription: Subscription;
  requests: ApprovalRequest[];
}

/**
 * Stands in front of the approval notifier so a burst (a migration creating 37 private endpoints at once) is one
 * summary card per conversation, not a flood that Teams throttles (429) and people mute. A cycle's RequestPending
 * events are held until the watcher says the cycle ended; then every conversation with more than ten requests it
 * has no card for gets a summary, and the events go on to the notifier, which posts the rest one card each and skips
 * what a summary listed. Every other event passes straight through.
 *
 * Exactly-once across restarts rests on the store's card reservations: each listed request's cover
 * (`<requestId>:summary`, see summary-cover.ts) is reserved before the summary is posted and completed with its
 * posting after. A crash between the two leaves the covers reserved: the requests get nothing until the
 * reservation times out, then a summary or cards of their own (at-least-once, like every card). A summary that
 * fails to post keeps its covers only until this cycle's cards are out, so the next cycle tries again.
 */
export class SummaryBatching implements ApprovalEventSink {
  private held = new Map<string, ApprovalEvent & { type: 'RequestPending' }>();

  constructor(
    private readonly notifier: ApprovalEventSink,
    private readonly store: Store,
    private readonly messenger: TeamsMessenger,
    private readonly logger: Logger,
  ) {}

  async publish(event: ApprovalEvent): Promise<void> {
    if (event.type !== 'RequestPending') return this.notifier.publish(event);
    this.held.set(event.request.id, event);
  }

  async cycleEnded(): Promise<void> {
    const events = [...this.held.values()];
    this.held = new Map();
    const failedCovers: Array<{ requestId: string; conversationId: string }> = [];
    try {
      // Fewer events than the threshold cannot make a batch: the steady state costs no extra store reads.
      if (events.length > SUMMARY_THRESHOLD) {
        for (const batch of await this.largeBatches(events.map((e) => e.request)))
          failedCovers.push(...(await this.postSummary(batch)));
      }
      for (const event of events) await this.notifier.publish(event);
    } catch (error) {
      this.logger.error({ err: error }, 'summary batching failed');
    } finally {
      await this.releaseNow(failedCovers);
    }
  }

  /** Per conversation, the requests it has neither a card nor a summary line for; only the batches above the threshold. */
  private async largeBatches(requests: readonly ApprovalRequest[]): Promise<Batch[]> {
    const batches = new Map<string, Batch>();
    const watchers = new Map<string, readonly Subscription[]>();
    for (const request of requests) {
      const serverKey = JSON.stringify(request.server).toLowerCase();
      let subscriptions = watchers.get(serverKey);
      if (!subscriptions) {
        subscriptions = await this.store.subscriptions.listForServer(request.server);
        watchers.set(serverKey, subscriptions);
      }
      for (const subscription of subscriptions) {
        const { conversationId } = subscription;
        if (await this.store.cards.getCard(request.id, conversationId)) continue;
        if (await coveredBySummary(this.store, request.id, conversationId)) continue;
        const batch = batches.get(conversationId) ?? { subscription, requests: [] };
        batch.requests.push(request);
        batches.set(conversationId, batch);
      }
    }
    return [...batches.values()].filter((b) => b.requests.length > SUMMARY_THRESHOLD);
  }

  /** Returns the covers to give back once this cycle's cards are out (the summary did not get through). */
  private async postSummary({
    subscription,
    requests,
  }: Batch): Promise<Array<{ requestId: string; conversationId: string }>> {
    const { conversationId } = subscription;
    const covered: ApprovalRequest[] = [];
    for (const request of requests)
      if (await this.store.cards.reserveCard(summaryCoverKey(request.id), conversationId))
        covered.push(request);
    const covers = covered.map((r) => ({ requestId: r.id, conversationId }));
    // Someone else took most of them meanwhile: what is left is few enough for cards of their own.
    if (covered.length <= SUMMARY_THRESHOLD) return this.releaseNow(covers);
    try {
      const card = renderRequestsSummaryCard(covered, conversationId);
      const posted = await this.messenger.post(subscription.reference, subscription.kind, {
        attachments: [card],
      });
      for (const request of covered)
        await this.store.cards.recordCardPosted(summaryCoverKey(request.id), conversationId, posted);
      this.logger.info({ conversation: conversationId, requests: covered.length }, 'summary card posted');
      return [];
    } catch (error) {
      this.logger.warn(
        { err: error, conversation: conversationId, requests: covered.length },
        'posting a summary card failed; retried next cycle',
      );
      // Gone from the conversation: give the covers back now, so the notifier's own post meets the 403 and drops it.
      return error instanceof ConversationGoneError ? this.releaseNow(covers) : covers;
    }
  }

  private async releaseNow(covers: ReadonlyArray<{ requestId: string; conversationId: string }>) {
    for (const { requestId, conversationId } of covers)
      await this.store.cards.releaseCardReservation(summaryCoverKey(requestId), conversationId);
    return [];
  }
}
