/** Records about the requester's guided flow ("connect") and the endpoints people asked for through it. */
import type { ProbeHandle } from '../domain/terms';
import type { FactoryRef, ServerRef } from '../domain/resource-ids';
import type { Actor, StoredReference } from './conversation-records';

/**
 * asking: the requester is answering questions; waiting-approval: the endpoint waits for the server's owner and
 * for Data Factory to see the decision; testing: the linked service is being created and tested in the
 * background; finished / cancelled: over (kept, so a late tap on an old card can be answered).
 */
export type FlowPhase = 'asking' | 'waiting-approval' | 'testing' | 'finished' | 'cancelled';

export const OPEN_FLOW_PHASES: readonly FlowPhase[] = ['asking', 'waiting-approval', 'testing'];

/** How the connection test ended; Azure's message is kept to show it again after a restart (never a secret). */
export interface StoredTestOutcome {
  ok: boolean;
  /** 'Succeeded', 'Failed', 'create-failed', 'timed-out', 'interrupted', ... */
  status: string;
  message?: string;
  code?: string;
}

/** One requester's flow: the index the dialog state cannot give (who, where, waiting for what). */
export interface ConnectFlow {
  flowId: string;
  requester: Actor;
  tenantId: string;
  /** The conversation (in a channel: the thread) the flow talks in; proactive messages go there. */
  reference: StoredReference;
  phase: FlowPhase;
  /** The step the requester is at, in words, for `status`. */
  step: string;
  factory?: FactoryRef;
  server?: ServerRef;
  endpointName?: string;
  /** The integration runtime the linked service connects via (and the test runs on). */
  runtime?: string;
  linkedServiceName?: string;
  /** The progress card of the connection test, updated while it runs. */
  progressActivityId?: string;
  /** The probe run in flight, so a restart can keep polling it (and remove it afterwards). */
  probe?: ProbeHandle;
  testOutcome?: StoredTestOutcome;
  /** Set when the flow ended: how, in words. */
  outcome?: string;
  startedAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

export type NewConnectFlow = Pick<ConnectFlow, 'flowId' | 'requester' | 'tenantId' | 'reference' | 'step'>;

/** What may change while a flow runs; `probe: null` forgets the probe, `testOutcome: null` the last test's outcome. */
export type ConnectFlowChanges = Partial<
  Pick<
    ConnectFlow,
    | 'phase'
    | 'step'
    | 'factory'
    | 'server'
    | 'endpointName'
    | 'runtime'
    | 'linkedServiceName'
    | 'progressActivityId'
  >
> & { probe?: ProbeHandle | null; testOutcome?: StoredTestOutcome | null };

/** Who asked for a managed private endpoint through the bot: what the approval card names as the requester. */
export interface EndpointRequest {
  factory: FactoryRef;
  endpointName: string;
  server: ServerRef;
  requester: Actor;
  flowId?: string;
  requestedAt: Date;
}

export type NewEndpointRequest = Omit<EndpointRequest, 'requestedAt'>;
