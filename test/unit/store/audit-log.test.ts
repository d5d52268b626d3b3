import { TestClock, SERVER } from './store-fixtures';
import { describeEachStore } from './store-kinds';

const ANN = { aadObjectId: 'aad-ann', name: 'Ann Approver' };

describeEachStore('audit log', (kind, fresh) => {
  it('appends full entries and returns them with a sequence number', async () => {
    const clock = new TestClock();
    const store = await fresh(clock);
    const written = {
      action: 'approve',
      actor: ANN,
      tenantId: 'tenant-1',
      requestId: 'req-1',
      server: SERVER,
      connectionName: 'pe-adf.1111',
      reason: 'ticket 42',
      stateBefore: 'Pending',
      stateAfter: 'Approved',
      correlationId: 'corr-1',
    };
    const entry = await store.audit.append(written);
    expect(entry).toEqual({ seq: 1, at: clock.now(), ...written });
    expect(await store.audit.list()).toEqual([entry]);
    await store.close();
  });

  it('lists newest first, by request, by server name (any casing), by action, with paging', async () => {
    const store = await fresh();
    const other = { ...SERVER, serverName: 'pg-orders' };
    await store.audit.append({ action: 'subscribe', actor: ANN });
    await store.audit.append({
      action: 'refused',
      requestId: 'req-1',
      server: SERVER,
      detail: 'not an approver',
    });
    await store.audit.append({ action: 'approve', requestId: 'req-1', server: SERVER, actor: ANN });
    await store.audit.append({ action: 'reject', requestId: 'req-2', server: other, reason: 'no' });
    const seqs = async (q?: Parameters<typeof store.audit.list>[0]) =>
      (await store.audit.list(q)).map((e) => e.seq);
    expect(await seqs()).toEqual([4, 3, 2, 1]);
    expect(await seqs({ requestId: 'req-1' })).toEqual([3, 2]);
    expect(await seqs({ serverName: 'PG-SANDBOX' })).toEqual([3, 2]);
    expect(await seqs({ serverName: 'pg-orders' })).toEqual([4]);
    expect(await seqs({ action: 'refused' })).toEqual([2]);
    expect(await seqs({ limit: 2 })).toEqual([4, 3]);
    expect(await seqs({ limit: 2, beforeSeq: 3 })).toEqual([2, 1]);
    expect(await seqs({ limit: 0 })).toEqual([4]); // clamped to at least one
    await store.close();
  });

  it('cannot be changed or deleted, even with raw SQL, and survives a restart', async () => {
    const path = await kind.location();
    const clock = new TestClock();
    const store = await kind.open(path, { now: clock.now });
    await store.audit.append({ action: 'approve', actor: ANN, requestId: 'req-1', server: SERVER });
    await store.close();

    expect(await kind.exec(path, `UPDATE audit_log SET actor_name = 'Mallory'`)).toMatch(
      'audit_log is append-only',
    );
    expect(await kind.exec(path, 'DELETE FROM audit_log')).toMatch('audit_log is append-only');
    if (kind.name === 'postgres') {
      // TRUNCATE skips row triggers; PostgreSQL refuses it with a statement trigger of its own.
      expect(await kind.exec(path, 'TRUNCATE audit_log')).toMatch('audit_log is append-only');
    }

    const reopened = await kind.open(path, { now: clock.now });
    const entries = await reopened.audit.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.actor).toEqual(ANN);
    // The API offers nothing but append and list.
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(reopened.audit)).sort()).toEqual([
      'append',
      'constructor',
      'list',
    ]);
    await reopened.close();
  });
});

describeEachStore('audit log filtered by several actions', (_kind, fresh) => {
  it('returns only entries with one of the actions, newest first, within the limit', async () => {
    const store = await fresh(new TestClock());
    for (const action of ['subscribe', 'approve', 'subscribe', 'refused', 'unsubscribe', 'reject']) {
      await store.audit.append({ action, server: SERVER });
    }
    const found = await store.audit.list({ action: ['approve', 'reject', 'refused'], limit: 2 });
    expect(found.map((e) => e.action)).toEqual(['reject', 'refused']);
    expect((await store.audit.list({ action: 'subscribe' })).map((e) => e.seq)).toEqual([3, 1]);
    await store.close();
  });
});
