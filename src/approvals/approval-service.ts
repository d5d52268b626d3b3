import type { Decision } from '../domain/terms';
import type { Acting } from '../identity/acting';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import type { ApprovalRequest } from '../store/request-records';
import type { ApprovalPolicy, RefusalReason, TeamsActor } from './approval-policy';
import type { DecisionRunner } from './decision-runner';
import { checkReason } from './decision-text';

export interface DecideCommand {
  actor: TeamsActor;
  requestId: string;
  decision: Decision;
  /** As typed on the card: validated here. */
  reason: unknown;
  /** The invoke's activity id: a redelivery (same id) must not act twice. */
  activityId?: string;
  /** The activity id of the card that was tapped (the invoke's replyToId): it must be a card of this request. */
  cardActivityId: string | undefined;
  /** Who Azure will see making the write: the person (ACT_AS=user) or the bot. */
  acting: Acting;
}

export type DecideOutcome =
  | { kind: 'not-found'; message: string }
  | { kind: 'refused'; reason: RefusalReason | 'card-mismatch'; message: string; request: ApprovalRequest }
  | { kind: 'invalid'; message: string; request: ApprovalRequest }
  /** Someone (or an earlier delivery) decided first: the recorded state, unchanged. */
  | { kind: 'already'; request: ApprovalRequest }
  /** Claimed: the Azure operation now runs in the background; `request` is in status `deciding`. */
  | { kind: 'started'; request: ApprovalRequest };

/**
 * Turns a tap into a decision, fast: policy → reason → claim (first one wins) → hand over to the runner. Nothing
 * here waits for Azure, so the invoke is answered well inside Teams' limits; the runner re-reads the connection
 * before writing and reports the outcome through events.
 */
export class ApprovalService {
  constructor(
    private readonly store: Store,
    private readonly policy: ApprovalPolicy,
    private readonly runner: DecisionRunner,
    private readonly logger: Logger,
  ) {}

  async decide(command: DecideCommand): Promise<DecideOutcome> {
    const request = await this.store.requests.get(command.requestId);
    if (!request) return { kind: 'not-found', message: 'This request is not known to the bot any more.' };

    if (command.activityId && !(await this.store.decisions.markActivityProcessed(command.activityId))) {
      return { kind: 'already', request };
    }

    // A tap acts on its own card: card data naming another request (a forged or replayed invoke) decides nothing.
    if (!(await this.isCardOf(request, command.cardActivityId))) {
      return this.refuse(command, request, {
        reason: 'card-mismatch',
        detail: `the tapped card (${command.cardActivityId ?? 'none'}) is not a card of this request`,
        message:
          'This card does not belong to that request, so nothing was done. Use the card of the request.',
      });
    }

    const verdict = await this.policy.check(command.actor, command.acting, request, command.decision);
    if (!verdict.allowed) {
      return this.refuse(command, request, {
        reason: verdict.reason,
        ...(verdict.detail ? { detail: verdict.detail } : {}),
        message: verdict.message,
      });
    }

    const reason = checkReason(command.decision, command.reason);
    if (!reason.ok) return { kind: 'invalid', message: reason.message, request };

    const claim = await this.store.decisions.claimDecision(request.id, {
      decision: command.decision,
      actorId: command.actor.aadObjectId,
      actorName: command.actor.name,
      ...(reason.reason ? { reason: reason.reason } : {}),
      ...(command.activityId ? { invokeActivityId: command.activityId } : {}),
    });
    if (!claim.claimed) return { kind: 'already', request: claim.existing ?? request };

    this.logger.info({ requestId: request.id, decision: command.decision }, 'decision claimed');
    this.runner.start(claim.request.id, command.acting);
    return { kind: 'started', request: claim.request };
  }

  private async isCardOf(request: ApprovalRequest, cardActivityId: string | undefined): Promise<boolean> {
    if (!cardActivityId) return false;
    const cards = await this.store.cards.listCards(request.id);
    return cards.some((card) => card.activityId === cardActivityId);
  }

  /** A refusal changes nothing but the audit log. */
  private async refuse(
    command: DecideCommand,
    request: ApprovalRequest,
    why: { reason: RefusalReason | 'card-mismatch'; detail?: string; message: string },
  ): Promise<DecideOutcome> {
    await this.store.audit.append({
      action: 'refused',
      actor: { aadObjectId: command.actor.aadObjectId, name: command.actor.name },
      tenantId: command.actor.tenantId,
      requestId: request.id,
      server: request.server,
      connectionName: request.connectionName,
      stateBefore: request.status,
      stateAfter: request.status,
      detail: `${why.reason}: tried to ${command.decision === 'Approved' ? 'approve' : 'reject'}${why.detail ? ` (${why.detail})` : ''}`,
    });
    this.logger.warn(
      { requestId: request.id, actor: command.actor.aadObjectId, reason: why.reason },
      'decision refused',
    );
    return { kind: 'refused', reason: why.reason, message: why.message, request };
  }
}
