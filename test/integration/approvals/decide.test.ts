import type { AzureGateway } from '../../../src/azure/gateway';
import type { RunningSimulator } from '../../../src/sandbox';
import { approvalDomain, APPROVER, REQUESTER } from '../../helpers/approval-harness';
import { eventually } from '../../helpers/eventually';
import { seededConnection, startSandboxAzure } from '../../helpers/sandbox-azure';

let sim: RunningSimulator;
let gateway: AzureGateway;
let domain: ReturnType<typeof approvalDomain>;

const PUTS = { method: 'PUT', path: /privateEndpointConnections\// };

async function openSeededRequest(): Promise<string> {
  await domain.watcher.cycle();
  const [request] = await domain.store.requests.listOpen();
  return request!.id;
}

/** A fresh simulator whose writes run until the test moves its clock (fastForward), however slow the machine. */
async function holdAzureWrites(): Promise<void> {
  await domain.close();
  domain.remove();
  await sim.close();
  ({ sim, gateway } = await startSandboxAzure({ lroSeconds: 3600 }));
  domain = approvalDomain(gateway);
}

beforeEach(async () => {
  ({ sim, gateway } = await startSandboxAzure());
  domain = approvalDomain(gateway);
});
afterEach(async () => {
  await domain.close();
  domain.remove();
  await sim.close();
});

describe('deciding a request', () => {
  it('approves: claimed at once, Azure write in the background, recorded, audited, events in order', async () => {
    const id = await openSeededRequest();
    const outcome = await domain.service.decide({
      actor: APPROVER,
      requestId: id,
      decision: 'Approved',
      reason: 'Looks right',
      activityId: 'a1',
    });
    expect(outcome).toMatchObject({ kind: 'started', request: { status: 'deciding' } });
    await domain.runner.idle();
    expect(sim.world.getConnection(seededConnection)?.status).toBe('Approved');
    expect(sim.world.getConnection(seededConnection)?.description).toBe(
      'Approved by Avery Approver via Teams: Looks right',
    );
    const request = await domain.store.requests.get(id);
    expect(request).toMatchObject({
      status: 'approved',
      decision: { decision: 'Approved', by: { name: 'Avery Approver' }, reason: 'Looks right' },
    });
    expect(domain.sink.types()).toEqual(['RequestPending', 'DecisionStarted', 'RequestDecided']);
    const [audit] = await domain.store.audit.list({ requestId: id });
    expect(audit).toMatchObject({
      action: 'approve',
      actor: { aadObjectId: APPROVER.aadObjectId },
      stateBefore: 'Pending',
      stateAfter: 'Approved',
    });
    // The simulator's x-ms-correlation-request-id of the PUT, to find the write in the Azure activity log.
    expect(audit?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sim.requests.count(PUTS)).toBe(1);
  });

  it('refuses a reject without a reason and writes nothing; with a reason it rejects', async () => {
    const id = await openSeededRequest();
    expect(
      await domain.service.decide({ actor: APPROVER, requestId: id, decision: 'Rejected', reason: '  ' }),
    ).toMatchObject({ kind: 'invalid' });
    expect((await domain.store.requests.get(id))?.status).toBe('pending');
    expect(
      await domain.service.decide({
        actor: APPROVER,
        requestId: id,
        decision: 'Approved',
        reason: 'x'.repeat(501),
      }),
    ).toMatchObject({ kind: 'invalid' });
    await domain.service.decide({
      actor: APPROVER,
      requestId: id,
      decision: 'Rejected',
      reason: 'Wrong factory',
    });
    await domain.runner.idle();
    expect(sim.world.getConnection(seededConnection)?.status).toBe('Rejected');
    expect((await domain.store.requests.get(id))?.decision?.reason).toBe('Wrong factory');
    expect(sim.requests.count(PUTS)).toBe(1);
  });

  it.each([
    ['a non-approver', { ...REQUESTER }, 'not-approver'],
    ['another tenant', { ...APPROVER, tenantId: '99999999-9999-9999-9999-999999999999' }, 'tenant'],
  ])('refuses %s: error, no Azure write, audit entry', async (_label, actor, reason) => {
    const id = await openSeededRequest();
    expect(
      await domain.service.decide({ actor, requestId: id, decision: 'Approved', reason: '' }),
    ).toMatchObject({ kind: 'refused' });
    await domain.runner.idle();
    expect(sim.requests.count(PUTS)).toBe(0);
    expect((await domain.store.requests.get(id))?.status).toBe('pending');
    const [audit] = await domain.store.audit.list({ requestId: id });
    expect(audit).toMatchObject({ action: 'refused', detail: expect.stringContaining(reason) });
  });

  it('refuses self-approval by the requester, even when they are an approver', async () => {
    const id = await openSeededRequest();
    await domain.store.requests.annotate(id, {
      requester: { aadObjectId: APPROVER.aadObjectId, name: APPROVER.name },
    });
    expect(
      await domain.service.decide({ actor: APPROVER, requestId: id, decision: 'Approved', reason: '' }),
    ).toMatchObject({
      kind: 'refused',
      reason: 'self-approval',
      message: 'You asked for this connection, so another approver must decide.',
    });
    expect(sim.requests.count(PUTS)).toBe(0);
    expect((await domain.store.audit.list({ requestId: id }))[0]).toMatchObject({
      action: 'refused',
      detail: expect.stringContaining('self-approval'),
    });
  });

  it('20 concurrent taps and 5 redeliveries of one invoke make exactly one Azure write', async () => {
    const id = await openSeededRequest();
    const taps = Array.from({ length: 20 }, (_, i) =>
      domain.service.decide({
        actor: APPROVER,
        requestId: id,
        decision: i % 2 ? 'Approved' : 'Rejected',
        reason: 'r',
        activityId: `tap-${i}`,
      }),
    );
    const redeliveries = Array.from({ length: 5 }, () =>
      domain.service.decide({
        actor: APPROVER,
        requestId: id,
        decision: 'Approved',
        reason: 'r',
        activityId: 'same-invoke',
      }),
    );
    const outcomes = await Promise.all([...taps, ...redeliveries]);
    expect(outcomes.filter((o) => o.kind === 'started')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already')).toHaveLength(24);
    await domain.runner.idle();
    expect(sim.requests.count(PUTS)).toBe(1);
  });

  it('does not write when the connection was decided in the portal meanwhile; the request shows the real state', async () => {
    const id = await openSeededRequest();
    sim.world.rejectConnection(seededConnection, 'Rejected in the portal');
    await domain.service.decide({ actor: APPROVER, requestId: id, decision: 'Approved', reason: '' });
    await domain.runner.idle();
    expect(sim.requests.count(PUTS)).toBe(0);
    expect(await domain.store.requests.get(id)).toMatchObject({
      status: 'decided-elsewhere',
      decision: { decision: 'Rejected' },
    });
    expect(domain.sink.types()).toContain('DecidedElsewhere');
  });

  it('a persistent Azure failure leaves the request failed with the error, buttons back; a retry then succeeds', async () => {
    const id = await openSeededRequest();
    const fault = sim.faults.add({
      method: 'PUT',
      path: /privateEndpointConnections\//,
      kind: 'server-error',
    });
    await domain.service.decide({ actor: APPROVER, requestId: id, decision: 'Approved', reason: '' });
    await domain.runner.idle();
    const failed = await domain.store.requests.get(id);
    expect(failed).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/500/) });
    expect(sim.world.getConnection(seededConnection)?.status).toBe('Pending');
    expect((await domain.store.audit.list({ requestId: id }))[0]).toMatchObject({
      action: 'operation-failed',
    });
    sim.faults.remove(fault);
    expect(
      await domain.service.decide({ actor: APPROVER, requestId: id, decision: 'Approved', reason: '' }),
    ).toMatchObject({ kind: 'started' });
    await domain.runner.idle();
    expect((await domain.store.requests.get(id))?.status).toBe('approved');
  });

  it('a throttled first poll (inside the SDK begin) records no failure: the accepted write lands once', async () => {
    await holdAzureWrites();
    const id = await openSeededRequest();
    // The SDK does not retry a 429 without Retry-After, so the begin call itself fails after the PUT was taken.
    sim.faults.add({
      method: 'GET',
      path: /azureAsyncOperation/i,
      kind: 'throttle-no-retry-after',
      times: 1,
    });
    await domain.service.decide({ actor: APPROVER, requestId: id, decision: 'Approved', reason: '' });
    // The runner tried the same PUT again while the accepted one runs, and Azure refused it (409): now let it finish.
    await eventually(() => sim.requests.count({ ...PUTS, status: 409 }) > 0);
    sim.world.fastForward();
    await domain.runner.idle();
    expect(await domain.store.requests.get(id)).toMatchObject({
      status: 'approved',
      decision: { by: { name: 'Avery Approver' } },
    });
    // Repeats of the same PUT while the accepted one runs are refused by Azure (409); one write was taken.
    expect(sim.requests.count({ method: 'PUT', path: /privateEndpointConnections\//, status: 202 })).toBe(1);
    expect((await domain.store.audit.list({ requestId: id })).map((a) => a.action)).not.toContain(
      'operation-failed',
    );
  });

  it('throttled polls after the operation was stored are resumed from the token: no second PUT', async () => {
    // The throttled polls come while Azure's write runs.
    await holdAzureWrites();
    const id = await openSeededRequest();
    await domain.service.decide({ actor: APPROVER, requestId: id, decision: 'Approved', reason: '' });
    await eventually(async () => (await domain.store.operations.get(id)) !== undefined);
    sim.faults.add({
      method: 'GET',
      path: /azureAsyncOperation/i,
      kind: 'throttle-no-retry-after',
      times: 2,
    });
    sim.world.fastForward();
    await domain.runner.idle();
    expect((await domain.store.requests.get(id))?.status).toBe('approved');
    expect(sim.requests.count({ method: 'GET', path: /azureAsyncOperation/i, status: 429 })).toBe(2);
    expect(sim.requests.count(PUTS)).toBe(1);
  });
});
