import type { TurnContext } from 'botbuilder';
import { renderCard } from '../cards/render';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { conversationKeyOf, conversationKindOf, storedReferenceOf } from './conversation-identity';

/**
 * Remembers where the bot lives: every installation (to answer there later), each person's 1:1 chat (to message a
 * requester proactively), and forgets a conversation on uninstall, subscriptions included.
 */
export class InstallationTracker {
  constructor(
    private readonly store: Store,
    private readonly environmentNote: string,
    private readonly logger: Logger,
  ) {}

  async installed(turn: TurnContext, tenantId: string): Promise<void> {
    const activity = turn.activity;
    await this.store.conversations.saveInstallation({
      conversationId: conversationKeyOf(activity),
      reference: storedReferenceOf(activity),
      kind: conversationKindOf(activity),
      tenantId,
    });
    await this.rememberPersonalChat(turn, tenantId);
    this.logger.info({ conversation: conversationKeyOf(activity) }, 'bot installed');
    await turn.sendActivity({
      attachments: [renderCard('welcome', { environmentNote: this.environmentNote })],
    });
  }

  async uninstalled(turn: TurnContext): Promise<void> {
    const conversationId = conversationKeyOf(turn.activity);
    await this.store.conversations.removeInstallation(conversationId);
    const removed = await this.store.subscriptions.removeAllForConversation(conversationId);
    this.logger.info({ conversation: conversationId, subscriptionsRemoved: removed }, 'bot uninstalled');
  }

  async rememberPersonalChat(turn: TurnContext, tenantId: string): Promise<void> {
    const activity = turn.activity;
    const aadObjectId = activity.from?.aadObjectId;
    if (conversationKindOf(activity) !== 'personal' || !aadObjectId) return;
    await this.store.conversations.savePersonalConversation({
      aadObjectId,
      tenantId,
      reference: storedReferenceOf(activity),
    });
  }
}
