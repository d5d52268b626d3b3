import { TestAdapter, TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import type { ProactiveTurns } from '../../../../src/connect';

/** One thing the bot did, as the Teams client would show it. */
export interface Said {
  kind: 'send' | 'update' | 'invoke-reply' | 'channel';
  conversationId: string;
  activity: Partial<Activity>;
}

/**
 * botbuilder's TestAdapter, recording everything the bot sends or updates (the TestAdapter queue forgets updates
 * of activities already read), and able to run proactive turns the way CloudAdapter.continueConversationAsync does:
 * an event activity built from the stored reference, through the same bot logic and state.
 */
export class RecordingAdapter extends TestAdapter {
  readonly said: Said[] = [];

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const responses = await super.sendActivities(context, activities);
    for (const activity of activities) {
      const kind = activity.type === 'invokeResponse' ? 'invoke-reply' : 'send';
      this.said.push({
        kind,
        conversationId: activity.conversation?.id ?? '',
        activity: structuredClone(activity),
      });
    }
    return responses;
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    this.said.push({
      kind: 'update',
      conversationId: activity.conversation?.id ?? '',
      activity: structuredClone(activity),
    });
    await super.updateActivity(context, activity);
  }

  turns(): ProactiveTurns {
    return {
      continueConversation: async (reference, logic) => {
        const activity = TurnContext.applyConversationReference(
          { type: 'event', name: 'continueConversation' },
          reference,
          true,
        );
        await this.processActivity(activity, logic);
      },
    };
  }
}
