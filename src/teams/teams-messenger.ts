import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger';
import { continueConversation } from './proactive-turn';
import type { ConversationKind, StoredReference } from '../store/conversation-records';

/** Teams said the bot is no longer in this conversation (403 BotNotInConversationRoster): stop posting there. */
export class ConversationGoneError extends Error {
  constructor(readonly conversationId: string) {
    super(`the bot was removed from conversation ${conversationId}`);
    this.name = 'ConversationGoneError';
  }
}

export interface Posted {
  reference: StoredReference;
  activityId: string;
  /** Replies "in the card's thread" go here (the new thread in a channel; the chat itself elsewhere). */
  threadRootId: string;
}

/** Teams throttles per conversation; these statuses are worth a retry with backoff and jitter. */
const RETRYABLE = new Set([412, 429, 502, 504]);
const MAX_ATTEMPTS = 4;

/**
 * Proactive messaging: post a new card (as a new thread in a channel), update a posted card for everyone, and
 * reply in a card's thread. Everything goes through `continueConversationAsync` with a stored reference, never
 * through a TurnContext of an ended turn.
 */
export class TeamsMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly logger: Logger,
    private readonly backoffMs = 500,
  ) {}

  async post(
    reference: StoredReference,
    kind: ConversationKind,
    activity: Partial<Activity>,
  ): Promise<Posted> {
    return this.withConversation(reference, async (context) => {
      if (kind === 'channel') {
        const channelId = channelIdOf(reference);
        const connector = context.turnState.get<ConnectorClient>(this.adapter.ConnectorClientKey);
        const created = await connector.conversations.createConversation({
          isGroup: true,
          channelData: { channel: { id: channelId } },
          activity: activity as Activity,
          bot: reference.bot!,
        });
        const threadReference = {
          ...reference,
          conversation: { ...reference.conversation!, id: created.id },
        };
        return {
          reference: threadReference,
          activityId: created.activityId ?? '',
          threadRootId: created.activityId ?? '',
        };
      }
      const sent = await context.sendActivity(activity);
      return { reference, activityId: sent?.id ?? '', threadRootId: sent?.id ?? '' };
    });
  }

  async update(reference: StoredReference, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.withConversation(reference, async (context) => {
      await context.updateActivity({ ...activity, type: 'message', id: activityId });
    });
  }

  /** In a channel thread the stored reference already points into the thread; in a chat it is the chat. */
  async reply(reference: StoredReference, activity: Partial<Activity>): Promise<string> {
    return this.withConversation(
      reference,
      async (context) => (await context.sendActivity(activity))?.id ?? '',
    );
  }

  private async withConversation<T>(
    reference: StoredReference,
    work: (context: TurnContext) => Promise<T>,
  ): Promise<T> {
    const conversationId = reference.conversation?.id ?? '';
    for (let attempt = 1; ; attempt++) {
      try {
        return await continueConversation(this.adapter, this.appId, reference, work);
      } catch (error) {
        const status = statusOf(error);
        if (
          status === 403 &&
          /BotNotInConversationRoster/i.test(String((error as Error).message) + codeOf(error))
        ) {
          throw new ConversationGoneError(conversationId);
        }
        if (!status || !RETRYABLE.has(status) || attempt >= MAX_ATTEMPTS) throw error;
        const delay = this.backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random());
        this.logger.warn({ status, attempt, delayMs: Math.round(delay) }, 'teams throttled, retrying');
        await sleep(delay);
      }
    }
  }
}

/** A channel message's conversation id is "<channel id>;messageid=<thread root>"; the channel is the first part. */
export function channelIdOf(reference: StoredReference): string {
  return (reference.conversation?.id ?? '').split(';')[0]!;
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  const value = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof value === 'number' ? value : undefined;
}

function codeOf(error: unknown): string {
  const e = error as { code?: unknown; body?: { error?: { code?: unknown } } };
  return String(e?.code ?? e?.body?.error?.code ?? '');
}
