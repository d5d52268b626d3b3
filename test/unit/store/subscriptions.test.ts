import { TestClock, reference, SERVER, subscription } from './store-fixtures';
import { describeEachStore } from './store-kinds';

describeEachStore('subscriptions', (_kind, fresh) => {
  it('adds once per (conversation, filter), refreshing the reference on a repeat', async () => {
    const clock = new TestClock();
    const store = await fresh(clock);
    expect(await store.subscriptions.add(subscription('19:a@thread.tacv2'))).toBe(true);
    clock.advance(1000);
    const again = { ...subscription('19:a@thread.tacv2'), subscribedBy: { aadObjectId: 'x', name: 'X' } };
    again.reference = { ...again.reference, serviceUrl: 'https://smba.example/new/' };
    expect(await store.subscriptions.add(again)).toBe(false);

    const [only, ...rest] = await store.subscriptions.list();
    expect(rest).toEqual([]);
    expect(only?.reference.serviceUrl).toBe('https://smba.example/new/');
    // The original subscriber and time are kept.
    expect(only?.subscribedBy.aadObjectId).toBe('aad-owner');
    expect(only?.subscribedAt).toEqual(new Date('2025-03-01T09:00:00.000Z'));
    expect(only?.filter).toBeUndefined();
    await store.close();
  });

  it('matches a server by no filter, its name or its resource group, case-insensitively, once per conversation', async () => {
    const store = await fresh();
    await store.subscriptions.add(subscription('all'));
    await store.subscriptions.add(subscription('by-name', 'PG-Sandbox'));
    await store.subscriptions.add(subscription('by-rg', 'RG-DATA'));
    await store.subscriptions.add(subscription('other', 'pg-orders'));
    await store.subscriptions.add(subscription('both', 'pg-sandbox'));
    await store.subscriptions.add(subscription('both'));
    const matched = await store.subscriptions.listForServer(SERVER);
    expect(matched.map((s) => s.conversationId).sort()).toEqual(['all', 'both', 'by-name', 'by-rg']);
    // The unfiltered subscription represents a conversation that has both.
    expect(matched.find((s) => s.conversationId === 'both')?.filter).toBeUndefined();
    expect(matched.find((s) => s.conversationId === 'by-name')?.filter).toBe('PG-Sandbox');
    await store.close();
  });

  it('removes one filter, or everything for a conversation', async () => {
    const store = await fresh();
    await store.subscriptions.add(subscription('c1'));
    await store.subscriptions.add(subscription('c1', 'pg-a'));
    await store.subscriptions.add(subscription('c1', 'pg-b'));
    await store.subscriptions.add(subscription('c2'));
    expect(await store.subscriptions.remove('c1', 'PG-A')).toBe(true);
    expect(await store.subscriptions.remove('c1', 'pg-a')).toBe(false);
    expect((await store.subscriptions.listForConversation('c1')).map((s) => s.filter)).toEqual([
      undefined,
      'pg-b',
    ]);
    expect(await store.subscriptions.removeAllForConversation('c1')).toBe(2);
    expect((await store.subscriptions.list()).map((s) => s.conversationId)).toEqual(['c2']);
    expect(await store.subscriptions.remove('c2', undefined)).toBe(true);
    expect(await store.subscriptions.list()).toEqual([]);
    await store.close();
  });

  it('keeps escalation subscriptions apart: their own list, their own removal, next to a cards one', async () => {
    const store = await fresh();
    const escalation = (id: string, filter?: string) => ({
      ...subscription(id, filter),
      purpose: 'escalation' as const,
    });
    await store.subscriptions.add(subscription('cards-only'));
    await store.subscriptions.add(escalation('leads', 'RG-DATA'));
    await store.subscriptions.add(escalation('leads'));
    await store.subscriptions.add(escalation('other-leads', 'pg-orders'));
    // The same conversation and filter may hold both kinds.
    await store.subscriptions.add(subscription('both', 'pg-sandbox'));
    expect(await store.subscriptions.add(escalation('both', 'pg-sandbox'))).toBe(true);
    expect(await store.subscriptions.add(escalation('both', 'PG-SANDBOX'))).toBe(false);

    expect((await store.subscriptions.listForServer(SERVER)).map((s) => s.conversationId).sort()).toEqual([
      'both',
      'cards-only',
    ]);
    const escalated = await store.subscriptions.listForServer(SERVER, 'escalation');
    expect(escalated.map((s) => [s.conversationId, s.filter, s.purpose]).sort()).toEqual([
      ['both', 'pg-sandbox', 'escalation'],
      ['leads', undefined, 'escalation'],
    ]);
    expect((await store.subscriptions.listForConversation('both')).map((s) => s.purpose ?? 'cards')).toEqual(
      expect.arrayContaining(['cards', 'escalation']),
    );

    expect(await store.subscriptions.remove('both', 'pg-sandbox', 'escalation')).toBe(true);
    expect(
      (await store.subscriptions.listForConversation('both')).map((s) => [s.filter, s.purpose ?? 'cards']),
    ).toEqual([['pg-sandbox', 'cards']]);
    expect(await store.subscriptions.remove('leads', undefined)).toBe(false);
    expect(await store.subscriptions.remove('leads', undefined, 'escalation')).toBe(true);
    await store.close();
  });

  it('treats a blank filter as "every server"', async () => {
    const store = await fresh();
    await store.subscriptions.add(subscription('c1', '   '));
    expect(await store.subscriptions.add(subscription('c1'))).toBe(false);
    expect((await store.subscriptions.list())[0]?.filter).toBeUndefined();
    await store.close();
  });
});

describeEachStore('installations and personal conversations', (kind, fresh) => {
  it('upserts installations keeping the first install time', async () => {
    const clock = new TestClock();
    const store = await fresh(clock);
    const install = {
      conversationId: 'c1',
      reference: reference('c1'),
      kind: 'groupChat' as const,
      tenantId: 't',
    };
    await store.conversations.saveInstallation(install);
    clock.advance(60_000);
    await store.conversations.saveInstallation({ ...install, kind: 'channel' });
    const got = await store.conversations.getInstallation('c1');
    expect(got).toMatchObject({ conversationId: 'c1', kind: 'channel', reference: reference('c1') });
    expect(got && got.updatedAt.getTime() - got.installedAt.getTime()).toBe(60_000);
    expect(await store.conversations.listInstallations()).toHaveLength(1);
    expect(await store.conversations.removeInstallation('c1')).toBe(true);
    expect(await store.conversations.getInstallation('c1')).toBeUndefined();
    await store.close();
  });

  it('keeps one personal conversation per user', async () => {
    const store = await fresh();
    await store.conversations.savePersonalConversation({
      aadObjectId: 'u1',
      tenantId: 't',
      reference: reference('a:1'),
    });
    await store.conversations.savePersonalConversation({
      aadObjectId: 'u1',
      tenantId: 't',
      reference: reference('a:2'),
    });
    expect((await store.conversations.getPersonalConversation('u1'))?.reference.conversation?.id).toBe('a:2');
    expect(await store.conversations.getPersonalConversation('nobody')).toBeUndefined();
    expect(await store.conversations.removePersonalConversation('u1')).toBe(true);
    expect(await store.conversations.removePersonalConversation('u1')).toBe(false);
    await store.close();
  });

  it('survives a restart', async () => {
    const path = await kind.location();
    const clock = new TestClock();
    const first = await kind.open(path, { now: clock.now });
    await first.subscriptions.add(subscription('c1', 'rg-data'));
    await first.conversations.saveInstallation({
      conversationId: 'c1',
      reference: reference('c1'),
      kind: 'channel',
      tenantId: 't',
    });
    await first.conversations.savePersonalConversation({
      aadObjectId: 'u1',
      tenantId: 't',
      reference: reference('a:1'),
    });
    await first.close();
    const second = await kind.open(path, { now: clock.now });
    expect(await second.subscriptions.listForServer(SERVER)).toEqual([
      { ...subscription('c1', 'rg-data'), subscribedAt: clock.now() },
    ]);
    expect(await second.conversations.getInstallation('c1')).toBeDefined();
    expect(await second.conversations.getPersonalConversation('u1')).toBeDefined();
    await second.close();
  });
});
