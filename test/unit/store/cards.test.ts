import { TestClock, reference } from './store-fixtures';
import { describeEachStore } from './store-kinds';

const TIMEOUT = 5 * 60_000;

describeEachStore('posted cards', (kind, fresh) => {
  it('reserves a (card, conversation) once, even under concurrent calls', async () => {
    const store = await fresh();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.cards.reserveCard('req-1', 'c1')),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.cards.reserveCard('req-1', 'c2')).toBe(true);
    expect(await store.cards.reserveCard('req-2', 'c1')).toBe(true);
    await store.close();
  });

  it('records where a card landed and lists the posted copies', async () => {
    const clock = new TestClock();
    const store = await fresh(clock);
    await store.cards.reserveCard('req-1', 'c1');
    await store.cards.reserveCard('req-1', 'c2');
    clock.advance(500);
    await store.cards.recordCardPosted('req-1', 'c1', {
      reference: reference('c1'),
      activityId: 'act-1',
      threadRootId: 'act-1',
    });
    const cards = await store.cards.listCards('req-1');
    expect(cards).toEqual([
      {
        cardKey: 'req-1',
        conversationId: 'c1',
        reservedAt: new Date(clock.now().getTime() - 500),
        reference: reference('c1'),
        activityId: 'act-1',
        threadRootId: 'act-1',
        postedAt: clock.now(),
      },
    ]);
    // A posted card can never be released or re-reserved.
    expect(await store.cards.releaseCardReservation('req-1', 'c1')).toBe(false);
    clock.advance(TIMEOUT * 2);
    expect(await store.cards.reserveCard('req-1', 'c1')).toBe(false);
    // Recording without a reservation works too (e.g. a reply whose uniqueness does not matter).
    await store.cards.recordCardPosted('flow-9', 'a:1', { reference: reference('a:1'), activityId: 'act-9' });
    expect((await store.cards.getCard('flow-9', 'a:1'))?.activityId).toBe('act-9');
    await store.close();
  });

  it('frees a reservation whose posting failed', async () => {
    const store = await fresh();
    expect(await store.cards.reserveCard('req-1', 'c1')).toBe(true);
    expect(await store.cards.releaseCardReservation('req-1', 'c1')).toBe(true);
    expect(await store.cards.getCard('req-1', 'c1')).toBeUndefined();
    expect(await store.cards.reserveCard('req-1', 'c1')).toBe(true);
    await store.close();
  });

  it('keeps reservations across a restart; an abandoned one may be taken again after the timeout, once', async () => {
    const path = await kind.location();
    const clock = new TestClock();
    const first = await kind.open(path, { now: clock.now, cardReservationTimeoutMs: TIMEOUT });
    expect(await first.cards.reserveCard('req-1', 'c1')).toBe(true);
    expect(await first.cards.reserveCard('req-1', 'c2')).toBe(true);
    await first.cards.recordCardPosted('req-1', 'c2', { reference: reference('c2'), activityId: 'act-2' });
    await first.close(); // "crash" after reserving c1 but before posting there

    const second = await kind.open(path, { now: clock.now, cardReservationTimeoutMs: TIMEOUT });
    expect(await second.cards.reserveCard('req-1', 'c1')).toBe(false);
    expect(await second.cards.reserveCard('req-1', 'c2')).toBe(false);
    expect(await second.cards.listStaleReservations()).toEqual([]);

    clock.advance(TIMEOUT);
    const stale = await second.cards.listStaleReservations();
    expect(stale.map((c) => [c.cardKey, c.conversationId])).toEqual([['req-1', 'c1']]);
    const third = await kind.open(path, { now: clock.now, cardReservationTimeoutMs: TIMEOUT });
    const takeovers = await Promise.all([
      second.cards.reserveCard('req-1', 'c1'),
      third.cards.reserveCard('req-1', 'c1'),
      second.cards.reserveCard('req-1', 'c1'),
    ]);
    expect(takeovers.filter(Boolean)).toHaveLength(1);
    expect(await second.cards.listStaleReservations()).toEqual([]);
    expect(await second.cards.reserveCard('req-1', 'c2')).toBe(false); // posted: never again
    await second.close();
    await third.close();
  });
});
