import type { TurnContext } from 'botbuilder';
import { renderCard } from '../cards/render';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { conversationKeyOf, conversationKindOf, storedReferenceOf } from './conversation-identity';

/** People whose last saved 1:1 reference is kept in memory: beyond this, the oldest is forgotten (and saved again). */
const REMEMBERED_PEOPLE = 10_000;

/**
 * Remembers where the bot lives: every installation (to answer there later), each person's 1:1 chat (to message a
 * requester proactively), and forgets a conversation on uninstall, subscriptions included.
 */
export class InstallationTracker {
  /**
   * What this process last saved per person (tenant + reference, as JSON): a 1:1 message whose reference did not
   * change writes nothing. Saving it on every personal message was a synchronous, fully synced SQLite write per
   * turn, 14% of all CPU under load. Another instance's newer save is just as valid an address, so a stale entry
   * here costs nothing; an installation always writes.
   */
  private readonly savedReferences = new Map<string, string>();

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
    await this.rememberPersonalChat(turn, tenantId, { always: true });
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

  async rememberPersonalChat(
    turn: TurnContext,
    tenantId: string,
    { always = false }: { always?: boolean } = {},
  ): Promise<void> {
    const activity = turn.activity;
    const aadObjectId = activity.from?.aadObjectId;
    if (conversationKindOf(activity) !== 'personal' || !aadObjectId) return;
    const reference = storedReferenceOf(activity);
    const saved = JSON.stringify([tenantId, reference]);
    if (!always && this.savedReferences.get(aadObjectId) === saved) return;
    await this.store.conversations.savePersonalConversation({ aadObjectId, tenantId, reference });
    this.savedReferences.delete(aadObjectId); // re-inserted last: the Map's order is oldest-saved first
    this.savedReferences.set(aadObjectId, saved);
    if (this.savedReferences.size > REMEMBERED_PEOPLE) {
      this.savedReferences.delete(this.savedReferences.keys().next().value!);
    }
  }
}
