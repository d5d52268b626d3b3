import { FailingDisk } from '../../helpers/failing-store';
import { TeamsAppHarness } from '../../helpers/teams-app-harness';

/**
 * Issue 14, finding 6: broken state is loud. /healthz turns 503 `degraded`, naming the failing part, while the
 * store's disk fails or Azure reads fail, and back to 200 once the part works again.
 */
jest.setTimeout(60_000);

const disk = new FailingDisk();
const harness = new TeamsAppHarness({}, undefined, undefined, { wrapStore: (store) => disk.wrap(store) });

beforeAll(() => harness.start());
afterAll(() => {
  disk.failing = false;
  return harness.stop();
});

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${harness.app.botUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const INSTANCE = { mode: 'sandbox', role: 'leader' };
const HEALTHY = {
  status: 200,
  body: { status: 'ok', ...INSTANCE, store: { kind: 'sqlite', reachable: true } },
};

it('the store on a failing disk: 503 naming the store, and 200 again after it recovers', async () => {
  await harness.app.approvals.watcher.cycle();
  expect(await health()).toEqual(HEALTHY);

  disk.failing = true;
  // Liveness stays up through an outage: a liveness probe must not restart every instance while the store is down.
  const alive = await fetch(`${harness.app.botUrl}/livez`, { signal: AbortSignal.timeout(10_000) });
  expect([alive.status, await alive.json()]).toEqual([200, { status: 'alive' }]);
  expect(await health()).toEqual({
    status: 503,
    body: {
      status: 'degraded',
      ...INSTANCE,
      store: { kind: 'sqlite', reachable: false },
      failing: [{ part: 'store', since: expect.any(String), problem: 'SQLITE_IOERR: disk I/O error' }],
    },
  });
  // The watcher's cycle fails on the store too; the report stays on the store, not on Azure.
  await expect(harness.app.approvals.watcher.cycle()).rejects.toMatchObject({ code: 'SQLITE_IOERR' });
  expect((await health()).body['failing']).toEqual([expect.objectContaining({ part: 'store' })]);

  disk.failing = false;
  // Until the watcher has worked again, its failure still counts.
  expect((await health()).status).toBe(503);
  await harness.app.approvals.watcher.cycle();
  expect(await health()).toEqual(HEALTHY);
});

it('Azure reads failing: 503 naming Azure, and 200 again after they work', async () => {
  expect(await health()).toEqual(HEALTHY);
  const fault = harness.sim.faults.add({ method: 'GET', path: /flexibleServers$/, kind: 'server-error' });
  await expect(harness.app.approvals.watcher.cycle()).rejects.toThrow();
  expect(await health()).toEqual({
    status: 503,
    body: {
      status: 'degraded',
      ...INSTANCE,
      store: { kind: 'sqlite', reachable: true },
      failing: [{ part: 'azure', since: expect.any(String), problem: expect.stringMatching(/^AZURE_/) }],
      // What the watcher cannot read, in people's words (issue 12: a blind watcher says so).
      watcher: {
        cannotRead: [
          {
            what: 'subscription 11111111-1111-1111-1111-111111111111',
            since: expect.any(String),
            reason: 'Azure did not answer properly (500)',
          },
        ],
      },
    },
  });
  harness.sim.faults.remove(fault);
  await harness.app.approvals.watcher.cycle();
  expect(await health()).toEqual(HEALTHY);
});
