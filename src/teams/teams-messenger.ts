import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Logger } from '../logger';
import { retriedByAzurePipeline } from '../retry/azure-pipeline-retries';
import { retry, RetryCancellation, type RetryPolicy } from '../retry/retry-policy';
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

/**
 * Teams throttles per conversation and asks bots to retry 412, 429, 502 and 504 with exponential backoff
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit). The Bot Connector client's pipeline
 * already retries 429 with Retry-After, 502 and 504 (see azure-pipeline-retries.ts), so this adds only what it
 * leaves: 412, and 429 without Retry-After.
 */
const TEAMS_RETRIES = new Set([412, 429, 502, 504]);
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

  /** Pauses between tries for all sends in progress end at once (they fail with RetryStopped): for shutdown. */
  private readonly cancellation = new RetryCancellation();

  stop(): void {
    this.cancellation.cancel();
  }

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
    const policy: RetryPolicy = { attempts: MAX_ATTEMPTS, firstDelayMs: this.backoffMs };
    const hooks = {
      shouldRetry: (error: unknown) => {
        const status = statusOf(error);
        return status !== undefined && TEAMS_RETRIES.has(status) && !retriedByAzurePipeline(error);
      },
      onRetry: ({ error, attempt, delayMs }: { error: unknown; attempt: number; delayMs: number }) =>
        this.logger.warn({ status: statusOf(error), attempt, delayMs }, 'teams throttled, retrying'),
      signal: this.cancellation.signal,
    };
    try {
      return await retry(policy, hooks, () =>
        continueConversation(this.adapter, this.appId, reference, work),
      );
    } catch (error) {
      if (
        statusOf(error) === 403 &&
        /BotNotInConversationRoster/i.test(String((error as Error).message) + codeOf(error))
      ) {
        throw new ConversationGoneError(conversationId);
      }
      throw error;
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
