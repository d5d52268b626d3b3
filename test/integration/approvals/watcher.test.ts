import type { AzureGateway } from '../../../src/azure/gateway';
import type { RunningSimulator } from '../../../src/sandbox';
import { approvalDomain, APPROVER } from '../../helpers/approval-harness';
import {
  factoryRef,
  gatewayFor,
  seededConnection,
  serverRef,
  startSandboxAzure,
} from '../../helpers/sandbox-azure';

let sim: RunningSimulator;
let gateway: AzureGateway;
const domains: Array<ReturnType<typeof approvalDomain>> = [];

function domain(dir?: string) {
  const d = approvalDomain(gateway, dir);
  domains.push(d);
  return d;
}

beforeEach(
  async () => ({ sim, gateway } = await startSandboxAzure({ lroSeconds: 0.3, adfSyncSeconds: 0.3 })),
);
afterEach(async () => {
  for (const d of domains.splice(0)) await d.close();
  await sim.close();
});

describe('the watcher', () => {
  it('opens one request per pending connection, names the factory endpoint, and never twice — across cycles and restarts', async () => {
    const first = domain();
    expect(await first.watcher.cycle()).toMatchObject({ servers: 2, opened: 1 });
    expect(await first.watcher.cycle()).toMatchObject({ opened: 0 });
    const [request] = await first.store.requests.listOpen();
    expect(request).toMatchObject({
      connectionName: seededConnection.connectionName,
      factoryEndpoint: { factoryName: 'adf-contoso', managedPrivateEndpointName: 'mpe-pg-orders' },
    });
    await first.close();
    const restarted = domain(first.dir);
    expect(await restarted.watcher.cycle()).toMatchObject({ opened: 0 });
    expect(restarted.sink.events).toEqual([
      expect.objectContaining({ type: 'RequestPending', firstSeen: false }),
    ]);
    expect(await restarted.store.requests.listOpen()).toHaveLength(1);
  });

  it('skips VNet-integrated servers and reads no server alone: 1 list call per cycle', async () => {
    const d = domain();
    await d.watcher.cycle(); // the first cycle also looks up factory endpoints for the new request
    sim.requests.clear();
    await d.watcher.cycle();
    expect(sim.requests.count({ path: /pg-vnet/ })).toBe(0);
    expect(sim.requests.count()).toBe(1);
  });

  it('notices a connection decided or deleted outside Teams', async () => {
    const d = domain();
    await d.watcher.cycle();
    sim.world.approveConnection(seededConnection, 'Approved in the portal');
    expect(await d.watcher.cycle()).toMatchObject({ decidedElsewhere: 1 });
    const [request] = await d.store.requests.listByStatus(['decided-elsewhere']);
    expect(request?.decision?.decision).toBe('Approved');
    expect((await d.store.audit.list())[0]).toMatchObject({
      action: 'decided-elsewhere',
      stateAfter: 'Approved',
    });

    const mpe = await gateway.createManagedPrivateEndpoint(
      factoryRef,
      'mpe-pg-sandbox',
      serverRef('pg-sandbox'),
    );
    await d.watcher.cycle();
    const [sandboxConnection] = sim.world.listConnections(serverRef('pg-sandbox'));
    sim.world.deleteConnection({ server: serverRef('pg-sandbox'), connectionName: sandboxConnection!.name });
    await d.watcher.cycle();
    expect((await d.store.requests.listByStatus(['gone'])).map((r) => r.connectionName)).toEqual([
      sandboxConnection!.name,
    ]);
    expect(mpe.name).toBe('mpe-pg-sandbox');
  });

  it('reports when Data Factory sees the approval, once', async () => {
    const d = domain();
    await d.watcher.cycle();
    const [request] = await d.store.requests.listOpen();
    await d.service.decide({ actor: APPROVER, requestId: request!.id, decision: 'Approved', reason: '' });
    await d.runner.idle();
    expect(await d.watcher.cycle()).toMatchObject({ factorySaw: 0 });
    await new Promise((r) => setTimeout(r, 400));
    expect(await d.watcher.cycle()).toMatchObject({ factorySaw: 1 });
    expect(await d.watcher.cycle()).toMatchObject({ factorySaw: 0 });
    expect(d.sink.events.filter((e) => e.type === 'FactorySawDecision')).toHaveLength(1);
  });
});

describe('a restart in the middle of an approval', () => {
  it('resumes from the stored token: one Azure write, one recorded outcome', async () => {
    await sim.close();
    ({ sim, gateway } = await startSandboxAzure({ lroSeconds: 1.5 }));
    const before = domain();
    await before.watcher.cycle();
    const [request] = await before.store.requests.listOpen();
    await before.service.decide({
      actor: APPROVER,
      requestId: request!.id,
      decision: 'Approved',
      reason: 'ok',
    });
    for (let i = 0; i < 100 && !(await before.store.operations.get(request!.id)); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await before.store.operations.get(request!.id)).toMatchObject({ resumeToken: expect.any(String) });

    // A second process on the same data file, with its own SDK clients, as after a crash.
    gateway = gatewayFor(sim);
    const after = domain(before.dir);
    expect(await after.runner.resumeUnfinished()).toBe(1);
    await after.runner.idle();
    await before.runner.idle();
    expect((await after.store.requests.get(request!.id))?.status).toBe('approved');
    expect(sim.requests.count({ method: 'PUT', path: /privateEndpointConnections\// })).toBe(1);
    const decided = [...before.sink.events, ...after.sink.events].filter((e) => e.type === 'RequestDecided');
    expect(decided).toHaveLength(1);
    expect((await after.store.audit.list({ requestId: request!.id })).map((a) => a.action)).toEqual(
      expect.arrayContaining(['operation-resumed', 'approve']),
    );
  });
});
