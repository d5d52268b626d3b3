import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Watcher } from '../../../src/approvals/watcher';
import type { AzureGateway } from '../../../src/azure/gateway';
import { SANDBOX_BOT_PRINCIPAL, type RunningSimulator } from '../../../src/sandbox';
import { SqliteStore } from '../../../src/store';
import { RecordingSink } from '../../helpers/approval-harness';
import { gatewayFor, seededConnection, serverRef, startSandboxAzure, W } from '../../helpers/sandbox-azure';

/**
 * DISCOVERY=resource-graph: a cycle asks Azure Resource Graph once for every watched subscription, and because its
 * index lags ARM, the watcher re-reads a connection through ARM before opening a request or closing one. The
 * simulator's index here is up to 60 s behind its world, on a clock the test moves.
 */
const LAG_SECONDS = 60;
let clock = Date.parse('2026-11-29T12:00:00Z');
let sim: RunningSimulator;
let gateway: AzureGateway;
let store: SqliteStore;
let dir: string;
let events: RecordingSink;
let watcher: Watcher;

beforeEach(async () => {
  ({ sim } = await startSandboxAzure({ resourceGraphLagSeconds: LAG_SECONDS, now: () => clock }));
  gateway = gatewayFor(sim, SANDBOX_BOT_PRINCIPAL, { discovery: 'resource-graph' });
  dir = mkdtempSync(join(tmpdir(), 'pl-watcher-arg-'));
  store = new SqliteStore({ path: join(dir, 'bot.sqlite'), now: () => new Date() });
  events = new RecordingSink();
  watcher = new Watcher(gateway, store, events, pino({ level: 'silent' }));
});
afterEach(async () => {
  await store.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const graphQueries = () =>
  sim.requests.count({ method: 'POST', path: /Microsoft\.ResourceGraph\/resources$/ });
const armReads = () => sim.requests.all().filter((r) => r.method === 'GET').length;

it('one Resource Graph query a cycle, no ARM server list; a new pending connection is confirmed through ARM', async () => {
  clock += LAG_SECONDS * 1000;
  sim.requests.clear();
  expect(await watcher.cycle()).toMatchObject({ opened: 1, unreadable: 0 });
  expect(graphQueries()).toBe(1);
  // No ARM list of servers; the pending connection is read once through ARM (plus the factories, for its origin).
  const reads = sim.requests
    .all()
    .filter((r) => r.method === 'GET')
    .map((r) => r.path);
  expect(reads.filter((p) => /flexibleServers$/.test(p))).toEqual([]);
  expect(reads.filter((p) => /privateEndpointConnections/.test(p))).toEqual([
    expect.stringMatching(new RegExp(`/privateEndpointConnections/${W.pendingConnectionName}$`)),
  ]);
  sim.requests.clear();
  await watcher.cycle();
  expect([graphQueries(), armReads()]).toEqual([1, 0]); // known and pending: nothing to confirm
});

it('a connection the lagging index still shows pending but someone already approved gets no request', async () => {
  clock += LAG_SECONDS * 1000;
  const approved = sim.world.requestConnection(serverRef(W.servers.sandbox), {
    privateEndpointId:
      '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateEndpoints/pe-quick',
    requestMessage: 'approved at once',
  });
  await gateway.surveyWatchedServers(); // the index is rebuilt now: it shows the connection Pending ...
  sim.world.approveConnection({ server: serverRef(W.servers.sandbox), connectionName: approved.name });
  sim.world.fastForward(); // ... while ARM already says Approved
  sim.requests.clear();
  await watcher.cycle();
  const open = (await store.requests.listOpen()).map((r) => r.connectionName);
  expect(open).toEqual([W.pendingConnectionName]);
  expect(
    sim.requests.count({ method: 'GET', path: new RegExp(`/privateEndpointConnections/${approved.name}$`) }),
  ).toBe(1);
});

it('a request is closed as decided elsewhere only once ARM confirms it', async () => {
  clock += LAG_SECONDS * 1000;
  await watcher.cycle();
  const [request] = await store.requests.listOpen();
  expect(request?.connectionName).toBe(seededConnection.connectionName);
  // Deleted in the portal; the index drops it at its next rebuild, and ARM confirms it is gone.
  sim.world.deleteConnection(seededConnection);
  await watcher.cycle();
  expect((await store.requests.get(request!.id))?.status).toBe('pending'); // the index still shows it
  clock += LAG_SECONDS * 1000;
  await watcher.cycle();
  expect((await store.requests.get(request!.id))?.status).toBe('gone');
  expect(events.types()).toContain('DecidedElsewhere');
});

it('Resource Graph refusing the query is one unreadable spot, and the cycle counts as failed reads', async () => {
  clock += LAG_SECONDS * 1000;
  sim.faults.add({ method: 'POST', path: /Microsoft\.ResourceGraph\/resources$/, kind: 'server-error' });
  await expect(watcher.cycle()).rejects.toMatchObject({ code: 'AZURE_UNAVAILABLE' });
  await expect(watcher.cycle()).rejects.toMatchObject({ code: 'AZURE_UNAVAILABLE' });
  expect(watcher.blindSpots.current()).toEqual([
    expect.objectContaining({
      key: 'resource-graph',
      label: 'Azure Resource Graph (every watched subscription)',
    }),
  ]);
});

/** `count` new servers with one new pending connection each, which the (rebuilt) index shows Pending. */
async function burstOfPendingConnections(count: number) {
  clock += LAG_SECONDS * 1000;
  const at = { subscriptionId: W.subscriptionId, resourceGroup: W.resourceGroup, location: W.location };
  const burst = Array.from({ length: count }, (_, i) => {
    const name = `pg-burst-${String(i).padStart(2, '0')}`;
    sim.world.addServer({ ...at, name });
    const server = { subscriptionId: at.subscriptionId, resourceGroup: at.resourceGroup, serverName: name };
    return {
      server,
      connectionName: sim.world.requestConnection(server, {
        privateEndpointId: `/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateEndpoints/pe-${name}`,
        requestMessage: `burst ${i}`,
      }).name,
    };
  });
  await gateway.surveyWatchedServers();
  return burst;
}

const armGets = (path: RegExp) =>
  sim.requests.all().filter((r) => r.method === 'GET' && path.test(r.path)).length;
const SINGLE_CONNECTION = /privateEndpointConnections\/[^/]+$/;
const SERVER_LIST = /Microsoft\.DBforPostgreSQL\/flexibleServers$/;

it('a burst of new connections is confirmed through one ARM server list after a few single reads, and ARM still decides', async () => {
  const burst = await burstOfPendingConnections(30); // the index shows every one of them Pending ...
  const approvedInPortal = burst.filter((_, i) => i % 3 === 0);
  for (const c of approvedInPortal) sim.world.approveConnection(c);
  sim.world.fastForward(); // ... while ARM already says a third of them are Approved
  sim.requests.clear();

  const report = await watcher.cycle();

  // Every pending one opened (the burst's two thirds and the sandbox's own pending connection), none ARM approved.
  expect(report.opened).toBe(burst.length - approvedInPortal.length + 1);
  const open = new Set((await store.requests.listOpen()).map((r) => r.connectionName));
  for (const c of approvedInPortal) expect(open.has(c.connectionName)).toBe(false);
  // The cost: five single reads, then the ARM server list (one page here) instead of 31 single reads.
  expect([armGets(SINGLE_CONNECTION), armGets(SERVER_LIST)]).toEqual([5, 1]);
});

it('when the ARM server list fails, the burst is still confirmed, one read per connection', async () => {
  const burst = await burstOfPendingConnections(12);
  sim.faults.add({ method: 'GET', path: SERVER_LIST, kind: 'server-error' });
  sim.requests.clear();
  expect(await watcher.cycle()).toMatchObject({ opened: burst.length + 1 });
  expect(armGets(SINGLE_CONNECTION)).toBe(burst.length + 1);
});
