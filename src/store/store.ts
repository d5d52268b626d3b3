/**
 * The product's persistence, behind one interface. Callers (watcher, approval service, notifier, guided flow)
 * depend on `Store` only; the embedded default is SQLite (./sqlite), and a shared Azure Blob Storage
 * implementation can follow without touching them. Hence: no SQL words here, every method returns a Promise, and
 * every "exactly once" guarantee is stated as a method contract that any implementation must keep atomically.
 */
import type { Storage } from 'botbuilder';
import type { ServerRef } from '../domain/resource-ids';
import type {
  Installation,
  NewInstallation,
  NewPersonalConversation,
  NewSubscription,
  PersonalConversation,
  Subscription,
  SubscriptionPurpose,
} from './conversation-records';
import type {
  ApprovalRequest,
  ClaimResult,
  DecisionClaim,
  NewRequest,
  RequestAnnotations,
  RequestStatus,
  StatusChange,
} from './request-records';
import type { Decision } from '../domain/terms';
import type { FactoryRef } from '../domain/resource-ids';
import type {
  ConnectFlow,
  ConnectFlowChanges,
  EndpointRequest,
  FlowPhase,
  NewConnectFlow,
  NewEndpointRequest,
} from './connect-records';
import type {
  AuditEntry,
  AuditQuery,
  CardPosting,
  CardRecord,
  DecisionOperationRecord,
  NewAuditEntry,
  PostedCard,
} from './tracking-records';

export interface SubscriptionRepository {
  /** Subscribes a conversation (per filter). Returns false when that exact subscription existed (its reference is refreshed). */
  add(subscription: NewSubscription): Promise<boolean>;
  /** Removes the one subscription with this filter (undefined = the unfiltered one) and purpose (default cards). */
  remove(conversationId: string, filter: string | undefined, purpose?: SubscriptionPurpose): Promise<boolean>;
  /** `unwatch` without arguments, or Teams said 403 BotNotInConversationRoster. Returns how many were removed. */
  removeAllForConversation(conversationId: string): Promise<number>;
  list(): Promise<Subscription[]>;
  listForConversation(conversationId: string): Promise<Subscription[]>;
  /**
   * The conversations that want cards for this server: unfiltered ones, and those whose filter equals the server
   * name or its resource group (case-insensitively). At most one entry per conversation. `purpose` (default
   * cards) picks the subscriptions for every card or those for escalated requests; each list ignores the other.
   */
  listForServer(server: ServerRef, purpose?: SubscriptionPurpose): Promise<Subscription[]>;
}

export interface ConversationRepository {
  /** Insert or refresh (keeps the first `installedAt`). */
  saveInstallation(installation: NewInstallation): Promise<void>;
  getInstallation(conversationId: string): Promise<Installation | undefined>;
  removeInstallation(conversationId: string): Promise<boolean>;
  listInstallations(): Promise<Installation[]>;
  savePersonalConversation(conversation: NewPersonalConversation): Promise<void>;
  getPersonalConversation(aadObjectId: string): Promise<PersonalConversation | undefined>;
  removePersonalConversation(aadObjectId: string): Promise<boolean>;
}

export interface RequestRepository {
  /**
   * Records a connection seen pending, once: a second call for the same connection (any casing of its ARM id),
   * across polls, restarts and instances, changes nothing and returns the existing record with `created: false`.
   */
  insertIfAbsent(request: NewRequest): Promise<{ request: ApprovalRequest; created: boolean }>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  getByConnectionId(connectionId: string): Promise<ApprovalRequest | undefined>;
  listByStatus(statuses: readonly RequestStatus[]): Promise<ApprovalRequest[]>;
  /**
   * Decided requests made through a factory endpoint whose factory has not shown the decision yet, decided (or
   * last changed) at or after `decidedSince`: what the watcher asks Data Factory about. A narrow query, so a
   * store tracking years of requests does not load them all every cycle. Oldest first.
   */
  listAwaitingFactory(decidedSince: Date): Promise<ApprovalRequest[]>;
  /** pending, deciding and failed: what the watcher must still look at. Oldest first. */
  listOpen(): Promise<ApprovalRequest[]>;
  /** Newest first. */
  listByServer(
    server: ServerRef,
    options?: { openOnly?: boolean; limit?: number },
  ): Promise<ApprovalRequest[]>;
  /**
   * Compare-and-set: moves the request to `next` only if its status is (one of) `expected`. False when the status
   * differed or the request does not exist, so two actors can never both make a transition.
   */
  updateStatus(
    id: string,
    expected: RequestStatus | readonly RequestStatus[],
    next: RequestStatus,
    change?: StatusChange,
  ): Promise<boolean>;
  /** Adds facts learned later (requester, factory endpoint, Data Factory saw it). False when there is no such request. */
  annotate(id: string, annotations: RequestAnnotations): Promise<boolean>;
}

export interface DecisionRepository {
  /**
   * First decision wins: atomically moves the request from `pending` or `failed` to `deciding` and records the
   * claim. Every other concurrent or later call gets `{claimed: false, existing}` with the recorded state.
   */
  claimDecision(requestId: string, claim: DecisionClaim): Promise<ClaimResult>;
  /** True the first time an invoke activity id is seen; false for a redelivery. Old ids are pruned automatically. */
  markActivityProcessed(activityId: string): Promise<boolean>;
  /** Forgets activity ids processed before `olderThan`; returns how many. */
  pruneProcessedActivities(olderThan: Date): Promise<number>;
}

export interface OperationRepository {
  /** Records a started operation (replacing a finished earlier one for the same request); attempts counts up. */
  begin(
    requestId: string,
    decision: Decision,
    resumeToken: string,
    writtenAs?: string,
  ): Promise<DecisionOperationRecord>;
  /** The poller's state moved on; keep the newest token so a resume starts from there. */
  updateResumeToken(requestId: string, resumeToken: string): Promise<boolean>;
  /** A resume after restart is starting; returns the new attempt count (undefined if no unfinished operation). */
  recordAttempt(requestId: string): Promise<number | undefined>;
  get(requestId: string): Promise<DecisionOperationRecord | undefined>;
  /** Started and not finished: to resume after a restart. Oldest first. */
  listUnfinished(): Promise<DecisionOperationRecord[]>;
  finish(requestId: string, outcome: 'succeeded' | 'failed', error?: string): Promise<boolean>;
}

export interface CardRepository {
  /**
   * True only for the first caller, ever, for this (cardKey, conversation) — across restarts and instances — or
   * when an earlier reservation was never posted and is older than the reservation timeout (the poster crashed
   * between reserving and posting; re-posting then risks a rare duplicate rather than a missing card).
   */
  reserveCard(cardKey: string, conversationId: string): Promise<boolean>;
  /** Stores where the card landed (also without a prior reservation). */
  recordCardPosted(cardKey: string, conversationId: string, posting: CardPosting): Promise<void>;
  /** Posting failed: frees the reservation so a later attempt may post. A posted card is never released. */
  releaseCardReservation(cardKey: string, conversationId: string): Promise<boolean>;
  getCard(cardKey: string, conversationId: string): Promise<CardRecord | undefined>;
  /** Every posted copy of a card (reservations without an activity id are left out). */
  listCards(cardKey: string): Promise<PostedCard[]>;
  /** Reservations never posted and older than the timeout: what a restart should post again. */
  listStaleReservations(): Promise<CardRecord[]>;
}

/** Append-only: there is deliberately no way to change or remove an entry. */
export interface AuditLog {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
}

export interface Store {
  readonly subscriptions: SubscriptionRepository;
  readonly conversations: ConversationRepository;
  readonly requests: RequestRepository;
  readonly decisions: DecisionRepository;
  readonly operations: OperationRepository;
  readonly cards: CardRepository;
  readonly audit: AuditLog;
  /**
   * botbuilder `Storage` for ConversationState/UserState (the guided flow), with eTag optimistic concurrency.
   * It refuses values carrying a password (see secret-guard.ts): the flow must never put one in state.
   */
  readonly botState: Storage;
  close(): Promise<void>;
  /** The requester's guided flows (src/connect): who, where, waiting for what. */
  readonly connectFlows: ConnectFlowRepository;
  /** Who asked for which managed private endpoint through the guided flow (the approval card names them). */
  readonly endpointRequests: EndpointRequestRepository;
}

/** Guided-flow records. Kept as documents in `botState` (see documents/), so every Storage carries them. */
export interface ConnectFlowRepository {
  create(flow: NewConnectFlow): Promise<ConnectFlow>;
  get(flowId: string): Promise<ConnectFlow | undefined>;
  /** Merges `changes` into an open flow; false when there is no such flow or it already ended. */
  update(flowId: string, changes: ConnectFlowChanges): Promise<boolean>;
  /** Ends an open flow, once; false when it had already ended (or never existed). */
  end(flowId: string, phase: 'finished' | 'cancelled', outcome: string): Promise<boolean>;
  /** Flows not ended, oldest first; optionally of one requester (AAD object id) or in some phases only. */
  listOpen(filter?: { requesterId?: string; phases?: readonly FlowPhase[] }): Promise<ConnectFlow[]>;
}

export interface EndpointRequestRepository {
  /**
   * Records who asks for an endpoint. The flow calls it before creating the endpoint, so the watcher never sees
   * the pending connection without knowing its requester. Replaces an earlier record for the same endpoint.
   */
  record(request: NewEndpointRequest): Promise<void>;
  /** "Who asked for managed private endpoint `endpointName` of `factory`?" (names compare case-insensitively). */
  find(factory: FactoryRef, endpointName: string): Promise<EndpointRequest | undefined>;
}
