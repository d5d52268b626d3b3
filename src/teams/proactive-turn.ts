import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { StoredReference } from '../store/conversation-records';

/**
 * A turn in a conversation the bot is not answering in (after an approval, from a background job), through the
 * stored reference. Errors are caught inside the callback and rethrown outside: left inside, they would go to the
 * adapter's onTurnError, which swallows them (no retry, no 403 handling) and posts "Sorry, something went wrong"
 * into the very conversation that just failed.
 */
export async function continueConversation<T>(
  adapter: CloudAdapter,
  appId: string,
  reference: StoredReference,
  work: (context: TurnContext) => Promise<T>,
): Promise<T> {
  let result: T | undefined;
  let failure: { error: unknown } | undefined;
  await adapter.continueConversationAsync(appId, reference as ConversationReference, async (context) => {
    try {
      result = await work(context);
    } catch (error) {
      failure = { error };
    }
  });
  if (failure) throw failure.error;
  return result as T;
}

/**
 * Turns in a conversation from outside it, as the guided flow needs them: how a waiting flow is resumed after an
 * approval, or a progress card updated by a background job. Production uses the CloudAdapter (`cloudAdapterTurns`);
 * tests drive the same dialogs through botbuilder's TestAdapter.
 */
export interface ProactiveTurns {
  continueConversation(
    reference: StoredReference,
    logic: (turn: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export function cloudAdapterTurns(adapter: CloudAdapter, appId: string): ProactiveTurns {
  return {
    continueConversation: (reference, logic) => continueConversation(adapter, appId, reference, logic),
  };
}
