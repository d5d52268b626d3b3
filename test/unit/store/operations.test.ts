import { TestClock, newRequest } from './store-fixtures';
import { describeEachStore } from './store-kinds';

describeEachStore('long-running decision operations', (kind, fresh) => {
  it('begins, updates its token, counts attempts and finishes', async () => {
    const clock = new TestClock();
    const store = await fresh(clock);
    const { request } = await store.requests.insertIfAbsent(newRequest());
    const started = await store.operations.begin(request.id, 'Approved', 'token-1');
    expect(started).toMatchObject({
      requestId: request.id,
      decision: 'Approved',
      resumeToken: 'token-1',
      attempts: 1,
      startedAt: clock.now(),
    });
    clock.advance(1000);
    expect(await store.operations.updateResumeToken(request.id, 'token-2')).toBe(true);
    expect(await store.operations.recordAttempt(request.id)).toBe(2);
    expect((await store.operations.listUnfinished()).map((o) => o.resumeToken)).toEqual(['token-2']);

    expect(await store.operations.finish(request.id, 'failed', 'Conflict')).toBe(true);
    expect(await store.operations.finish(request.id, 'succeeded')).toBe(false); // finishes once
    expect(await store.operations.listUnfinished()).toEqual([]);
    expect(await store.operations.updateResumeToken(request.id, 'token-3')).toBe(false);
    expect(await store.operations.recordAttempt(request.id)).toBeUndefined();
    expect(await store.operations.get(request.id)).toMatchObject({
      outcome: 'failed',
      error: 'Conflict',
      finishedAt: clock.now(),
    });

    // A retry after the failure starts a fresh operation on the same request; attempts keep counting.
    clock.advance(1000);
    const retry = await store.operations.begin(request.id, 'Rejected', 'token-4');
    expect(retry).toMatchObject({
      decision: 'Rejected',
      resumeToken: 'token-4',
      attempts: 3,
      startedAt: clock.now(),
    });
    expect(retry.finishedAt).toBeUndefined();
    expect(retry.outcome).toBeUndefined();
    await store.close();
  });

  it('lists unfinished operations after a restart, for resuming', async () => {
    const path = await kind.location();
    const clock = new TestClock();
    const first = await kind.open(path, { now: clock.now });
    const a = (await first.requests.insertIfAbsent(newRequest('a'))).request;
    const b = (await first.requests.insertIfAbsent(newRequest('b'))).request;
    await first.operations.begin(a.id, 'Approved', 'ta');
    clock.advance(1);
    await first.operations.begin(b.id, 'Rejected', 'tb');
    await first.operations.finish(b.id, 'succeeded');
    await first.close();
    const second = await kind.open(path, { now: clock.now });
    expect((await second.operations.listUnfinished()).map((o) => [o.requestId, o.resumeToken])).toEqual([
      [a.id, 'ta'],
    ]);
    await second.close();
  });
});
