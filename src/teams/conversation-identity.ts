import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationKind, StoredReference } from '../store/conversation-records';
import type { TeamsActor } from '../approvals/approval-policy';
import { personName } from '../text/user-text';

/**
 * A channel message arrives in conversation "<channel>;messageid=<thread>"; subscriptions and cards belong to the
 * channel, so the thread part is dropped. Chats are their own conversation.
 */
export function conversationKeyOf(activity: Partial<Activity>): string {
  return (activity.conversation?.id ?? '').split(';')[0]!;
}

export function conversationKindOf(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'personal' || (!type && !activity.conversation?.isGroup)) return 'personal';
  return 'groupChat';
}

/**
 * The reference to store for later proactive posts: the conversation itself, not the thread of this message, and
 * without this message's id (with it, every later post would be sent as a reply to this one message).
 */
export function storedReferenceOf(activity: Partial<Activity>): StoredReference {
  const reference = TurnContext.getConversationReference(activity);
  delete reference.activityId;
  return { ...reference, conversation: { ...reference.conversation!, id: conversationKeyOf(activity) } };
}

export function actorOf(activity: Partial<Activity>, tenantId: string): TeamsActor {
  return { aadObjectId: activity.from?.aadObjectId ?? '', name: personName(activity.from?.name), tenantId };
}
