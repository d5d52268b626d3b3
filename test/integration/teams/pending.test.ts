import { W } from '../../helpers/sandbox-azure';
import { cardOfCall, hasButtons, TeamsAppHarness } from '../../helpers/teams-app-harness';
import {
  APPROVAL_CARD_TITLE,
  approvalCardsIn,
  channel,
  connectionOf,
  factsOf,
  personalChat,
  requestConnection,
  say,
  textsOf,
} from './support';

/** `pending` over real HTTP: the open requests with their cards, never a second copy in one conversation. */
jest.setTimeout(30_000);

const orders = { subscriptionId: W.subscriptionId, resourceGroup: W.resourceGroup, serverName: 'pg-orders' };
// Every test decides requests and counts the open ones, so each gets a bot of its own with the same two open
// requests: the seeded one to pg-orders and a second one to pg-sandbox.
let harness: TeamsAppHarness;
let second: string;

beforeEach(async () => {
  harness = await new TeamsAppHarness({ SANDBOX_LRO_SECONDS: '0.2', SANDBOX_ADF_SYNC_SECONDS: '1' }).start();
  second = requestConnection(harness, 'pg-sandbox', 'pe-pending-second');
  await harness.app.approvals.watcher.cycle();
});
afterEach(() => harness.stop());

const connectionsOf = (cards: Array<Record<string, unknown>>) =>
  cards
    .filter((c) => textsOf(c)[0] === APPROVAL_CARD_TITLE)
    .map((c) => connectionOf(c))
    .sort();

describe('pending', () => {
  it('posts the card of every open request, then lists them instead of posting them twice', async () => {
    const place = channel(harness, '19:pending-fresh@thread.tacv2');
    const first = await say(harness, place.message('pending'));
    expect(connectionsOf(first.cards)).toEqual([W.pendingConnectionName, second].sort());
    expect(first.cards).toHaveLength(2); // no summary: every card is here
    for (const card of first.cards) expect(hasButtons(card)).toBe(true);
    // Answered in the thread of the command.
    for (const call of first.calls)
      expect(call.conversationId).toMatch(/^19:pending-fresh@thread\.tacv2;messageid=/);

    const again = await say(harness, place.message('pending'));
    expect(connectionsOf(again.cards)).toEqual([]);
    expect(again.cards).toHaveLength(1);
    expect(textsOf(again.cards[0])).toEqual([
      'Pending requests',
      '2 open request(s).',
      'Already posted here',
    ]);
    expect(factsOf(again.cards[0]).sort()).toEqual(
      [
        ['pg-orders', `${W.pendingConnectionName} (pending, card posted earlier here)`],
        ['pg-sandbox', `${second} (pending, card posted earlier here)`],
      ].sort(),
    );
  });

  it('in a watching channel, a card the watcher already posted is listed, not posted again', async () => {
    const place = channel(harness, '19:pending-watching@thread.tacv2');
    await say(harness, place.message('watch pg-orders'));
    await harness.app.approvals.watcher.cycle();
    expect(approvalCardsIn(harness, place.key)).toHaveLength(1);

    const answer = await say(harness, place.message('pending'));
    expect(connectionsOf(answer.cards)).toEqual([second]);
    expect(factsOf(answer.cards.at(-1))).toEqual([
      ['pg-orders', `${W.pendingConnectionName} (pending, card posted earlier here)`],
    ]);
    expect(approvalCardsIn(harness, place.key)).toHaveLength(2);
    await harness.app.approvals.watcher.cycle();
    expect(approvalCardsIn(harness, place.key)).toHaveLength(2);
  });

  it('a card posted by pending is kept up to date like every other copy', async () => {
    const place = personalChat(harness, 'a:pending-updates');
    const posted = await say(harness, place.message('pending'));
    const call = posted.calls.find((c) => connectionOf(cardOfCall(c)) === W.pendingConnectionName)!;

    harness.sim.world.approveConnection({ server: orders, connectionName: W.pendingConnectionName });
    await harness.app.approvals.watcher.cycle();
    await harness.connector.waitFor(() =>
      harness.connector
        .of('update')
        .some(
          (u) =>
            u.activityId === call.newId && textsOf(cardOfCall(u))[1]?.startsWith('Approved outside Teams'),
        ),
    );
    const update = harness.connector.of('update').find((u) => u.activityId === call.newId)!;
    expect(update.conversationId).toBe(place.key);
    expect(hasButtons(cardOfCall(update))).toBe(false);

    const now = await say(harness, place.message('pending'));
    expect(textsOf(now.cards[0])).toEqual(['Pending requests', '1 open request(s).', 'Already posted here']);
  });

  it('says so when nothing is open, and shows the oldest ten when more are', async () => {
    const sandbox = { ...orders, serverName: 'pg-sandbox' };
    harness.sim.world.approveConnection({ server: orders, connectionName: W.pendingConnectionName });
    harness.sim.world.rejectConnection({ server: sandbox, connectionName: second }, 'not this one');
    await harness.app.approvals.watcher.cycle();
    const place = personalChat(harness, 'a:pending-none');
    expect((await say(harness, place.message('pending'))).texts).toEqual([
      'No open approval requests on servers you can see.',
    ]);

    const names = Array.from({ length: 11 }, (_, i) =>
      requestConnection(harness, 'pg-sandbox', `pe-many-${String(i).padStart(2, '0')}`),
    );
    await harness.app.approvals.watcher.cycle();
    const many = await say(harness, place.message('pending'));
    expect(connectionsOf(many.cards)).toHaveLength(10);
    expect(textsOf(many.cards.at(-1))).toEqual([
      'Pending requests',
      '11 open request(s). Showing the oldest 10.',
    ]);
    // The oldest ten, in the order they were seen.
    const open = await harness.app.store.requests.listOpen();
    expect(open.map((r) => r.connectionName).sort()).toEqual([...names].sort());
    expect(connectionsOf(many.cards)).toEqual(
      open
        .slice(0, 10)
        .map((r) => r.connectionName)
        .sort(),
    );
  });
});
