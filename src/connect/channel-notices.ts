import type { Activity } from 'botbuilder';
import type { ServerRef } from '../domain/resource-ids';
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

/**
 * The one line a subscribed channel gets when a flow's linked service was created and tested. A failure says what
 * exists and what failed, each in its own clause, with Azure's reason: "connected" is said only of a connection
 * that works.
 */
export function testNotice(flow: ConnectFlow, outcome: StoredTestOutcome): string {
  const factory = flow.factory?.factoryName ?? 'a factory';
  const server = flow.server?.serverName ?? 'a server';
  const linkedService = `linked service ${flow.linkedServiceName ?? ''}`;
  if (outcome.ok)
    return `${flow.requester.name} connected ${factory} to ${server}: ${linkedService} created and tested, connection successful.`;
  const tried = `${flow.requester.name} is connecting ${factory} to ${server}:`;
  if (outcome.status === 'create-failed')
    return `${tried} ${linkedService} not created: ${reasonOf(outcome)}`;
  return `${tried} ${linkedService} created; its connection test failed: ${reasonOf(outcome)}`;
}

/** Azure's message, on one line and short enough for a notice; the run's status when Azure gave none. */
function reasonOf(outcome: StoredTestOutcome): string {
  const line = (outcome.message ?? '').replace(/\s+/g, ' ').trim() || outcome.status;
  const short = line.length > 300 ? `${line.slice(0, 299)}…` : line;
  return /[.!?…]$/.test(short) ? short : `${short}.`;
}
