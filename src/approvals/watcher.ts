import {
  connectionsOf,
  type AzureGateway,
  type PrivateEndpointConnection,
  type ServerFacts,
} from '../azure/gateway';
import { AzureError } from '../errors';
import { serverId } from '../domain/resource-ids';
import { PeriodicJob } from '../periodic-job';
import type { Logger } from '../logger';
import type { ApprovalRequest } from '../store/request-records';
import type { Store } from '../store/store';
import { FactoryEndpointReads } from './factory-endpoint-reads';
import { FactorySyncCheck } from './factory-sync';
import { decisionOf, recordOutsideChange } from './outside-decision';
import type { ApprovalEventSink } from './events';
import { ArmConfirmations } from './arm-confirmations';
import { BlindSpots, type SightSink, type UnreadableSpot } from './blind-spots';

export interface CycleReport {
  servers: number;
  opened: number;
  decidedElsewhere: number;
  factorySaw: number;
  /** Servers whose list entry lacked their connections, so they were read one by one. */
  serversReadAlone: number;
  /** Scopes and servers that could not be read this cycle (their requests are left as they were). */
  unreadable: number;
}

/** Nobody to tell: the watcher still tracks what it cannot see (health), it just posts nothing. */
const NO_SIGHT_SINK: SightSink = { cannotSee: async () => undefined, canSeeAgain: async () => undefined };

/**
 * Compares Azure with the store and emits events; it never talks to Teams and never decides. One cycle: list the
 * watched servers (one paged read per scope, the connections embedded in each server's entry, so a cycle costs
 * the same few reads for 10 servers or 1,000; a server is read alone only when its entry lacks them), open a
 * request per newly pending connection (the
 * store makes that exactly-once), mark open requests that were decided or deleted outside the bot, and notice
 * when Data Factory's side caught up with a decision. Requests in `deciding` belong to the decision runner.
 */
/** Told how every cycle ended (the health report's view of the store and of Azure reads). */
export interface CycleObserver {
  cycleSucceeded(): void;
  cycleFailed(error: unknown): void;
}

export class Watcher {
  private readonly schedule = new PeriodicJob(() => this.runLoggedCycle());
  private readonly observers: CycleObserver[] = [];
  private readonly factorySync: FactorySyncCheck;
  /** What the watcher cannot read, told to the watching conversations after two cycles (issue: blind watcher). */
  readonly blindSpots: BlindSpots;

  constructor(
    private readonly gateway: AzureGateway,
    private readonly store: Store,
    private readonly events: ApprovalEventSink,
    private readonly logger: Logger,
    now: () => Date = () => new Date(),
    sight: SightSink = NO_SIGHT_SINK,
  ) {
    this.factorySync = new FactorySyncCheck(store, events, now);
    this.blindSpots = new BlindSpots(sight, now);
  }

  /** Runs a cycle now and then every `intervalMs`; cycles never overlap. */
  start(intervalMs: number): void {
    this.schedule.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.schedule.stop();
  }

  observe(observer: CycleObserver): void {
    this.observers.push(observer);
  }

  /** One cycle; a cycle already running is joined rather than doubled. */
  cycle(): Promise<CycleReport> {
    return this.schedule.run();
  }

  private async runLoggedCycle(): Promise<CycleReport> {
    try {
      const report = await this.runCycle();
      for (const observer of this.observers) observer.cycleSucceeded();
      return report;
    } catch (error) {
      this.logger.warn({ err: error }, 'watcher cycle failed');
      for (const observer of this.observers) observer.cycleFailed(error);
      throw error;
    }
  }

  private async runCycle(): Promise<CycleReport> {
    const startedAt = Date.now();
    const armReads = this.gateway.countArmReads?.();
    let report: CycleReport | undefined;
    try {
      report = await this.compare();
      return report;
    } finally {
      // Inside the cycle, so a cycle's cards are out when `cycle()` resolves and the next cycle never overlaps them.
      await this.events.cycleEnded?.();
      const tally = armReads?.finish();
      // The cycle's cost in the subscription's shared ARM read budget: what an operator checks before shortening
      // POLL_INTERVAL_SECONDS, and the first sign of other tools' 429s when the lowest remaining nears 0.
      this.logger.info(
        {
          ...report,
          durationMs: Date.now() - startedAt,
          ...(tally ? { armReads: tally.reads, lowestRemainingReads: tally.lowestRemainingReads } : {}),
        },
        report ? 'watcher cycle done' : 'watcher cycle ended early',
      );
    }
  }

  private async compare(): Promise<CycleReport> {
    const report: CycleReport = {
      servers: 0,
      opened: 0,
      decidedElsewhere: 0,
      factorySaw: 0,
      serversReadAlone: 0,
      unreadable: 0,
    };
    const survey = await this.gateway.surveyWatchedServers();
    const servers = survey.servers.filter((s) => !s.vnetIntegrated);
    report.servers = servers.length;
    const unreadable: UnreadableSpot[] = [...survey.unreadable];
    // Only servers whose connections were read this cycle may have requests closed: a server that could not be read
    // (or a scope that failed) says nothing about its connections.
    const read = new Map<
      string,
      { server: ServerFacts; connections: Map<string, PrivateEndpointConnection> }
    >();
    const factoryReads = new FactoryEndpointReads(this.gateway);
    const confirmations = new ArmConfirmations(this.gateway);
    for (const server of servers) {
      if (!server.connections) report.serversReadAlone++;
      try {
        const connections = new Map<string, PrivateEndpointConnection>();
        for (const connection of await connectionsOf(this.gateway, server)) {
          connections.set(connection.id.toLowerCase(), connection);
          if (
            connection.status === 'Pending' &&
            (await this.openIfNew(server, connection, factoryReads, confirmations))
          )
            report.opened++;
        }
        read.set(server.id.toLowerCase(), { server, connections });
      } catch (error) {
        if (!(error instanceof AzureError)) throw error; // the store failing is the whole cycle failing
        unreadable.push({
          key: server.id.toLowerCase(),
          label: `server ${server.ref.serverName}`,
          scopeId: server.id,
          server: server.ref,
          error,
        });
      }
    }
    for (const request of await this.store.requests.listByStatus(['pending', 'failed'])) {
      const seen = read.get(serverId(request.server).toLowerCase());
      if (!seen) continue;
      if (await this.closeIfDecidedElsewhere(seen.server, request, seen.connections, confirmations))
        report.decidedElsewhere++;
    }
    report.factorySaw = await this.factorySync.run(factoryReads);
    report.unreadable = unreadable.length;
    await this.blindSpots.cycleSeen(unreadable);
    // Nothing at all could be read: that is Azure reads failing (/healthz degraded), not one scope out of sight.
    const [first] = survey.unreadable;
    if (survey.scopesRead === 0 && first) throw first.error;
    return report;
  }

  private async openIfNew(
    server: ServerFacts,
    listed: PrivateEndpointConnection,
    factoryReads: FactoryEndpointReads,
    confirmations: ArmConfirmations,
  ): Promise<boolean> {
    const known = await this.store.requests.getByConnectionId(listed.id);
    if (known) {
      if (known.status === 'pending')
        await this.events.publish({ type: 'RequestPending', request: known, firstSeen: false });
      return false;
    }
    // An index that lags (Resource Graph) may still show a connection someone already decided: ARM has the truth.
    const connection = server.connectionsMayLag ? await confirmations.connection(listed.ref) : listed;
    if (connection?.status !== 'Pending') return false;
    const factoryEndpoint = await factoryReads.originOf(connection);
    // Asked for through the guided flow? The flow records the requester before it creates the endpoint.
    const asked = factoryEndpoint?.factory
      ? await this.store.endpointRequests.find(
          factoryEndpoint.factory,
          factoryEndpoint.managedPrivateEndpointName,
        )
      : undefined;
    const { request, created } = await this.store.requests.insertIfAbsent({
      connectionId: connection.id,
      server: connection.ref.server,
      connectionName: connection.ref.connectionName,
      privateEndpointId: connection.privateEndpointId,
      description: connection.description,
      ...(factoryEndpoint ? { factoryEndpoint } : {}),
      ...(asked ? { requester: asked.requester } : {}),
    });
    if (created) {
      this.logger.info(
        { requestId: request.id, server: request.server.serverName },
        'new pending connection',
      );
    }
    if (request.status === 'pending')
      await this.events.publish({ type: 'RequestPending', request, firstSeen: created });
    return created;
  }

  private async closeIfDecidedElsewhere(
    server: ServerFacts,
    request: ApprovalRequest,
    connections: ReadonlyMap<string, PrivateEndpointConnection>,
    confirmations: ArmConfirmations,
  ): Promise<boolean> {
    const listed = connections.get(request.connectionId.toLowerCase());
    // Pending, or a state that is not a decision (unknown values mean "in progress"): nothing happened yet.
    if (listed && !decisionOf(listed.status)) return false;
    // Decided or gone in a lagging index: only what ARM says now counts.
    const current = server.connectionsMayLag
      ? await confirmations.connection({ server: request.server, connectionName: request.connectionName })
      : listed;
    if (current && !decisionOf(current.status)) return false;
    return recordOutsideChange(
      { store: this.store, events: this.events },
      request,
      ['pending', 'failed'],
      current,
    );
  }
}
