import { ApprovalPolicy, type TeamsActor } from '../../../../src/approvals/approval-policy';
import type { Acting } from '../../../../src/identity/acting';
import { botIdentity } from '../../../../src/identity/identity';
import { PolicyAccess } from '../../../../src/identity/policy-access';
import { ApprovalService } from '../../../../src/approvals/approval-service';
import { DecisionRunner } from '../../../../src/approvals/decision-runner';
import { EventFanOut, type ApprovalEvent, type ApprovalEventSink } from '../../../../src/approvals/events';
import { Watcher } from '../../../../src/approvals/watcher';
import type { AzureGateway } from '../../../../src/azure/gateway';
import type { Decision } from '../../../../src/domain/terms';
import type { Logger } from '../../../../src/logger';
import type { ApprovalRequest, Store } from '../../../../src/store';
import { serverRef, TENANT, until } from './fixtures';
import { postedCard } from '../../../helpers/approval-harness';

/** The approver of the sandbox servers: a database owner, not the requester. */
export const OLGA: TeamsActor = { aadObjectId: 'aad-olga', name: 'Olga Owner', tenantId: TENANT };

/**
 * The real approval loop (watcher, policy, first-wins decision, background ARM operation) against the simulator,
 * with the guided flow's sink among its listeners, as the lead wires it in the app. No Teams notifier: the
 * approvers' cards are not what these tests look at; the events they publish are recorded instead.
 */
export class ApprovalLoop {
  readonly events: ApprovalEvent[] = [];
  readonly watcher: Watcher;
  readonly runner: DecisionRunner;
  readonly service: ApprovalService;
  private readonly acting: Acting;

  constructor(
    gateway: AzureGateway,
    private readonly store: Store,
    sink: ApprovalEventSink,
    logger: Logger,
  ) {
    const fanOut = new EventFanOut();
    fanOut.add({ publish: async (e) => void this.events.push(e) });
    fanOut.add(sink);
    this.watcher = new Watcher(gateway, store, fanOut, logger);
    const identity = botIdentity(gateway);
    this.acting = identity.bot;
    this.runner = new DecisionRunner(gateway, store, fanOut, logger, identity.bot);
    const access = new PolicyAccess([OLGA.aadObjectId], { approvers: new Map(), requesters: new Map() });
    const policy = new ApprovalPolicy({ allowedTenantIds: [TENANT], access });
    this.service = new ApprovalService(store, policy, this.runner, logger);
  }

  /** Discovers the pending connection to `server` (a watcher cycle) and returns its request. */
  async pendingRequest(server: string): Promise<ApprovalRequest> {
    await this.watcher.cycle();
    const [request] = await this.store.requests.listByServer(serverRef(server), { openOnly: true });
    if (!request) throw new Error(`no open approval request for ${server}`);
    return request;
  }

  /** An approver taps Approve or Reject on the card: the decision runs to its end in Azure. */
  async decide(server: string, decision: Decision, reason?: string): Promise<ApprovalRequest> {
    const request = await this.pendingRequest(server);
    const outcome = await this.service.decide({
      actor: OLGA,
      acting: this.acting,
      requestId: request.id,
      decision,
      reason,
      cardActivityId: await postedCard(this.store, request.id),
    });
    if (outcome.kind !== 'started') throw new Error(`decision not started: ${outcome.kind}`);
    await this.runner.idle();
    return (await this.store.requests.get(request.id))!;
  }

  /** Data Factory sees a decision some seconds later; the watcher notices on a later cycle. */
  async factoryCatchesUp(): Promise<void> {
    await until(
      async () => (await this.watcher.cycle()).factorySaw > 0,
      10_000,
      'Data Factory never saw the decision',
    );
  }
}
