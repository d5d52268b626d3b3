import type { RunningSimulator } from '../../../src/sandbox';
import { approvalDomain, APPROVER } from '../../helpers/approval-harness';
import { LogSignals } from '../../helpers/log-signals';
import { startSandboxAzure } from '../../helpers/sandbox-azure';

/**
 * Shutdown during a backoff: the runner's pause between tries is 10 minutes here (capped at 30 s), so a stop that
 * waited it out would make a second try against the still-failing Azure before returning. The try count after
 * stop() is what shows the pause was cut short. That a later start carries a `deciding` decision on is shown by
 * the restart tests in watcher.test.ts.
 */
let sim: RunningSimulator;
let domain: ReturnType<typeof approvalDomain>;
let logs: LogSignals;

const THROTTLED_POLLS = { method: 'GET', path: /azureAsyncOperation/i, status: 429 };

beforeEach(async () => {
  let gateway;
  ({ sim, gateway } = await startSandboxAzure());
  logs = new LogSignals();
  domain = approvalDomain(gateway, undefined, { logger: logs.logger, backoffMs: 600_000 });
});
afterEach(async () => {
  await domain.close();
  domain.remove();
  await sim.close();
});

it('stop() during a backoff returns without a second try and leaves the decision deciding, for the next start', async () => {
  await domain.watcher.cycle();
  const [request] = await domain.store.requests.listOpen();
  // The SDK leaves a 429 without Retry-After to us, so the runner pauses before trying again.
  sim.faults.add({ method: 'GET', path: /azureAsyncOperation/i, kind: 'throttle-no-retry-after' });
  await domain.service.decide({ actor: APPROVER, requestId: request!.id, decision: 'Approved', reason: '' });

  const pausing = await logs.next('azure busy, trying again');
  expect(pausing).toMatchObject({ attempt: 1, delayMs: 30_000 });
  await domain.runner.stop();

  expect(sim.requests.count(THROTTLED_POLLS)).toBe(1);
  expect(logs.count('decision left for the next sweep or start')).toBe(1);
  expect((await domain.store.requests.get(request!.id))?.status).toBe('deciding');
  expect((await domain.store.audit.list({ requestId: request!.id })).map((a) => a.action)).not.toContain(
    'operation-failed',
  );
});
