import type { ApprovalEvent, ApprovalEventSink } from '../approvals/events';
import { type ApprovalCardOptions, renderApprovalCard } from '../cards/approval-card';
import type { Logger } from '../logger';
import type { ApprovalRequest } from '../store/request-records';
import type { Store } from '../store/store';
import type { Subscription } from '../store/conversation-records';
import type { CardPosting } from '../store/tracking-records';
import { ConversationGoneError, type TeamsMessenger } from './teams-messenger';
import { coveredBySummary, summaryCoverKey } from './summary-cover';
import {
  decisionReplyText,
  escalationText,
  factorySawText,
  reminderText,
  requesterReminderText,
} from './notification-text';

/**
 * Turns approval events into Teams messages: one card per request in each subscribed conversation (the store's
 * card reservation makes that exactly-once across cycles and restarts), every copy updated for everyone when the
 * request changes, and short replies in each card's thread. It remembers every posted card, never in memory.
 */
export class ApprovalNotifier implements ApprovalEventSink {
  constructor(
    private readonly store: Store,
    private readonly messenger: TeamsMessenger,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    /** How every copy is rendered (EXPIRE_AFTER: the card says when it expires). */
    private readonly cardOptions: ApprovalCardOptions = {},
  ) {}

  async publish(event: ApprovalEvent): Promise<void> {
    try {
      switch (event.type) {
        case 'RequestPending':
          await this.ensureCards(
            event.request,
            await this.store.subscriptions.listForServer(event.request.server),
            { skipSummarized: true },
          );
          return;
        case 'DecisionStarted':
        case 'DecisionFailed':
          return await this.updateCards(event.request);
        case 'RequestDecided':
        case 'DecidedElsewhere':
          await this.updateCards(event.request);
          await this.replyOnce(event.request, 'decision', decisionReplyText(event.request));
          return;
        case 'FactorySawDecision':
          await this.replyOnce(
            event.request,
            'factory-saw',
            factorySawText(event.request, event.afterSeconds),
          );
          return;
        case 'ReminderDue':
          return await this.remind(event.request, event.period, event.waitedMs);
        case 'EscalationDue':
          return await this.escalate(event.request, event.waitedMs, event.reminderPeriod);
      }
    } catch (error) {
      this.logger.error(
        { err: error, event: event.type, requestId: event.request.id },
        'notification failed',
      );
    }
  }

  /**
   * One card per subscribed conversation. An escalated card is the same card (key: the request id), so taps on it
   * work and every update reaches it; a conversation that already has the card gets no second one. A pending
   * request a summary card listed in a conversation gets no card of its own there (summary-batching.ts); an
   * escalation does post it: by then someone must see the card itself.
   */
  private async ensureCards(
    request: ApprovalRequest,
    subscriptions: readonly Subscription[],
    { skipSummarized = false } = {},
  ): Promise<Array<{ conversationId: string; posted: CardPosting }>> {
    const fresh: Array<{ conversationId: string; posted: CardPosting }> = [];
    for (const subscription of subscriptions) {
      if (skipSummarized && (await coveredBySummary(this.store, request.id, subscription.conversationId)))
        continue;
      if (!(await this.store.cards.reserveCard(request.id, subscription.conversationId))) continue;
      try {
        const card = renderApprovalCard(request, this.now(), subscription.tenantId, this.cardOptions);
        const posted = await this.messenger.post(subscription.reference, subscription.kind, {
          attachments: [card],
        });
        await this.store.cards.recordCardPosted(request.id, subscription.conversationId, posted);
        fresh.push({ conversationId: subscription.conversationId, posted });
        this.logger.info(
          { requestId: request.id, conversation: subscription.conversationId },
          'approval card posted',
        );
      } catch (error) {
        await this.store.cards.releaseCardReservation(request.id, subscription.conversationId);
        await this.handlePostFailure(subscription, error);
      }
    }
    return fresh;
  }

  /** Re-renders from the stored request, so every copy shows the same truth whatever the event carried. */
  private async updateCards(request: ApprovalRequest): Promise<void> {
    const current = (await this.store.requests.get(request.id)) ?? request;
    for (const card of await this.store.cards.listCards(request.id)) {
      const tenantId = card.reference.conversation?.tenantId;
      const attachment = renderApprovalCard(current, this.now(), tenantId, this.cardOptions);
      try {
        await this.messenger.update(card.reference, card.activityId, { attachments: [attachment] });
      } catch (error) {
        if (error instanceof ConversationGoneError) {
          await this.conversationGone(card.conversationId, card.reference.conversation?.tenantId);
          continue;
        }
        this.logger.warn(
          { err: error, requestId: request.id, conversation: card.conversationId },
          'card update failed',
        );
      }
    }
  }

  /**
   * The card goes to the escalation conversations; every thread holding it hears why, once. Nobody watching for
   * escalations of this server: nothing to say.
   */
  private async escalate(request: ApprovalRequest, waitedMs: number, reminderPeriod?: number): Promise<void> {
    const escalation = await this.store.subscriptions.listForServer(request.server, 'escalation');
    if (escalation.length === 0) return;
    for (const { conversationId, posted } of await this.ensureCards(request, escalation)) {
      // The card just arrived there: it is this period's reminder for that conversation, not followed by another.
      if (reminderPeriod === undefined) continue;
      const key = `${request.id}:${reminderTopic(reminderPeriod)}`;
      if (await this.store.cards.reserveCard(key, conversationId))
        await this.store.cards.recordCardPosted(key, conversationId, posted);
    }
    await this.replyOnce(request, 'escalation', escalationText(request, waitedMs));
  }

  /**
   * A period's reminder, once per conversation holding the card and once to the requester; the cards are
   * re-rendered too when a reminder went out, so their "asked … ago" moves on with it.
   */
  private async remind(request: ApprovalRequest, period: number, waitedMs: number): Promise<void> {
    const topic = reminderTopic(period);
    const sent = await this.replyOnce(request, topic, reminderText(request, waitedMs));
    if (request.requester) {
      // What the approvers have, if anything: the requester is told the truth either way.
      const text = requesterReminderText(request, waitedMs, await this.approversHave(request));
      await this.messagePersonOnce(request, request.requester.aadObjectId, topic, text);
    }
    if (sent > 0) await this.updateCards(request);
  }

  private async approversHave(request: ApprovalRequest): Promise<'card' | 'summary' | 'nothing'> {
    if ((await this.store.cards.listCards(request.id)).length > 0) return 'card';
    return (await this.store.cards.listCards(summaryCoverKey(request.id))).length > 0 ? 'summary' : 'nothing';
  }

  /**
   * One message to a person's chat with the bot per request and topic, ever (reserved like a card). Skipped when
   * that chat already got it as a card's thread, and when the person never talked to the bot.
   */
  private async messagePersonOnce(
    request: ApprovalRequest,
    aadObjectId: string,
    topic: string,
    text: string,
  ): Promise<void> {
    const chat = await this.store.conversations.getPersonalConversation(aadObjectId);
    const conversationId = chat?.reference.conversation?.id;
    if (!chat || !conversationId) return;
    const key = `${request.id}:${topic}`;
    if (!(await this.store.cards.reserveCard(key, conversationId))) return;
    try {
      const posted = await this.messenger.post(chat.reference, 'personal', {
        type: 'message',
        text,
        textFormat: 'plain',
      });
      await this.store.cards.recordCardPosted(key, conversationId, posted);
    } catch (error) {
      await this.store.cards.releaseCardReservation(key, conversationId);
      this.logger.warn({ err: error, requestId: request.id, topic }, 'message to the requester failed');
    }
  }

  /** One reply per card thread and topic, ever: the reply itself is reserved like a card. Returns how many went out. */
  private async replyOnce(request: ApprovalRequest, topic: string, text: string): Promise<number> {
    const key = `${request.id}:${topic}`;
    let sent = 0;
    for (const card of await this.store.cards.listCards(request.id)) {
      if (!(await this.store.cards.reserveCard(key, card.conversationId))) continue;
      try {
        const activityId = await this.messenger.reply(card.reference, {
          type: 'message',
          text,
          textFormat: 'plain',
        });
        await this.store.cards.recordCardPosted(key, card.conversationId, {
          reference: card.reference,
          activityId,
        });
        sent++;
      } catch (error) {
        await this.store.cards.releaseCardReservation(key, card.conversationId);
        if (error instanceof ConversationGoneError) {
          await this.conversationGone(card.conversationId, card.reference.conversation?.tenantId);
          continue;
        }
        this.logger.warn({ err: error, requestId: request.id, topic }, 'thread reply failed');
      }
    }
    return sent;
  }

  private async handlePostFailure(subscription: Subscription, error: unknown): Promise<void> {
    if (!(error instanceof ConversationGoneError)) {
      this.logger.warn(
        { err: error, conversation: subscription.conversationId },
        'posting a card failed; retried next cycle',
      );
      return;
    }
    await this.conversationGone(subscription.conversationId, subscription.tenantId);
  }

  /** Teams said 403 BotNotInConversationRoster (on a post, an update or a reply): stop posting there. */
  private async conversationGone(conversationId: string, tenantId: string | undefined): Promise<void> {
    const removed = await this.store.subscriptions.removeAllForConversation(conversationId);
    if (removed === 0) return; // already dropped (another card there answered 403 first)
    await this.store.audit.append({
      action: 'subscription-dropped',
      ...(tenantId ? { tenantId } : {}),
      detail: `Teams answered 403 BotNotInConversationRoster; ${removed} subscription(s) removed`,
    });
    this.logger.warn({ conversation: conversationId }, 'bot removed from conversation; subscription dropped');
  }
}

/** Each REMIND_AFTER period's reminder is reserved under its own key, `<requestId>:reminder:<n>`. */
function reminderTopic(period: number): string {
  return `reminder:${period}`;
}
