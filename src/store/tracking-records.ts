/** Records about work in flight and work done: long-running operations, posted cards, the audit log. */
import type { Decision } from '../domain/terms';
import type { ServerRef } from '../domain/resource-ids';
import type { Actor, StoredReference } from './conversation-records';

// ---------------------------------------------------------------- long-running operations

/** An approve/reject PUT on Azure, kept so that a restart resumes it instead of losing (or repeating) it. */
export interface DecisionOperationRecord {
  requestId: string;
  decision: Decision;
  /** The SDK poller's serialized state; resumes polling without starting a second PUT. */
  resumeToken: string;
  startedAt: Date;
  updatedAt: Date;
  /** How many times the operation was started or resumed (lets the resumer give up after a bound). */
  attempts: number;
  finishedAt?: Date;
  outcome?: 'succeeded' | 'failed';
  error?: string;
  /** Which identity sent the write: 'person:<object id>' (ACT_AS=user) or 'bot'. */
  writtenAs?: string;
}

// ---------------------------------------------------------------- posted cards

/**
 * One card (or message) the bot posted, or is about to post, into one conversation. `cardKey` is normally the
 * request id; other messages that must appear once per conversation use their own key (a flow id, or
 * `<requestId>:factory-saw-approval` for a one-off reply).
 */
export interface CardRecord {
  cardKey: string;
  conversationId: string;
  reservedAt: Date;
  /** Present once posted. */
  reference?: StoredReference;
  activityId?: string;
  /** The activity that roots the card's thread, for replies "in the card's thread". */
  threadRootId?: string;
  postedAt?: Date;
}

/** A card that was posted: what the notifier needs to update it for everyone. */
export interface PostedCard extends CardRecord {
  reference: StoredReference;
  activityId: string;
  postedAt: Date;
}

export interface CardPosting {
  reference: StoredReference;
  activityId: string;
  threadRootId?: string;
}

// ---------------------------------------------------------------- audit log

/** Open-ended on purpose: new actions must not need a schema change; these are the ones the product uses. */
export type AuditAction =
  | 'approve'
  | 'reject'
  | 'refused'
  | 'decided-elsewhere'
  | 'operation-failed'
  | 'operation-resumed'
  | 'subscribe'
  | 'unsubscribe'
  | 'subscription-dropped'
  | (string & {});

export interface NewAuditEntry {
  action: AuditAction;
  actor?: Actor;
  tenantId?: string;
  requestId?: string;
  server?: ServerRef;
  connectionName?: string;
  reason?: string;
  stateBefore?: string;
  stateAfter?: string;
  /** Azure's x-ms-correlation-request-id (or request id) of the write, to find it in the activity log. */
  correlationId?: string;
  /** Free text for anything else worth keeping (an error message); never a token or secret. */
  detail?: string;
  /** Which identity made the Azure write this entry records: 'person:<object id>' or 'bot'. */
  writtenAs?: string;
}

export interface AuditEntry extends NewAuditEntry {
  /** Monotonic sequence number: the order entries were appended in. */
  seq: number;
  /** Stamped by the store's clock, never by the caller, so an entry cannot be back-dated. */
  at: Date;
}

export interface AuditQuery {
  requestId?: string;
  /** Server names are globally unique (they are DNS names), so the name alone selects a server. */
  serverName?: string;
  /** One action, or any of several. */
  action?: AuditAction | readonly AuditAction[];
  /** Only entries older than this sequence number (paging backwards). */
  beforeSeq?: number;
  /** Default 50, at most 500. */
  limit?: number;
}
