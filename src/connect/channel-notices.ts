import type { Activity } from 'botbuilder';
import type { ServerRef } from '../azure/resource-ids';
import type { Logger } from '../logger';
import type { ConnectFlow, ConversationKind, StoredReference, Store, StoredTestOutcome } from '../store';

/** Posts into a conversation; TeamsMessenger.post has this shape. */
export interface NoticePoster {
  post(reference: StoredReference, kind: ConversationKind, activity: Partial<Activity>): Promise<unknown>;
}

/**
 * One-line status notifications for the conversations subscribed to a server (`watch`), e.g. when a linked
 * service was created and tested. Best effort: a conversation that cannot be reached is logged and skipped.
 */
export class ChannelNotices {
  constructor(
    private readonly store: Store,
    private readonly poster: NoticePoster | undefined,
    private readonly logger: Logger,
  ) {}

  async notify(server: ServerRef, text: string): Promise<number> {
    if (!this.poster) return 0;
    let sent = 0;
    for (const subscription of await this.store.subscriptions.listForServer(server)) {
      try {
        await this.poster.post(subscription.reference, subscription.kind, {
          type: 'message',
          text,
          textFormat: 'plain',
        });
        sent++;
      } catch (error) {
        this.logger.warn(
          { err: error, conversation: subscription.conversationId },
          'connect notice not posted',
        );
      }
    }
    return sent;
  }
}

/** The one line a subscribed channel gets when a flow's linked service was created and tested. */
export function testNotice(flow: ConnectFlow, outcome: StoredTestOutcome): string {
  const what = `${flow.requester.name} connected ${flow.factory?.factoryName ?? 'a factory'} to ${flow.server?.serverName ?? 'a server'}: linked service ${flow.linkedServiceName ?? ''}`;
  if (outcome.ok) return `${what} created and tested, connection successful.`;
  if (outcome.status === 'create-failed') return `${what} not created.`;
  return `${what} created, but the connection test failed (${outcome.status}).`;
}
