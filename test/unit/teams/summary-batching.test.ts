import pino from 'pino';
import type { Activity } from 'botbuilder';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store';
import type { StoredReference } from '../../../src/store/conversation-records';
import type { ApprovalRequest } from '../../../src/store/request-records';
import { ApprovalNotifier } from '../../../src/teams/approval-notifier';
import { SummaryBatching } from '../../../src/teams/summary-batching';
import { summaryCoverKey } from '../../../src/teams/summary-cover';
import type { TeamsMessenger } from '../../../src/teams/teams-messenger';
import { newRequest, reference, subscription, TestClock } from '../store/store-fixtures';

/**
 * The batching's exactly-once across failures, with the real store and notifier: Teams (the messenger) is the only
 * stand-in, so a failing post and a crash between reserving and posting can be staged.
 */
const CHANNEL = '19:approvers@thread.tacv2';
const RESERVATION_TIMEOUT_MS = 60_000;

/** Teams as the notifier sees it: the title of every card posted, and a switch to refuse posts. */
class ScriptedMessenger {
  readonly titles: string[] = [];
  refusing = false;
  private next = 0;

  /** Plain messages (a reminder in someone's chat with the bot). */
  readonly messages: string[] = [];

  async post(reference: StoredReference, _kind: string, activity: Partial<Activity>) {
    if (this.refusing) throw Object.assign(new Error('teams answered 429'), { statusCode: 429 });
    const body = (activity.attachments?.[0]?.content as { body: Array<{ text?: string }> } | undefined)?.body;
    if (body) this.titles.push(body[0]?.text ?? '');
    else this.messages.push(activity.text ?? '');
    const activityId = `a-${++this.next}`;
    return { reference, activityId, threadRootId: activityId };
  }
}

async function world() {
  const clock = new TestClock();
  const store = new SqliteStore({
    path: ':memory:',
    now: clock.now,
    cardReservationTimeoutMs: RESERVATION_TIMEOUT_MS,
  });
  await store.subscriptions.add(subscription(CHANNEL));
  const messenger = new ScriptedMessenger();
  const logger = pino({ level: 'silent' });
  const teams = messenger as unknown as TeamsMessenger;
  const notifier = new ApprovalNotifier(store, teams, logger, clock.now);
  const batching = new SummaryBatching(notifier, store, teams, logger);
  const requests: ApprovalRequest[] = [];
  /** A watcher cycle: every open request is published as pending, then the cycle ends. */
  const cycle = async (newOnes = 0) => {
    for (let i = 0; i < newOnes; i++)
      requests.push((await store.requests.insertIfAbsent(newRequest(`pe-${requests.length}.1111`))).request);
    for (const request of requests)
      await batching.publish({ type: 'RequestPending', request, firstSeen: false });
    await batching.cycleEnded();
  };
  const summaries = () => messenger.titles.filter((t) => /new requests on/.test(t));
  const cards = () => messenger.titles.filter((t) => !/new requests on/.test(t));
  return { clock, store, messenger, notifier, requests, cycle, summaries, cards };
}

it('ten new requests in a cycle get a card each; eleven get one summary', async () => {
  const few = await world();
  await few.cycle(10);
  expect(few.cards()).toHaveLength(10);
  expect(few.summaries()).toEqual([]);

  const many = await world();
  await many.cycle(11);
  expect(many.summaries()).toEqual(['11 new requests on 1 server']);
  expect(many.cards()).toEqual([]);
  await many.cycle(2);
  expect(many.cards()).toHaveLength(2);
  expect(many.summaries()).toHaveLength(1);
});

it('a summary Teams refused is tried again next cycle, and the requests get no card of their own meanwhile', async () => {
  const w = await world();
  w.messenger.refusing = true;
  await w.cycle(12);
  expect(w.messenger.titles).toEqual([]);
  w.messenger.refusing = false;
  await w.cycle();
  expect(w.summaries()).toEqual(['12 new requests on 1 server']);
  expect(w.cards()).toEqual([]);
});

it('a crash between reserving the covers and posting: nothing until the reservations time out, then one summary', async () => {
  const w = await world();
  for (let i = 0; i < 12; i++)
    w.requests.push((await w.store.requests.insertIfAbsent(newRequest(`pe-${i}.1111`))).request);
  // What the crashed process left: every cover reserved, no summary posted.
  for (const request of w.requests) await w.store.cards.reserveCard(summaryCoverKey(request.id), CHANNEL);
  await w.cycle();
  expect(w.messenger.titles).toEqual([]);
  w.clock.advance(RESERVATION_TIMEOUT_MS);
  await w.cycle();
  expect(w.summaries()).toEqual(['12 new requests on 1 server']);
  expect(w.cards()).toEqual([]);
  await w.cycle();
  expect(w.messenger.titles).toHaveLength(1);
});

it('a requester whose request is only on a summary is told so when reminded, not that nobody watches', async () => {
  const w = await world();
  await w.cycle(11);
  const [request] = w.requests;
  const riley = { aadObjectId: 'rrrr', name: 'Riley Requester' };
  await w.store.requests.annotate(request!.id, { requester: riley });
  await w.store.conversations.savePersonalConversation({
    aadObjectId: riley.aadObjectId,
    tenantId: 'tenant-1',
    reference: reference('a:riley'),
  });
  const asked = (await w.store.requests.get(request!.id))!;
  await w.notifier.publish({ type: 'ReminderDue', request: asked, period: 1, waitedMs: 3_600_000 });
  expect(w.messenger.messages).toEqual([expect.stringContaining('on a summary card')]);
});
