import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore, type NewConnectFlow } from '../../../src/store';

const FACTORY = { subscriptionId: 'sub-1', resourceGroup: 'rg-data', factoryName: 'adf-contoso' };
const SERVER = { subscriptionId: 'sub-1', resourceGroup: 'rg-data', serverName: 'pg-sandbox' };
const RITA = { aadObjectId: 'aad-rita', name: 'Rita Requester' };

function flow(flowId: string, requester = RITA): NewConnectFlow {
  return {
    flowId,
    requester,
    tenantId: 't-1',
    reference: {
      conversation: { id: `conv-${flowId}`, name: '', isGroup: false, conversationType: 'personal' },
    },
    step: 'Factory',
  };
}

describe('store: guided-flow records (documents in botState)', () => {
  let dir: string;
  let clock: number;
  const open = () => new SqliteStore({ path: join(dir, 'bot.sqlite'), now: () => new Date(clock) });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'connect-records-'));
    clock = Date.parse('2025-03-01T09:00:00Z');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates, updates, lists and ends flows, and keeps them across a reopen', async () => {
    const store = open();
    await store.connectFlows.create(flow('f1'));
    clock += 1000;
    await store.connectFlows.create(flow('f2', { aadObjectId: 'aad-sam', name: 'Sam' }));
    expect(
      await store.connectFlows.update('f1', {
        phase: 'waiting-approval',
        factory: FACTORY,
        server: SERVER,
        endpointName: 'mpe-pg-sandbox',
      }),
    ).toBe(true);
    expect(
      await store.connectFlows.update('f1', { probe: { runId: 'r', pipelineName: 'p', datasetName: 'd' } }),
    ).toBe(true);
    expect(await store.connectFlows.update('f1', { probe: null })).toBe(true);
    await store.close();

    const reopened = open();
    const f1 = await reopened.connectFlows.get('f1');
    expect(f1).toMatchObject({
      phase: 'waiting-approval',
      endpointName: 'mpe-pg-sandbox',
      factory: FACTORY,
      startedAt: new Date('2025-03-01T09:00:00Z'),
    });
    expect(f1?.probe).toBeUndefined();
    expect((await reopened.connectFlows.listOpen()).map((f) => f.flowId)).toEqual(['f1', 'f2']);
    expect((await reopened.connectFlows.listOpen({ requesterId: 'AAD-RITA' })).map((f) => f.flowId)).toEqual([
      'f1',
    ]);
    expect((await reopened.connectFlows.listOpen({ phases: ['asking'] })).map((f) => f.flowId)).toEqual([
      'f2',
    ]);

    expect(await reopened.connectFlows.end('f1', 'cancelled', 'cancelled by the requester')).toBe(true);
    expect(await reopened.connectFlows.end('f1', 'finished', 'again')).toBe(false);
    expect(await reopened.connectFlows.update('f1', { step: 'x' })).toBe(false);
    expect(await reopened.connectFlows.get('f1')).toMatchObject({
      phase: 'cancelled',
      outcome: 'cancelled by the requester',
      finishedAt: expect.any(Date),
    });
    expect((await reopened.connectFlows.listOpen()).map((f) => f.flowId)).toEqual(['f2']);
    expect(await reopened.connectFlows.update('nope', { step: 'x' })).toBe(false);
    await reopened.close();
  });

  it('keeps every flow when many are created at once (the open-flow index is updated with optimistic concurrency)', async () => {
    const store = open();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.connectFlows.create(flow(`f${i}`))));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.connectFlows.end(`f${i}`, 'finished', 'done')),
    );
    expect((await store.connectFlows.listOpen()).map((f) => f.flowId).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `f${i + 10}`).sort(),
    );
    await store.close();
  });

  it('answers "who asked for endpoint m of factory f?" ignoring case, and refuses secrets like all bot state', async () => {
    const store = open();
    expect(await store.endpointRequests.find(FACTORY, 'mpe-pg-sandbox')).toBeUndefined();
    await store.endpointRequests.record({
      factory: FACTORY,
      endpointName: 'mpe-pg-sandbox',
      server: SERVER,
      requester: RITA,
      flowId: 'f1',
    });
    const found = await store.endpointRequests.find(
      { ...FACTORY, factoryName: 'ADF-CONTOSO', resourceGroup: 'RG-DATA' },
      'MPE-PG-SANDBOX',
    );
    expect(found).toEqual({
      factory: FACTORY,
      endpointName: 'mpe-pg-sandbox',
      server: SERVER,
      requester: RITA,
      flowId: 'f1',
      requestedAt: new Date(clock),
    });
    await expect(store.connectFlows.update('f1', { step: 'x' })).resolves.toBe(false);
    await store.connectFlows.create(flow('f9'));
    await expect(
      store.connectFlows.update('f9', {
        testOutcome: { ok: false, status: 'x', password: 'hunter2' } as never,
      }),
    ).rejects.toThrow(/refusing to store a password/);
    await store.close();
  });
});
