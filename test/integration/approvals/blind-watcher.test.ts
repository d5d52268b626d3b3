import { SANDBOX_BOT_PRINCIPAL } from '../../../src/sandbox';
import { arm, SUBSCRIPTION } from '../../helpers/arm-http';
import { TeamsAppHarness } from '../../helpers/teams-app-harness';

/**
 * Issue 12, part 2: a watcher that cannot read is not a quiet one. Removing the bot's reader role makes one clear
 * message in the watching channel after two cycles, none while it lasts, and one "I can see … again" once the role
 * is back; /healthz names what cannot be read.
 */
jest.setTimeout(60_000);

const harness = new TeamsAppHarness({});
beforeAll(() => harness.start());
afterAll(() => harness.stop());

/** What each call said: a new channel thread carries its first message in `activity`. */
const texts = () =>
  harness.connector.calls.map((c) => {
    const activity = (c.body['activity'] ?? c.body) as Record<string, unknown>;
    return String(activity['text'] ?? '');
  });
const ASSIGNMENTS = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleAssignments`;

async function botAssignments(): Promise<string[]> {
  const filter = encodeURIComponent(`principalId eq '${SANDBOX_BOT_PRINCIPAL.objectId}'`);
  const answer = await arm(harness.sim.url, 'GET', `${ASSIGNMENTS}?api-version=2022-04-01&$filter=${filter}`);
  return (answer.json as { value: Array<{ id: string }> }).value.map((a) => a.id);
}

async function health(): Promise<Record<string, unknown>> {
  const res = await fetch(`${harness.app.botUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as Record<string, unknown>;
}

it('the bot loses its role: one message after two cycles naming the role and the scope; one when it is back', async () => {
  await harness.post(harness.channelMessage('watch'));
  await harness.app.approvals.watcher.cycle();
  const before = texts().length;

  const assignments = await botAssignments();
  expect(assignments).not.toEqual([]);
  for (const id of assignments) {
    expect((await arm(harness.sim.url, 'DELETE', `${id}?api-version=2022-04-01`)).status).toBe(200);
  }
  // The whole subscription is out of sight: the cycle fails (Azure reads failing), and it is told after two.
  await expect(harness.app.approvals.watcher.cycle()).rejects.toMatchObject({ code: 'AZURE_FORBIDDEN' });
  expect(texts().slice(before)).toEqual([]);
  await expect(harness.app.approvals.watcher.cycle()).rejects.toMatchObject({ code: 'AZURE_FORBIDDEN' });
  await expect(harness.app.approvals.watcher.cycle()).rejects.toMatchObject({ code: 'AZURE_FORBIDDEN' });
  const told = texts().slice(before);
  expect(told).toHaveLength(1);
  expect(told[0]).toContain(`I cannot see subscription ${SUBSCRIPTION}`);
  expect(told[0]).toContain('AuthorizationFailed');
  expect(told[0]).toContain(
    `"Private Link Bot - Reader" (deploy/roles) or Reader to the bot's identity on /subscriptions/${SUBSCRIPTION}`,
  );
  expect(await health()).toMatchObject({
    status: 'degraded',
    watcher: { cannotRead: [expect.objectContaining({ what: `subscription ${SUBSCRIPTION}` })] },
  });

  await harness.grant(SANDBOX_BOT_PRINCIPAL, 'botReader', `/subscriptions/${SUBSCRIPTION}`);
  await harness.app.approvals.watcher.cycle();
  await harness.app.approvals.watcher.cycle();
  expect(texts().slice(before)).toEqual([told[0], `I can see subscription ${SUBSCRIPTION} again.`]);
  const healthy = await health();
  expect(healthy['status']).toBe('ok');
  expect(healthy).not.toHaveProperty('watcher');
});

describe('one watched server out of sight, the others read', () => {
  const servers = `${SUBSCRIPTION}/rg-analytics/pg-orders,${SUBSCRIPTION}/rg-analytics/pg-sandbox`;
  const partial = new TeamsAppHarness({ SANDBOX: 'true', AZURE_SUBSCRIPTION_IDS: servers });
  beforeAll(() => partial.start());
  afterAll(() => partial.stop());

  it('tells the conversation watching it, leaves its requests alone, and /healthz stays 200', async () => {
    await partial.post(partial.channelMessage('watch pg-orders'));
    await partial.app.approvals.watcher.cycle();
    const [open] = await partial.app.store.requests.listOpen();
    expect(open?.server.serverName).toBe('pg-orders');
    const before = partial.connector.calls.length;

    const fault = partial.sim.faults.add({
      method: 'GET',
      path: /flexibleServers\/pg-orders$/,
      kind: 'server-error',
    });
    await partial.app.approvals.watcher.cycle(); // pg-sandbox is read; the cycle itself succeeds
    await partial.app.approvals.watcher.cycle();
    const told = partial.connector.calls.slice(before).map((c) => JSON.stringify(c.body));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('I cannot see server pg-orders');
    // Not seen is not gone: the request on pg-orders is still pending.
    expect((await partial.app.store.requests.get(open!.id))?.status).toBe('pending');
    const res = await fetch(`${partial.app.botUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      watcher: { cannotRead: [expect.objectContaining({ what: 'server pg-orders' })] },
    });

    partial.sim.faults.remove(fault);
    await partial.app.approvals.watcher.cycle();
    const after = partial.connector.calls.slice(before).map((c) => JSON.stringify(c.body));
    expect(after).toHaveLength(2);
    expect(after[1]).toContain('I can see server pg-orders again.');
  });
});
