import type { AzureGateway, PrivateEndpointConnection } from '../azure/gateway';
import type { ConnectionRef } from '../azure/resource-ids';
import { AzureError } from '../errors';
import type { Logger } from '../logger';
import type { ApprovalRequest } from '../store/request-records';
import type { Store } from '../store/store';
import { azureDescription } from './decision-text';
import { recordOutsideChange } from './outside-decision';
import type { ApprovalEventSink } from './events';

/** A resumed operation that keeps failing is given up after this many starts, and the card offers the buttons again. */
const MAX_ATTEMPTS = 5;

/**
 * Carries a claimed decision to its end in the background: re-read the connection (never decide on stale data),
 * start the long-running PUT and store its resume token, wait for it, record the outcome and the audit entry, and
 * publish what happened. After a restart, `resumeUnfinished` picks up every claimed decision: with a stored token
 * it only polls (no second PUT); without one it re-checks Azure first.
 */
export class DecisionRunner {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly gateway: AzureGateway,
    private readonly store: Store,
    private readonly events: ApprovalEventSink,
    private readonly logger: Logger,
  ) {}

  /** Starts carrying the decision in the background; a second call while it runs is a no-op. */
  start(requestId: string): void {
    if (this.inFlight.has(requestId)) return;
    const run = this.run(requestId)
      .catch((error: unknown) => this.logger.error({ err: error, requestId }, 'decision runner crashed'))
      .finally(() => this.inFlight.delete(requestId));
    this.inFlight.set(requestId, run);
  }

  /** Resolves when no decision is in flight (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  async resumeUnfinished(): Promise<number> {
    const deciding = await this.store.requests.listByStatus(['deciding']);
    for (const request of deciding) this.start(request.id);
    if (deciding.length > 0) this.logger.info({ count: deciding.length }, 'resuming unfinished decisions');
    return deciding.length;
  }

  private async run(requestId: string): Promise<void> {
    const request = await this.store.requests.get(requestId);
    const decision = request?.decision?.decision;
    if (!request || request.status !== 'deciding' || !decision) return;
    await this.events.publish({ type: 'DecisionStarted', request });
    const ref: ConnectionRef = { server: request.server, connectionName: request.connectionName };
    try {
      let operation = await this.store.operations.get(requestId);
      let correlationId: string | undefined;
      if (operation && !operation.finishedAt) {
        const attempts = await this.store.operations.recordAttempt(requestId);
        if ((attempts ?? 0) > MAX_ATTEMPTS) throw new Error(`gave up after ${MAX_ATTEMPTS} attempts`);
        await this.audit(request, 'operation-resumed', request.status, 'deciding');
      } else {
        const current = await this.gateway.getConnection(ref);
        const stale = staleness(request, current);
        if (stale) return await this.finishStale(request, current, stale);
        if (current!.status === decision) return await this.finishDecided(request, current!);
        const description = azureDescription(
          decision,
          request.decision?.by?.name ?? 'an approver',
          request.decision?.reason,
        );
        const started = await this.gateway.beginDecision(ref, decision, description);
        correlationId = started.correlationId;
        operation = await this.store.operations.begin(requestId, decision, started.resumeToken);
      }
      const final = await this.gateway.completeDecision(ref, { resumeToken: operation.resumeToken });
      if (final.status !== decision) throw new Error(`Azure reports the connection as ${final.status}`);
      await this.store.operations.finish(requestId, 'succeeded');
      await this.finishDecided(request, final, correlationId);
    } catch (error) {
      await this.finishFailed(request, error);
    }
  }

  private async finishDecided(
    request: ApprovalRequest,
    final: PrivateEndpointConnection,
    correlationId?: string,
  ): Promise<void> {
    const approved = final.status === 'Approved';
    const decided = request.decision!;
    const moved = await this.store.requests.updateStatus(
      request.id,
      'deciding',
      approved ? 'approved' : 'rejected',
      {
        decision: approved ? 'Approved' : 'Rejected',
        ...(decided.by ? { by: decided.by } : {}),
        ...(decided.reason ? { reason: decided.reason } : {}),
      },
    );
    if (!moved) return;
    await this.audit(
      request,
      approved ? 'approve' : 'reject',
      'Pending',
      final.status,
      correlationId ? { correlationId } : {},
    );
    this.logger.info({ requestId: request.id, status: final.status }, 'decision recorded');
    await this.publishCurrent(request.id, (r) => ({ type: 'RequestDecided', request: r }));
  }

  private async finishStale(
    request: ApprovalRequest,
    current: PrivateEndpointConnection | undefined,
    why: string,
  ): Promise<void> {
    // A replaced connection is, for this request, gone: its card must not claim the new endpoint's state.
    const seen = why === 'replaced' ? undefined : current;
    const detail = `claim by ${request.decision?.by?.name ?? 'unknown'} not written: ${why}`;
    await recordOutsideChange({ store: this.store, events: this.events }, request, 'deciding', seen, detail);
  }

  private async finishFailed(request: ApprovalRequest, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn({ requestId: request.id, err: error }, 'decision failed');
    await this.store.operations.finish(request.id, 'failed', message);
    const moved = await this.store.requests.updateStatus(request.id, 'deciding', 'failed', {
      lastError: message,
    });
    if (!moved) return;
    await this.audit(request, 'operation-failed', 'Pending', 'Pending', {
      detail: message,
      ...(error instanceof AzureError && error.correlationId ? { correlationId: error.correlationId } : {}),
    });
    await this.publishCurrent(request.id, (r) => ({ type: 'DecisionFailed', request: r, error: message }));
  }

  private async audit(
    request: ApprovalRequest,
    action: string,
    stateBefore: string,
    stateAfter: string,
    extra: { detail?: string; correlationId?: string } = {},
  ): Promise<void> {
    await this.store.audit.append({
      action,
      ...(request.decision?.by ? { actor: request.decision.by } : {}),
      requestId: request.id,
      server: request.server,
      connectionName: request.connectionName,
      ...(request.decision?.reason ? { reason: request.decision.reason } : {}),
      stateBefore,
      stateAfter,
      ...extra,
    });
  }

  private async publishCurrent(
    requestId: string,
    build: (request: ApprovalRequest) => Parameters<ApprovalEventSink['publish']>[0],
  ): Promise<void> {
    const current = await this.store.requests.get(requestId);
    if (current) await this.events.publish(build(current));
  }
}

/** Why a claimed decision must not be written: the card no longer matches Azure. */
function staleness(
  request: ApprovalRequest,
  current: PrivateEndpointConnection | undefined,
): string | undefined {
  if (!current) return 'the connection no longer exists';
  const samePe =
    !request.privateEndpointId ||
    current.privateEndpointId.toLowerCase() === request.privateEndpointId.toLowerCase();
  if (!samePe) return 'replaced';
  const decision = request.decision?.decision;
  if (current.status !== 'Pending' && current.status !== decision) return `it is already ${current.status}`;
  return undefined;
}
