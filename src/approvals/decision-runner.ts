import type { AzureGateway, DecisionOperation, PrivateEndpointConnection } from '../azure/gateway';
import type { Decision } from '../domain/terms';
import type { ConnectionRef } from '../domain/resource-ids';
import { AzureError } from '../errors';
import type { Logger } from '../logger';
import type { ApprovalRequest } from '../store/request-records';
import type { Store } from '../store/store';
import { isTransient, staleness } from './decision-checks';
import { azureDescription } from './decision-text';
import { recordOutsideChange } from './outside-decision';
import type { ApprovalEventSink } from './events';
import { writtenAs, type Acting } from '../identity/acting';
import { refusalOf, refusalText } from '../identity/azure-refusal';
import { retry, RetryCancellation, RetryStopped, type RetryPolicy } from '../retry/retry-policy';
import { retriedByAzurePipeline } from '../retry/azure-pipeline-retries';
import type { Coordination } from '../store/coordination';
import { LocalCoordination } from '../store/local-coordination';

const SIGN_IN_AGAIN =
  'The bot restarted before Azure was asked, and it keeps no one’s sign-in: tap Approve or Reject again.';

/** A resumed operation that keeps failing is given up after this many starts, and the card offers the buttons again. */
const MAX_ATTEMPTS = 5;
/** Tries at starting the write, and at following it once accepted, when Azure is busy in a way its SDK leaves to us. */
const AZURE_ATTEMPTS = 6;

/** The decision stays `deciding`, to be carried on by the sweep or the next start. */
class ResumeLater extends Error {
  constructor(readonly lastError: unknown) {
    super('resumed later');
  }
}

/**
 * Carries a claimed decision to its end in the background: re-read the connection (never decide on stale data),
 * start the long-running PUT and store its resume token, wait for it, record the outcome and the audit entry, and
 * publish what happened. After a restart, `resumeUnfinished` picks up every claimed decision: with a stored token
 * it only polls (no second PUT); without one it re-checks Azure first.
 */
export class DecisionRunner {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Cuts short the pauses between tries when the app stops: the decision is resumed at the next start. */
  private readonly cancellation = new RetryCancellation();

  constructor(
    /** The bot's own gateway: re-reads and polling (reads), which need no one's delegated rights. */
    private readonly gateway: AzureGateway,
    private readonly store: Store,
    private readonly events: ApprovalEventSink,
    private readonly logger: Logger,
    /**
     * Who writes a decision whose tap's identity is not in memory (a restart between the claim and the PUT): the
     * bot with ACT_AS=bot; nobody with ACT_AS=user (a person's token is never stored), so the tap must come again.
     */
    private readonly writerAfterRestart: Acting | undefined,
    /** First pause before polling is resumed; doubles each time (30 s at most). */
    private readonly pollBackoffMs = 2_000,
    /**
     * Each decision runs under its lease, so among several instances on one store only one carries it at a time,
     * and a decision whose instance died (its lease freed with its database session) can be taken up by another.
     */
    private readonly leases: Pick<Coordination, 'withLease'> = new LocalCoordination(),
  ) {}

  /**
   * Starts carrying the decision in the background, written as `acting` (kept in memory only, for this run); a
   * second call while it runs is a no-op.
   */
  start(requestId: string, acting?: Acting): void {
    if (this.inFlight.has(requestId)) return;
    const run = this.leases
      .withLease(`decision:${requestId}`, () => this.run(requestId, acting ?? this.writerAfterRestart))
      .then((leased) => {
        if (!leased.ran) this.logger.debug({ requestId }, 'decision carried by another instance');
      })
      .catch((error: unknown) => this.logger.error({ err: error, requestId }, 'decision runner crashed'))
      .finally(() => this.inFlight.delete(requestId));
    this.inFlight.set(requestId, run);
  }

  /** Resolves when no decision is in flight (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /**
   * Shutdown: a decision waiting out a backoff stops waiting and is left `deciding` (with its resume token if
   * Azure accepted the write), so the next start carries it on; one talking to Azure finishes that call first.
   */
  async stop(): Promise<void> {
    this.cancellation.cancel();
    await this.idle();
  }

  /**
   * Takes up claimed decisions nobody is carrying: after a restart, or those of an instance that died (a live
   * instance's lease makes `start` a no-op). `claimedBefore` leaves alone claims so recent that their instance
   * may not have taken the lease yet. `writerFor` names who writes a claim that is not a person's tap (an expiry).
   */
  async resumeUnfinished(
    claimedBefore?: Date,
    writerFor: (request: ApprovalRequest) => Acting | undefined = () => undefined,
  ): Promise<number> {
    const deciding = (await this.store.requests.listByStatus(['deciding'])).filter(
      (r) => !claimedBefore || (r.decision?.claimedAt ?? r.updatedAt) <= claimedBefore,
    );
    for (const request of deciding) this.start(request.id, writerFor(request));
    if (deciding.length > 0) this.logger.info({ count: deciding.length }, 'resuming unfinished decisions');
    return deciding.length;
  }

  private async run(requestId: string, acting: Acting | undefined): Promise<void> {
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
        if (!acting) throw new Error(SIGN_IN_AGAIN);
        const description = azureDescription(
          decision,
          request.decision?.by?.name ?? 'an approver',
          request.decision?.reason,
        );
        const started = await this.startOperation(acting.gateway, ref, decision, description);
        if ('landed' in started) return await this.finishDecided(request, started.landed);
        correlationId = started.correlationId;
        operation = await this.store.operations.begin(
          requestId,
          decision,
          started.resumeToken,
          writtenAs(acting),
        );
      }
      const final = await this.awaitOutcome(ref, operation.resumeToken).catch((error: unknown) => {
        if (!isTransient(error)) throw error;
        // Azure accepted the write, so this is no failure to report; the SDK has spent its retries, and ours would
        // multiply them. The decision stays `deciding` with its token: the leader's sweep resumes polling later
        // (a bounded number of times, MAX_ATTEMPTS), by when a brief outage has passed.
        throw new ResumeLater(error);
      });
      if (final.status !== decision) throw new Error(`Azure reports the connection as ${final.status}`);
      await this.store.operations.finish(requestId, 'succeeded');
      await this.finishDecided(request, final, correlationId, operation.writtenAs);
    } catch (error) {
      if (error instanceof RetryStopped || error instanceof ResumeLater) {
        this.logger.warn({ requestId, err: error.lastError }, 'decision left for the next sweep or start');
        return;
      }
      await this.finishFailed(request, error);
    }
  }

  /**
   * Starts the write. The SDK's begin sends the PUT and polls once; if that fails transiently the PUT may or may
   * not have been taken, so Azure is read again before the next try: already decided → done; still pending → the
   * same PUT again (Azure answers 409 while an accepted one still runs, which is waited out too).
   */
  private startOperation(
    writer: AzureGateway,
    ref: ConnectionRef,
    decision: Decision,
    description: string,
  ): Promise<DecisionOperation | { landed: PrivateEndpointConnection }> {
    const busy = (error: unknown) => error instanceof AzureError && error.code === 'AZURE_CONFLICT';
    return retry(
      this.azurePolicy(),
      this.azureHooks(ref, 'azure busy, trying again', (error) => isTransient(error) || busy(error)),
      async (attempt) => {
        if (attempt > 1) {
          const current = await this.gateway.getConnection(ref);
          if (current?.status === decision) return { landed: current };
        }
        return writer.beginDecision(ref, decision, description);
      },
    );
  }

  /**
   * Follows the started operation to its end. Azure already accepted the write, so a throttled or failed *poll*
   * is no reason to give up: that would record "failed" for a decision that then lands, and the next watcher
   * cycle would call it "decided outside Teams". Polling is resumed from the token (never a second PUT), with
   * backoff, for what the SDK does not retry; what it did retry is left to the sweep (see `run`).
   */
  private awaitOutcome(ref: ConnectionRef, resumeToken: string): Promise<PrivateEndpointConnection> {
    return retry(
      this.azurePolicy(),
      this.azureHooks(ref, 'decision poll failed, resuming', isTransient),
      () => this.gateway.completeDecision(ref, { resumeToken }),
    );
  }

  private azurePolicy(): RetryPolicy {
    return { attempts: AZURE_ATTEMPTS, firstDelayMs: this.pollBackoffMs, maxDelayMs: 30_000 };
  }

  /**
   * Retries what Azure's SDK pipeline has not already retried (see azure-pipeline-retries.ts): a 429 without
   * Retry-After, a 409, a send error. A 5xx or a throttle with Retry-After arrives here after the SDK's own
   * 3 retries; trying the whole operation again would multiply those, so it is given up and reported.
   */
  private azureHooks(ref: ConnectionRef, message: string, worthAnotherTry: (error: unknown) => boolean) {
    return {
      shouldRetry: (error: unknown) => worthAnotherTry(error) && !retriedByAzurePipeline(error),
      onRetry: ({ attempt, delayMs }: { attempt: number; delayMs: number }) =>
        this.logger.warn({ connection: ref.connectionName, attempt, delayMs }, message),
      signal: this.cancellation.signal,
    };
  }

  private async finishDecided(
    request: ApprovalRequest,
    final: PrivateEndpointConnection,
    correlationId?: string,
    writer?: string,
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
    await this.audit(request, approved ? 'approve' : 'reject', 'Pending', final.status, {
      ...(correlationId ? { correlationId } : {}),
      ...(writer ? { writtenAs: writer } : {}),
    });
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
    // Azure refused the person after all (a role removed since the tap, a deny assignment): say so plainly.
    const refusal = refusalOf(error);
    const doing = request.decision?.decision === 'Rejected' ? 'reject' : 'approve';
    const message = refusal
      ? refusalText(`${doing} private endpoints`, request.server.serverName, refusal)
      : error instanceof Error
        ? error.message
        : String(error);
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
    extra: { detail?: string; correlationId?: string; writtenAs?: string } = {},
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
