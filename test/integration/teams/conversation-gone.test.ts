import { SANDBOX_PEOPLE } from '../../../src/sandbox';
import { W } from '../../helpers/sandbox-azure';
import { cardOfCall, TeamsAppHarness } from '../../helpers/teams-app-harness';
import {
  approvalCardsIn,
  channel,
  connectionOf,
  groupChat,
  personalChat,
  type Place,
  requestConnection,
  say,
  TENANT,
} from './support';

/**
 * Teams answers 403 BotNotInConversationRoster where the bot was removed: that conversation's subscriptions are
 * dropped and audited, every other conversation still gets its card, and no later cycle tries there again.
 */
jest.setTimeout(30_000);

// Each test gets a bot of its own where four conversations watch every server (and one of them pg-orders too):
// the tests remove the bot from conversations and count what is dropped, which must not carry over between them.
let harness: TeamsAppHarness;
const store = () => harness.app.store;
const connector = () => harness.connector;
const refusedIn = (place: Place) =>
  connector().refused.filter((c) => c.conversationId.split(';')[0] === place.key);
const connectionsIn = (place: Place) =>
  approvalCardsIn(harness, place.key)
    .map((c) => connectionOf(cardOfCall(c)))
    .sort();

let removedChannel: Place;
let removedChat: Place;
let keptChannel: Place;
let keptPersonal: Place;

beforeEach(async () => {
  harness = await new TeamsAppHarness({ SANDBOX_LRO_SECONDS: '0.2' }).start();
  // Avery reads the whole subscription here, so `watch` covers every server: these tests are about conversations.
  await harness.grant(SANDBOX_PEOPLE.avery, 'reader');
  await harness.app.approvals.watcher.cycle();
  removedChannel = channel(harness, '19:gone-channel@thread.tacv2');
  removedChat = groupChat('19:gone-group-chat@thread.v2');
  keptChannel = channel(harness, '19:kept-channel@thread.tacv2');
  keptPersonal = personalChat(harness, 'a:kept-personal');
  for (const place of [removedChannel, removedChat, keptChannel, keptPersonal]) {
    await say(harness, place.message('watch'));
  }
  await say(harness, removedChannel.message('watch pg-orders'));
});
afterEach(() => harness.stop());

/** The bot is removed from the channel and the group chat, then the watcher posts the seeded request's cards. */
async function removeBotAndPost(): Promise<void> {
  connector().removedConversations.add(removedChannel.key);
  connector().removedConversations.add(removedChat.key);
  await harness.app.approvals.watcher.cycle();
}

describe('403 BotNotInConversationRoster', () => {
  it('drops the subscriptions there, audits it, and the other conversations still get their card', async () => {
    await removeBotAndPost();

    expect(connectionsIn(keptChannel)).toEqual([W.pendingConnectionName]);
    expect(connectionsIn(keptPersonal)).toEqual([W.pendingConnectionName]);
    // One attempt each: a new thread in the channel, a message in the chat.
    expect(refusedIn(removedChannel).map((c) => c.kind)).toEqual(['create']);
    expect(refusedIn(removedChat)).toHaveLength(1);

    expect(await store().subscriptions.listForConversation(removedChannel.key)).toEqual([]);
    expect(await store().subscriptions.listForConversation(removedChat.key)).toEqual([]);
    expect(await store().subscriptions.listForConversation(keptChannel.key)).toHaveLength(1);
    const dropped = await store().audit.list({ action: 'subscription-dropped' });
    expect(dropped).toHaveLength(2);
    expect(dropped.map((e) => e.detail).sort()).toEqual([
      'Teams answered 403 BotNotInConversationRoster; 1 subscription(s) removed',
      'Teams answered 403 BotNotInConversationRoster; 2 subscription(s) removed',
    ]);
    for (const entry of dropped) expect(entry.tenantId).toBe(TENANT);
  });

  it('later cycles and new requests do not try those conversations again', async () => {
    await removeBotAndPost();
    const name = requestConnection(harness, 'pg-orders', 'pe-after-removal');
    await harness.app.approvals.watcher.cycle();
    await harness.app.approvals.watcher.cycle();

    expect(connectionsIn(keptChannel)).toEqual([W.pendingConnectionName, name].sort());
    expect(connectionsIn(keptPersonal)).toEqual([W.pendingConnectionName, name].sort());
    expect(refusedIn(removedChannel)).toHaveLength(1);
    expect(refusedIn(removedChat)).toHaveLength(1);
    expect(await store().audit.list({ action: 'subscription-dropped' })).toHaveLength(2);
  });

  it('a conversation that adds the bot back and says watch gets every open card', async () => {
    await removeBotAndPost();
    expect(await store().subscriptions.listForConversation(removedChat.key)).toEqual([]);
    connector().removedConversations.delete(removedChat.key);
    await say(harness, removedChat.message('watch'));
    await harness.app.approvals.watcher.cycle();
    const open = (await store().requests.listOpen()).map((r) => r.connectionName).sort();
    expect(connectionsIn(removedChat)).toEqual(open);
  });

  it('a 403 on updating a card there drops the subscription too, once', async () => {
    // The bot is removed from a chat that already has cards; then a request is decided.
    await harness.app.approvals.watcher.cycle();
    expect(connectionsIn(keptPersonal)).toEqual([W.pendingConnectionName]);
    connector().removedConversations.add(keptPersonal.key);
    const request = (await store().requests.listOpen()).find(
      (r) => r.connectionName === W.pendingConnectionName,
    )!;
    const answer = await harness.post(harness.tap('approve', request.id));
    expect(answer.body).toMatchObject({ statusCode: 200 });
    await harness.app.approvals.runner.idle();

    // The other copies were updated; the removed chat was tried and its subscription dropped.
    await connector().waitFor((calls) =>
      calls.some(
        (c) =>
          c.kind === 'update' &&
          c.conversationId.startsWith(keptChannel.key) &&
          JSON.stringify(c.body).includes('Approved by Avery Approver'),
      ),
    );
    expect(refusedIn(keptPersonal).length).toBeGreaterThan(0);
    expect(await store().subscriptions.listForConversation(keptPersonal.key)).toEqual([]);
    const dropped = await store().audit.list({ action: 'subscription-dropped' });
    expect(dropped).toHaveLength(1);

    const tried = refusedIn(keptPersonal).length;
    requestConnection(harness, 'pg-sandbox', 'pe-after-update-403');
    await harness.app.approvals.watcher.cycle();
    expect(refusedIn(keptPersonal)).toHaveLength(tried);
  });
});
