import { requestIdFor } from '../../../src/store';
import { TestClock, newRequest, SERVER } from './store-fixtures';
import { describeEachStore } from './store-kinds';

describeEachStore('requests', (kind, fresh) => {
  it('inserts a connection once; a repeat (any casing) returns the existing record unchanged', async () => {
    const clock = new TestClock();
    const store = await fresh(clock);
    const input = newRequest();
    const first = await store.requests.insertIfAbsent(input);
    expect(first.created).toBe(true);
    expect(first.request).toMatchObject({
      id: requestIdFor(input.connectionId),
      connectionId: input.connectionId,
      server: SERVER,
      status: 'pending',
      description: input.description,
      firstSeenAt: clock.now(),
    });
    clock.advance(5000);
    const again = await store.requests.insertIfAbsent({
      ...input,
      connectionId: input.connectionId.toUpperCase(),
      description: 'changed',
    });
    expect(again.created).toBe(false);
    expect(again.request).toEqual(first.request);
    expect(await store.requests.listOpen()).toHaveLength(1);
    expect(await store.requests.getByConnectionId(input.connectionId.toLowerCase())).toEqual(first.request);
    await store.close();
  });

  it('derives the same short id from any casing of the ARM id', () => {
    const id = newRequest().connectionId;
    expect(requestIdFor(id)).toBe(requestIdFor(` ${id.toUpperCase()} `));
    expect(requestIdFor(id)).toMatch(/^req-[0-9a-f]{20}$/);
  });

  it('keeps exactly one record across a restart and across two stores on one file', async () => {
    const path = await kind.location();
    const clock = new TestClock();
    const a = await kind.open(path, { now: clock.now });
    const b = await kind.open(path, { now: clock.now });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).requests.insertIfAbsent(newRequest())),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    await a.close();
    await b.close();
    const c = await kind.open(path, { now: clock.now });
    expect((await c.requests.insertIfAbsent(newRequest())).created).toBe(false);
    expect(await c.requests.listOpen()).toHaveLength(1);
    await c.close();
  });

  it('records the requester and factory endpoint, at insert or later', async () => {
    const clock = new TestClock();
    const store = await fresh(clock);
    const factory = { subscriptionId: 'sub-1', resourceGroup: 'rg-adf', factoryName: 'adf-sales' };
    const { request } = await store.requests.insertIfAbsent({
      ...newRequest(),
      factoryEndpoint: { factoryName: 'adf-sales', managedPrivateEndpointName: 'pg-sandbox-mpe', factory },
    });
    expect(request.factoryEndpoint).toEqual({
      factoryName: 'adf-sales',
      managedPrivateEndpointName: 'pg-sandbox-mpe',
      factory,
    });
    expect(request.requester).toBeUndefined();
    clock.advance(1000);
    const seen = new Date(clock.now().getTime() + 1);
    expect(
      await store.requests.annotate(request.id, {
        requester: { aadObjectId: 'u1', name: 'Dana' },
        adfSyncSeenAt: seen,
      }),
    ).toBe(true);
    const got = await store.requests.get(request.id);
    expect(got?.requester).toEqual({ aadObjectId: 'u1', name: 'Dana' });
    expect(got?.adfSyncSeenAt).toEqual(seen);
    expect(got?.factoryEndpoint?.factory).toEqual(factory); // untouched by a partial annotation
    expect(await store.requests.annotate('req-missing', { adfSyncSeenAt: seen })).toBe(false);
    await store.close();
  });

  it("keeps the requester's Teams user id, at insert or later, and none when it is not known", async () => {
    const store = await fresh(new TestClock());
    const riley = { aadObjectId: 'u2', name: 'Riley', teamsUserId: '29:riley' };
    const { request } = await store.requests.insertIfAbsent({ ...newRequest(), requester: riley });
    expect((await store.requests.get(request.id))?.requester).toEqual(riley);
    const other = await store.requests.insertIfAbsent({
      ...newRequest(),
      connectionId: `${newRequest().connectionId}-2`,
      requester: { aadObjectId: 'u3', name: 'Sam' },
    });
    expect((await store.requests.get(other.request.id))?.requester).toEqual({
      aadObjectId: 'u3',
      name: 'Sam',
    });
    await store.requests.annotate(other.request.id, { requester: { ...riley, aadObjectId: 'u3' } });
    expect((await store.requests.get(other.request.id))?.requester?.teamsUserId).toBe('29:riley');
    await store.close();
  });

  it('moves status only from the expected status (compare-and-set)', async () => {
    const clock = new TestClock();
    const store = await fresh(clock);
    const { request } = await store.requests.insertIfAbsent(newRequest());
    expect(await store.requests.updateStatus(request.id, 'deciding', 'approved')).toBe(false);
    expect((await store.requests.get(request.id))?.status).toBe('pending');

    const by = { aadObjectId: 'approver', name: 'Ann' };
    expect(
      await store.requests.updateStatus(request.id, 'pending', 'deciding', { decision: 'Approved', by }),
    ).toBe(true);
    // Two racing transitions out of `deciding`: only the first lands.
    const [failed, approved] = await Promise.all([
      store.requests.updateStatus(request.id, 'deciding', 'failed', { lastError: 'Azure said 500' }),
      store.requests.updateStatus(request.id, 'deciding', 'approved'),
    ]);
    expect([failed, approved]).toEqual([true, false]);
    const afterFail = await store.requests.get(request.id);
    expect(afterFail).toMatchObject({
      status: 'failed',
      lastError: 'Azure said 500',
      decision: { decision: 'Approved', by },
    });
    expect(afterFail?.decision?.decidedAt).toBeUndefined();

    clock.advance(10);
    expect(
      await store.requests.updateStatus(request.id, ['pending', 'failed'], 'decided-elsewhere', {
        decision: 'Rejected',
      }),
    ).toBe(true);
    const elsewhere = await store.requests.get(request.id);
    // Decided outside Teams: nobody in Teams is named as the decider, and the old error is gone.
    expect(elsewhere?.decision).toEqual({ decision: 'Rejected', decidedAt: clock.now() });
    expect(elsewhere?.lastError).toBeUndefined();
    expect(await store.requests.updateStatus('req-missing', 'pending', 'gone')).toBe(false);
    await store.close();
  });

  it('lists open requests and requests by server', async () => {
    const clock = new TestClock();
    const store = await fresh(clock);
    const other = { subscriptionId: 'sub-1', resourceGroup: 'rg-data', serverName: 'pg-orders' };
    const a = (await store.requests.insertIfAbsent(newRequest('a'))).request;
    clock.advance(1);
    const b = (await store.requests.insertIfAbsent(newRequest('b'))).request;
    clock.advance(1);
    const c = (await store.requests.insertIfAbsent(newRequest('c', other))).request;
    await store.requests.updateStatus(b.id, 'pending', 'gone');

    expect((await store.requests.listOpen()).map((r) => r.id)).toEqual([a.id, c.id]);
    expect((await store.requests.listByStatus(['gone'])).map((r) => r.id)).toEqual([b.id]);
    const upper = { ...SERVER, resourceGroup: 'RG-DATA', serverName: 'PG-SANDBOX' };
    expect((await store.requests.listByServer(upper)).map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await store.requests.listByServer(SERVER, { openOnly: true })).map((r) => r.id)).toEqual([a.id]);
    expect(await store.requests.listByServer(SERVER, { limit: 1 })).toHaveLength(1);
    await store.close();
  });

  it('lists only the decided requests still waiting for their factory, decided since the given time', async () => {
    const clock = new TestClock();
    const store = await fresh(clock);
    const factory = { subscriptionId: 'sub-1', resourceGroup: 'rg-adf', factoryName: 'adf-sales' };
    const throughFactory = async (name: string) =>
      (
        await store.requests.insertIfAbsent({
          ...newRequest(name),
          factoryEndpoint: { factoryName: 'adf-sales', managedPrivateEndpointName: `mpe-${name}`, factory },
        })
      ).request;
    const decide = (id: string, status: 'approved' | 'rejected' | 'decided-elsewhere') =>
      store.requests.updateStatus(id, 'pending', status, { decision: 'Approved', decidedAt: clock.now() });

    const old = await throughFactory('old');
    await decide(old.id, 'approved');
    clock.advance(60_000);
    const since = clock.now();
    const waiting = await throughFactory('waiting');
    await decide(waiting.id, 'decided-elsewhere');
    const seen = await throughFactory('seen');
    await decide(seen.id, 'rejected');
    await store.requests.annotate(seen.id, { adfSyncSeenAt: clock.now() });
    await throughFactory('still-pending');
    const direct = (await store.requests.insertIfAbsent(newRequest('no-factory'))).request;
    await decide(direct.id, 'approved');

    expect((await store.requests.listAwaitingFactory(since)).map((r) => r.id)).toEqual([waiting.id]);
    expect((await store.requests.listAwaitingFactory(new Date(0))).map((r) => r.id)).toEqual([
      old.id,
      waiting.id,
    ]);
    await store.close();
  });
});
