import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DecisionClaim } from '../../../src/store';
import { TestClock, newRequest } from './store-fixtures';
import { describeEachStore } from './store-kinds';

const run = promisify(execFile);

function claim(actor: string, activity?: string): DecisionClaim {
  return {
    decision: 'Approved',
    actorId: actor,
    actorName: `Name ${actor}`,
    reason: `ok by ${actor}`,
    invokeActivityId: activity,
  };
}

describeEachStore('decision claims: first one wins', (kind, fresh) => {
  it('claims a pending request once; everyone else gets the recorded state', async () => {
    const clock = new TestClock();
    const store = await fresh(clock);
    const { request } = await store.requests.insertIfAbsent(newRequest());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.decisions.claimDecision(request.id, claim(`u${i}`, `act-${i}`)),
      ),
    );
    const winners = results.filter((r) => r.claimed);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    if (!winner.claimed) throw new Error('unreachable');
    // Which of the concurrent claims commits first is the database's business (PostgreSQL runs them on a pool);
    // the claim recorded is whole: one person's decision, reason and activity together.
    const who = winner.request.decision?.by?.aadObjectId ?? '';
    const i = results.findIndex((r) => r.claimed);
    expect(who).toBe(`u${i}`);
    expect(winner.request).toMatchObject({
      status: 'deciding',
      decision: {
        decision: 'Approved',
        by: { aadObjectId: who, name: `Name ${who}` },
        reason: `ok by ${who}`,
        claimedAt: clock.now(),
        invokeActivityId: `act-${who.slice(1)}`,
      },
    });
    for (const r of results.filter((x) => !x.claimed)) {
      expect(r).toEqual({ claimed: false, existing: winner.request });
    }
    await store.close();
  });

  it('lets a failed request be claimed again, by a different decision, clearing the old error', async () => {
    const store = await fresh();
    const { request } = await store.requests.insertIfAbsent(newRequest());
    expect((await store.decisions.claimDecision(request.id, claim('a'))).claimed).toBe(true);
    await store.requests.updateStatus(request.id, 'deciding', 'failed', { lastError: 'InternalServerError' });
    const retry = await store.decisions.claimDecision(request.id, {
      decision: 'Rejected',
      actorId: 'b',
      actorName: 'B',
      reason: 'no',
    });
    expect(retry.claimed).toBe(true);
    if (!retry.claimed) throw new Error('unreachable');
    expect(retry.request.decision).toMatchObject({
      decision: 'Rejected',
      by: { aadObjectId: 'b', name: 'B' },
      reason: 'no',
    });
    expect(retry.request.decision?.invokeActivityId).toBeUndefined();
    expect(retry.request.lastError).toBeUndefined();
    await store.close();
  });

  it('refuses claims on final states and unknown requests', async () => {
    const store = await fresh();
    const { request } = await store.requests.insertIfAbsent(newRequest());
    await store.requests.updateStatus(request.id, 'pending', 'decided-elsewhere', { decision: 'Approved' });
    const refused = await store.decisions.claimDecision(request.id, claim('a'));
    expect(refused).toMatchObject({ claimed: false, existing: { status: 'decided-elsewhere' } });
    expect(await store.decisions.claimDecision('req-missing', claim('a'))).toEqual({
      claimed: false,
      existing: undefined,
    });
    await store.close();
  });

  it('has exactly one winner between two stores on the same database', async () => {
    const path = await kind.location();
    const clock = new TestClock();
    const a = await kind.open(path, { now: clock.now });
    const b = await kind.open(path, { now: clock.now });
    const { request } = await a.requests.insertIfAbsent(newRequest());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).decisions.claimDecision(request.id, claim(`u${i}`)),
      ),
    );
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    // The loser's view comes from the shared database, so both stores report the same winner.
    expect((await a.requests.get(request.id))?.decision?.by).toEqual(
      (await b.requests.get(request.id))?.decision?.by,
    );
    await a.close();
    await b.close();
  });

  // better-sqlite3 is synchronous, so claims inside one process (even on two connections) never truly overlap;
  // separate processes do, and only the database's own locking (SQLite: BEGIN IMMEDIATE + busy_timeout;
  // PostgreSQL: the row lock of the UPDATE) keeps them to one winner.
  it('has exactly one winner between four processes racing on the same database', async () => {
    const path = await kind.location();
    const setup = await kind.open(path, { now: () => new Date() });
    const { request } = await setup.requests.insertIfAbsent(newRequest());
    await setup.close();
    const worker = join(__dirname, 'claim-worker.ts');
    // Start together a little after every process has loaded, so the claims really overlap.
    const startAt = String(Date.now() + 2000);
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ['--import', 'tsx', worker, kind.name, path, request.id, '5', startAt], {
          timeout: 20_000,
        }),
      ),
    );
    const won = outputs.map((o) => (JSON.parse(o.stdout) as { won: number }).won);
    expect(won.reduce((sum, n) => sum + n, 0)).toBe(1);
  }, 30_000);
});

describeEachStore('processed invoke activities', (kind, fresh) => {
  it('reports the first time only, and forgets after the retention', async () => {
    const clock = new TestClock();
    const store = await fresh(clock, { activityRetentionMs: 60 * 60_000 });
    const seen = await Promise.all(
      Array.from({ length: 5 }, () => store.decisions.markActivityProcessed('act-1')),
    );
    // Concurrent calls may finish in any order; exactly one of them is told it came first.
    expect(seen.filter(Boolean)).toHaveLength(1);
    clock.advance(30 * 60_000);
    expect(await store.decisions.markActivityProcessed('act-2')).toBe(true);
    clock.advance(31 * 60_000);
    // act-1 is 61 minutes old: the automatic prune (run with this call) forgot it; act-2 is still remembered.
    expect(await store.decisions.markActivityProcessed('act-3')).toBe(true);
    expect(await store.decisions.markActivityProcessed('act-2')).toBe(false);
    expect(await store.decisions.markActivityProcessed('act-1')).toBe(true);
    expect(await store.decisions.pruneProcessedActivities(new Date(clock.now().getTime() + 1))).toBe(3);
    await store.close();
  });

  it('remembers across a restart', async () => {
    const path = await kind.location();
    const clock = new TestClock();
    const first = await kind.open(path, { now: clock.now });
    expect(await first.decisions.markActivityProcessed('act-1')).toBe(true);
    await first.close();
    const second = await kind.open(path, { now: clock.now });
    expect(await second.decisions.markActivityProcessed('act-1')).toBe(false);
    await second.close();
  });
});
