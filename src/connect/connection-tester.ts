import { setTimeout as sleep } from 'node:timers/promises';
import type { PostgresLinkedServiceSpec } from '../azure/gateway';
import type { ProbeHandle } from '../domain/terms';
import type { FactoryRef } from '../domain/resource-ids';
import type { Logger } from '../logger';
import type { ConnectFlow, Store, StoredTestOutcome } from '../store';
import type { Coordination } from '../store/coordination';
import { LocalCoordination } from '../store/local-coordination';
import { retry, RetryCancellation, RetryStopped } from '../retry/retry-policy';
import { testNotice, type ChannelNotices } from './channel-notices';
import type { ConnectService } from './connect-service';
import type { ConnectServices } from './connect-services';
import type { Acting } from '../identity/acting';
import type { Identity } from '../identity/identity';
import type { FlowEvent } from './flow-types';
import type { ProactiveTurns } from '../teams/proactive-turn';
import { troubleText } from './step-kit';
import { progressCard, type TestStage } from './test-progress';

export interface TesterSettings {
  /** How often a running probe is polled. */
  pollMs: number;
  /** A probe still running after this is reported as timed out (and removed). */
  timeoutMs: number;
  /** How often and how long a finished test tries to reach its flow before leaving it to the sweep. */
  deliverAttempts: number;
  deliverDelayMs: number;
}

export interface TesterDeps {
  services: ConnectServices;
  /** After a restart, who polls and cleans up a test that was running: the person if the token service still has them. */
  identity: Identity;
  store: Store;
  deliver: (flowId: string, event: FlowEvent) => Promise<boolean>;
  proactive: ProactiveTurns;
  notices: ChannelNotices;
  logger: Logger;
  settings: TesterSettings;
  /**
   * One runner per test across instances: the instance that took the tap runs it, and a new leader resuming
   * "testing" flows skips those another live instance still holds (PostgreSQL advisory locks; in-process for SQLite).
   */
  leases?: Pick<Coordination, 'withLease'>;
}

/**
 * Creates the linked service and tests it with a probe run, in the background (a tap must be answered within
 * seconds; this takes longer), updating the progress card as it goes. The outcome is stored on the flow before it
 * is delivered, and the probe handle while it runs, so a restart picks either up (`resumeUnfinished`).
 */
export class ConnectionTester {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly leases: Pick<Coordination, 'withLease'>;
  /** Ends the pauses between delivery tries when the feature stops; the stored outcome waits for the sweep. */
  private readonly cancellation = new RetryCancellation();

  constructor(private readonly deps: TesterDeps) {
    this.leases = deps.leases ?? new LocalCoordination();
  }

  /**
   * The spec may hold a typed password, and `acting` a person's token: they live in this closure until Azure has
   * what it needs, and are never logged or stored.
   */
  start(flowId: string, spec: PostgresLinkedServiceSpec, acting: Acting): void {
    this.track(flowId, () => this.createAndTest(flowId, spec, this.deps.services.as(acting)));
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Stopping (shutdown, or no longer the leader): deliveries stop waiting; their outcomes are stored already. */
  async stop(): Promise<void> {
    this.cancellation.cancel();
    await this.idle();
  }

  /** After a restart: deliver stored outcomes, keep polling stored probes, report tests cut short. */
  async resumeUnfinished(): Promise<number> {
    const flows = await this.deps.store.connectFlows.listOpen({ phases: ['testing'] });
    for (const flow of flows) {
      if (flow.testOutcome) this.track(flow.flowId, () => this.deliver(flow.flowId, flow.testOutcome!));
      else if (flow.probe && flow.factory)
        this.track(flow.flowId, async () => {
          const service = this.deps.services.as(await this.actingAfterRestart(flow));
          await this.finish(flow, await this.probe(flow, flow.factory!, service, flow.probe));
        });
      else
        this.track(flow.flowId, () =>
          this.finish(flow, {
            ok: false,
            status: 'interrupted',
            message:
              'The bot restarted while creating the linked service, so it was not tested. Say connect to run the flow again.',
          }),
        );
    }
    return flows.length;
  }

  private track(flowId: string, work: () => Promise<void>): void {
    if (this.inFlight.has(flowId)) return;
    const run = this.leases
      .withLease(`connect-test:${flowId}`, work)
      .then((result) => {
        if (!result.ran) this.deps.logger.debug({ flowId }, 'connection test runs on another instance');
      })
      .catch((error: unknown) => this.deps.logger.error({ err: error, flowId }, 'connection test crashed'))
      .finally(() => this.inFlight.delete(flowId));
    this.inFlight.set(flowId, run);
  }

  /**
   * The person whose test it was, if the token service still has their token (asked in their conversation), else
   * the bot: its reads still follow the run, but with ACT_AS=user it may not delete the probe (it says so).
   */
  private async actingAfterRestart(flow: ConnectFlow): Promise<Acting> {
    let acting: Acting | undefined;
    try {
      await this.deps.proactive.continueConversation(flow.reference, async (turn) => {
        acting = await this.deps.identity.silently(turn);
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, flowId: flow.flowId }, 'could not ask for the requester token');
    }
    return acting ?? this.deps.identity.bot;
  }

  private async createAndTest(
    flowId: string,
    spec: PostgresLinkedServiceSpec,
    service: ConnectService,
  ): Promise<void> {
    const flow = await this.deps.store.connectFlows.get(flowId);
    if (!flow?.factory) return;
    try {
      await service.createLinkedService(flow.factory, spec);
    } catch (error) {
      // Only codes and status go to the log: an SDK error can carry the request body, and with it the password.
      this.deps.logger.warn(
        { flowId, code: (error as { code?: unknown }).code },
        'linked service not created',
      );
      await this.progress(flow, { stage: 'create-failed' });
      return this.finish(flow, { ok: false, status: 'create-failed', message: troubleText(error) });
    }
    await this.progress(flow, { stage: 'testing', status: 'Queued', seconds: 0 });
    await this.finish(flow, await this.probe(flow, flow.factory, service));
  }

  private async probe(
    flow: ConnectFlow,
    factory: FactoryRef,
    service: ConnectService,
    existing?: ProbeHandle,
  ): Promise<StoredTestOutcome> {
    const { store, settings } = this.deps;
    let handle = existing;
    try {
      handle ??= await service.startProbe(factory, flow.linkedServiceName ?? '');
      await store.connectFlows.update(flow.flowId, { probe: handle });
      const started = Date.now();
      let shown = '';
      for (;;) {
        const result = await service.probeResult(factory, handle);
        if (result.finished) {
          if (result.status === 'Succeeded') return { ok: true, status: 'Succeeded' };
          return {
            ok: false,
            status: result.status,
            ...(result.errorMessage ? { message: result.errorMessage } : {}),
            ...(result.errorCode ? { code: result.errorCode } : {}),
          };
        }
        const seconds = Math.round((Date.now() - started) / 1000);
        if (Date.now() - started > settings.timeoutMs) {
          // Deleting the pipeline does not stop its run: without a cancel it would go on using the runtime.
          await service
            .cancelProbe(factory, handle)
            .catch((e: unknown) =>
              this.deps.logger.warn({ err: e, flowId: flow.flowId }, 'probe not cancelled'),
            );
          return {
            ok: false,
            status: 'timed-out',
            message: `The test run was still ${result.status} after ${seconds} seconds; it was cancelled.`,
          };
        }
        if (result.status !== shown) {
          shown = result.status;
          await this.progress(flow, { stage: 'testing', status: result.status, seconds });
        }
        await sleep(settings.pollMs);
      }
    } catch (error) {
      this.deps.logger.warn({ err: error, flowId: flow.flowId }, 'connection probe failed');
      return { ok: false, status: 'test-error', message: troubleText(error) };
    } finally {
      if (handle)
        await service
          .removeProbe(factory, handle)
          .catch((e: unknown) => this.deps.logger.warn({ err: e, flowId: flow.flowId }, 'probe not removed'));
      await store.connectFlows.update(flow.flowId, { probe: null });
    }
  }

  private async finish(flow: ConnectFlow, outcome: StoredTestOutcome): Promise<void> {
    await this.deps.store.connectFlows.update(flow.flowId, { testOutcome: outcome });
    if (outcome.status !== 'create-failed')
      await this.progress(flow, { stage: 'tested', ok: outcome.ok, status: outcome.status });
    this.deps.logger.info(
      { flowId: flow.flowId, ok: outcome.ok, status: outcome.status },
      'connection test finished',
    );
    if (flow.server) await this.deps.notices.notify(flow.server, testNotice(flow, outcome)).catch(() => 0);
    await this.deliver(flow.flowId, outcome);
  }

  /**
   * The flow's waiting state is saved before this job starts; a few tries, evenly spaced, cover a turn still
   * being saved. Not delivered by then, the outcome stays stored on the flow and the sweep hands it over.
   */
  private async deliver(flowId: string, outcome: StoredTestOutcome): Promise<void> {
    const { settings } = this.deps;
    const notYet = new Error('flow not waiting yet');
    await retry(
      { attempts: settings.deliverAttempts, firstDelayMs: settings.deliverDelayMs, factor: 1, jitter: false },
      { shouldRetry: (error) => error === notYet, signal: this.cancellation.signal },
      async () => {
        if (await this.deps.deliver(flowId, { kind: 'test', outcome })) return;
        const flow = await this.deps.store.connectFlows.get(flowId);
        if (!flow || flow.phase === 'finished' || flow.phase === 'cancelled') return;
        throw notYet;
      },
    ).catch((error: unknown) => {
      if (error !== notYet && !(error instanceof RetryStopped)) throw error;
    });
  }

  private async progress(flow: ConnectFlow, stage: TestStage): Promise<void> {
    const id = flow.progressActivityId;
    if (!id) return;
    const card = progressCard(flow.linkedServiceName ?? '', flow.runtime ?? '', stage);
    try {
      await this.deps.proactive.continueConversation(flow.reference, async (turn) => {
        await turn.updateActivity({ type: 'message', id, attachments: [card] });
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, flowId: flow.flowId }, 'progress card not updated');
    }
  }
}
