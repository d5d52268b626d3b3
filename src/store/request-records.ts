/** Records about approval requests and decisions on them. */
import type { Decision } from '../domain/terms';
import type { FactoryRef, ServerRef } from '../domain/resource-ids';
import type { Actor } from './conversation-records';

/**
 * pending → deciding (claimed) → approved | rejected | failed (Azure said no; may be claimed again);
 * pending | failed → decided-elsewhere (portal) | gone (connection deleted).
 */
export type RequestStatus =
  'pending' | 'deciding' | 'approved' | 'rejected' | 'failed' | 'gone' | 'decided-elsewhere';

export const REQUEST_STATUSES: readonly RequestStatus[] = [
  'pending',
  'deciding',
  'approved',
  'rejected',
  'failed',
  'gone',
  'decided-elsewhere',
];

/** Statuses in which a request still needs someone (or the bot) to act. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['pending', 'deciding', 'failed'];

/** Statuses from which a decision may be claimed: `failed` allows a retry after a failed Azure operation. */
export const CLAIMABLE_STATUSES: readonly RequestStatus[] = ['pending', 'failed'];

/** The Data Factory managed private endpoint behind a connection, when the connection came from one. */
export interface FactoryEndpoint {
  factoryName: string;
  managedPrivateEndpointName: string;
  /** Known only when the factory is in the watched scope (the private endpoint itself lives in Microsoft's). */
  factory?: FactoryRef;
}

export interface RecordedDecision {
  /** For `decided-elsewhere`, what Azure shows; absent for `gone`. */
  decision?: Decision;
  /** Absent when decided outside Teams. */
  by?: Actor;
  reason?: string;
  claimedAt?: Date;
  /** Set when the outcome is final. */
  decidedAt?: Date;
  invokeActivityId?: string;
}

/** One private endpoint connection seen pending: the unit an approval card is about. */
export interface ApprovalRequest {
  /** Stable: derived from the connection's ARM id (see `requestIdFor`). */
  id: string;
  /** ARM id of the private endpoint connection, as Azure reported it. */
  connectionId: string;
  server: ServerRef;
  connectionName: string;
  privateEndpointId: string;
  description: string;
  /** Who asked, when the connection was requested through the bot's guided flow. */
  requester?: Actor;
  factoryEndpoint?: FactoryEndpoint;
  firstSeenAt: Date;
  status: RequestStatus;
  updatedAt: Date;
  decision?: RecordedDecision;
  /** The last Azure failure, shown on the card while the status is `failed`. */
  lastError?: string;
  /** When Data Factory's side of the endpoint first showed Approved. */
  adfSyncSeenAt?: Date;
}

/** What the watcher knows when it first sees a pending connection; the store adds id, status and times. */
export type NewRequest = Pick<
  ApprovalRequest,
  | 'connectionId'
  | 'server'
  | 'connectionName'
  | 'privateEndpointId'
  | 'description'
  | 'requester'
  | 'factoryEndpoint'
> & {
  /** Defaults to the store's clock. */
  firstSeenAt?: Date;
};

/** Fields a caller may add to a request after it was first seen; status changes go through `updateStatus`. */
export interface RequestAnnotations {
  requester?: Actor;
  factoryEndpoint?: FactoryEndpoint;
  adfSyncSeenAt?: Date;
}

/** What a status change may record alongside the new status. */
export interface StatusChange {
  decision?: Decision;
  by?: Actor;
  reason?: string;
  /** Defaults to now when the new status is final (approved, rejected, decided-elsewhere, gone). */
  decidedAt?: Date;
  /** Kept while `failed`; cleared by any other status unless given. */
  lastError?: string;
}

export interface DecisionClaim {
  decision: Decision;
  actorId: string;
  actorName: string;
  reason?: string;
  invokeActivityId?: string;
}

export type ClaimResult =
  | { claimed: true; request: ApprovalRequest }
  /** `existing` is the recorded state that won (or blocks); undefined when there is no such request. */
  | { claimed: false; existing: ApprovalRequest | undefined };
