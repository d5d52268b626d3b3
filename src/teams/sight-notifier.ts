import type { BlindSpot, SightSink } from '../approvals/blind-spots';
import type { Logger } from '../logger';
import type { Subscription } from '../store/conversation-records';
import type { Store } from '../store/store';
import type { TeamsMessenger } from './teams-messenger';

/**
 * Tells the watching conversations when the watcher cannot read a server or scope (and when it can again): a
 * conversation watching that server (or, for a scope, any watching conversation) gets one plain message each time.
 * BlindSpots decides when; this only says it.
 */
export class SightNotifier implements SightSink {
  constructor(
    private readonly store: Store,
    private readonly messenger: TeamsMessenger,
    private readonly logger: Logger,
  ) {}

  async cannotSee(spot: BlindSpot): Promise<void> {
    await this.tell(
      spot,
      `I cannot see ${spot.label} since ${spot.since.toISOString().slice(11, 16)} UTC: ${spot.reason}. ` +
        `Until I can, new requests there get no card and decisions made there are not noticed. Fix: ${spot.fix}`,
    );
  }

  async canSeeAgain(spot: BlindSpot): Promise<void> {
    await this.tell(spot, `I can see ${spot.label} again.`);
  }

  private async tell(spot: BlindSpot, text: string): Promise<void> {
    for (const subscription of await this.watching(spot)) {
      try {
        await this.messenger.post(subscription.reference, subscription.kind, {
          type: 'message',
          text,
          textFormat: 'plain',
        });
      } catch (error) {
        this.logger.warn(
          { err: error, conversation: subscription.conversationId, spot: spot.key },
          'sight message failed',
        );
      }
    }
  }

  /** One entry per conversation: those watching the server, or every watching conversation for a wider scope. */
  private async watching(spot: BlindSpot): Promise<Subscription[]> {
    const all = spot.server
      ? await this.store.subscriptions.listForServer(spot.server)
      : await this.store.subscriptions.list();
    return [...new Map(all.map((s) => [s.conversationId, s])).values()];
  }
}
