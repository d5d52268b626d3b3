import type { Storage } from 'botbuilder';
import type { ConnectFlow, ConnectFlowChanges, FlowPhase, NewConnectFlow } from '../connect-records';
import { OPEN_FLOW_PHASES } from '../connect-records';
import type { ConnectFlowRepository } from '../store';
import { DocumentStore } from './document-store';

const FLOW_PREFIX = 'connect/flows/';
/** The ids of flows not ended: what `status` and the resumers look through (a handful at any time). */
const OPEN_INDEX = 'connect/open-flows';
const DATE_FIELDS = ['startedAt', 'updatedAt', 'finishedAt'] as const;

/** Flow records as documents in the bot-state Storage (see document-store.ts for why not a table). */
export class DocumentConnectFlowRepository implements ConnectFlowRepository {
  private readonly docs: DocumentStore;

  constructor(
    storage: Storage,
    private readonly now: () => Date,
  ) {
    this.docs = new DocumentStore(storage);
  }

  async create(flow: NewConnectFlow): Promise<ConnectFlow> {
    const at = this.now();
    const record: ConnectFlow = { ...flow, phase: 'asking', startedAt: at, updatedAt: at };
    await this.docs.update(FLOW_PREFIX + flow.flowId, () => ({ next: toDoc(record), result: undefined }));
    await this.docs.update(OPEN_INDEX, (current) => {
      const ids = idsOf(current);
      return {
        next: ids.includes(flow.flowId) ? undefined : { ids: [...ids, flow.flowId] },
        result: undefined,
      };
    });
    return record;
  }

  async get(flowId: string): Promise<ConnectFlow | undefined> {
    const doc = await this.docs.get(FLOW_PREFIX + flowId);
    return doc ? fromDoc(doc) : undefined;
  }

  async update(flowId: string, changes: ConnectFlowChanges): Promise<boolean> {
    const at = this.now();
    return this.docs.update(FLOW_PREFIX + flowId, (current) => {
      const flow = current ? fromDoc(current) : undefined;
      if (!flow || !OPEN_FLOW_PHASES.includes(flow.phase)) return { next: undefined, result: false };
      const { probe, testOutcome, ...rest } = changes;
      const next: ConnectFlow = { ...flow, ...rest, updatedAt: at };
      if (probe === null) delete next.probe;
      else if (probe) next.probe = probe;
      if (testOutcome === null) delete next.testOutcome;
      else if (testOutcome) next.testOutcome = testOutcome;
      return { next: toDoc(next), result: true };
    });
  }

  async end(flowId: string, phase: 'finished' | 'cancelled', outcome: string): Promise<boolean> {
    const at = this.now();
    const ended = await this.docs.update(FLOW_PREFIX + flowId, (current) => {
      const flow = current ? fromDoc(current) : undefined;
      if (!flow || !OPEN_FLOW_PHASES.includes(flow.phase)) return { next: undefined, result: false };
      return { next: toDoc({ ...flow, phase, outcome, updatedAt: at, finishedAt: at }), result: true };
    });
    await this.docs.update(OPEN_INDEX, (current) => {
      const ids = idsOf(current);
      return {
        next: ids.includes(flowId) ? { ids: ids.filter((id) => id !== flowId) } : undefined,
        result: undefined,
      };
    });
    return ended;
  }

  async listOpen(
    filter: { requesterId?: string; phases?: readonly FlowPhase[] } = {},
  ): Promise<ConnectFlow[]> {
    const ids = idsOf(await this.docs.get(OPEN_INDEX));
    const flows = (await this.docs.getMany(ids.map((id) => FLOW_PREFIX + id))).map(fromDoc);
    const requester = filter.requesterId?.toLowerCase();
    return flows
      .filter((f) => OPEN_FLOW_PHASES.includes(f.phase))
      .filter((f) => !requester || f.requester.aadObjectId.toLowerCase() === requester)
      .filter((f) => !filter.phases || filter.phases.includes(f.phase))
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  }
}

function idsOf(doc: Record<string, unknown> | undefined): string[] {
  const ids = doc?.['ids'];
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

function toDoc(flow: ConnectFlow): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...flow };
  for (const field of DATE_FIELDS) if (flow[field]) doc[field] = flow[field]!.toISOString();
  return doc;
}

/** The Storage is our own, but a hand-edited or truncated document must fail here, not deep in a dialog. */
function fromDoc(doc: Record<string, unknown>): ConnectFlow {
  if (
    typeof doc['flowId'] !== 'string' ||
    typeof doc['phase'] !== 'string' ||
    typeof doc['startedAt'] !== 'string'
  ) {
    throw new Error('stored connect flow is malformed');
  }
  const flow = { ...doc } as unknown as ConnectFlow & Record<string, unknown>;
  for (const field of DATE_FIELDS) {
    const value = doc[field];
    if (typeof value === 'string') flow[field] = new Date(value);
  }
  return flow;
}
