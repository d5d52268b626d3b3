import type { CloudAdapter, TurnContext } from 'botbuilder';
import { continueConversation } from '../teams/proactive-turn';
import type { StoredReference } from '../store';

/**
 * A turn in a conversation the bot is not currently answering in: how a waiting flow is resumed after an
 * approval, or a progress card updated by a background job. Production uses the CloudAdapter; tests drive the
 * same dialogs through botbuilder's TestAdapter.
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
