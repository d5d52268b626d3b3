import type { Store } from '../store/store';

/**
 * Ends a flow once and writes its result to the audit log, so `history` tells what the guided flows came to (who
 * connected which factory to which server, and whether the test passed) next to the approvals they needed.
 */
export async function endFlow(
  store: Pick<Store, 'connectFlows' | 'audit'>,
  flowId: string,
  phase: 'finished' | 'cancelled',
  outcome: string,
): Promise<boolean> {
  if (!(await store.connectFlows.end(flowId, phase, outcome))) return false;
  const flow = await store.connectFlows.get(flowId);
  if (!flow) return true;
  const failure = flow.testOutcome && !flow.testOutcome.ok ? flow.testOutcome.message : undefined;
  const parts = [
    flow.factory ? `factory ${flow.factory.factoryName}` : undefined,
    flow.endpointName ? `endpoint ${flow.endpointName}` : undefined,
    flow.linkedServiceName ? `linked service ${flow.linkedServiceName}` : undefined,
  ].filter(Boolean);
  await store.audit.append({
    action: 'connect-flow',
    actor: { aadObjectId: flow.requester.aadObjectId, name: flow.requester.name },
    tenantId: flow.tenantId,
    ...(flow.server ? { server: flow.server } : {}),
    reason: failure ? `${outcome}: ${failure}` : outcome,
    stateAfter: phase,
    ...(parts.length > 0 ? { detail: parts.join(', ') } : {}),
  });
  return true;
}
