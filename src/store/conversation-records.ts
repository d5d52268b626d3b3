/**
 * Records about conversations and people. Like every record file in src/store, nothing here knows about SQL or
 * blobs: a record is what a caller gets back, whichever implementation holds it. Times are Dates.
 */
import type { ConversationReference } from 'botbuilder';

/** What `TurnContext.getConversationReference()` returns and `continueConversationAsync()` accepts. */
export type StoredReference = Partial<ConversationReference>;

export type ConversationKind = 'channel' | 'groupChat' | 'personal';

/** A person as Teams names them: the AAD object id is the identity, the name is for display only. */
export interface Actor {
  aadObjectId: string;
  name: string;
  /**
   * The person's Teams user id (the MRI, "29:..."), when they reached the bot through Teams: what a card's
   * `refresh.userIds` lists to give them their own view of it.
   */
  teamsUserId?: string;
}

/**
 * What a subscription is for: `cards`, every approval card (`watch`); `escalation`, only the cards of requests still
 * undecided after ESCALATE_AFTER (`watch --escalation`).
 */
export type SubscriptionPurpose = 'cards' | 'escalation';

/** A conversation that asked (`watch`) to receive approval cards. */
export interface Subscription {
  conversationId: string;
  reference: StoredReference;
  kind: ConversationKind;
  tenantId: string;
  /** A server name or resource group (compared case-insensitively); absent = every watched server. */
  filter?: string;
  /** Absent = `cards`. */
  purpose?: SubscriptionPurpose;
  subscribedBy: Actor;
  subscribedAt: Date;
}

export type NewSubscription = Omit<Subscription, 'subscribedAt'>;

/** A conversation the bot was installed in (kept so it can answer a requester there later). */
export interface Installation {
  conversationId: string;
  reference: StoredReference;
  kind: ConversationKind;
  tenantId: string;
  installedAt: Date;
  updatedAt: Date;
}

export type NewInstallation = Omit<Installation, 'installedAt' | 'updatedAt'>;

/** The bot's 1:1 chat with one user, to message a requester proactively. */
export interface PersonalConversation {
  aadObjectId: string;
  tenantId: string;
  reference: StoredReference;
  updatedAt: Date;
}

export type NewPersonalConversation = Omit<PersonalConversation, 'updatedAt'>;
