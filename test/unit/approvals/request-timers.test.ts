import pino from 'pino';
import type { Activity } from 'botbuilder';
import { EventFanOut } from '../../../src/approvals/events';
import { EXPIRY_ACTOR } from '../../../src/approvals/expiry';
import { RequestTimers } from '../../../src/approvals/request-timers';
import type { Acting } from '../../../src/identity/acting';
import { parseDuration } from '../../../src/config/request-timer-settings';
import type { StoredReference } from '../../../src/store/conversation-records';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store';
import { ApprovalNotifier } from '../../../src/teams/approval-notifier';
import type { TeamsMessenger } from '../../../src/teams/teams-messenger';
import { newRequest, reference, subscription, TestClock } from '../store/store-fixtures';

const logger = pino({ level: 'silent' });
const SECOND = 1000;

/** Teams as the notifier sees it: what was sent where. */
class RecordingMessenger {
  readonly sent: Array<{ kind: 'post' | 'reply' | 'update'; conversationId: string; text?: string }> = [];
  private next = 0;

  async post(ref: StoredReference, _kind: string, activity: Partial<Activity>) {
    this.record('post', ref, activity);
    const activityId = `a-${++this.next}`;
    return { reference: ref, activityId, threadRootId: activityId };
  }
  async reply(ref: StoredReference, activity: Partial<Activity>) {
    this.record('reply', ref, activity);
    return `a-${++this.next}`;
  }
  async update(ref: StoredReference, _activityId: string, activity: Partial<Activity>) {
    this.record('update', ref, activity);
  }
  private record(kind: 'post' | 'reply' | 'update', ref: StoredReference, activity: Partial<Activity>) {
    this.sent.push({
      kind,
      conversationId: ref.conversation?.id ?? '',
      ...(activity.text ? { text: activity.text } : {}),
    });
  }
  replies(conversationId?: string) {
    return this.sent.filter(
      (s) => s.kind === 'reply' && (!conversationId || s.conversationId === conversationId),
    );
  }
}

const bot = { kind: 'bot', gateway: {} } as unknown as Acting;

async function world(
  settings: { remind?: string; escalate?: string; expire?: string },
  /** Whether an approvers' channel has the card (default yes). */
  withCard = true,
) {
  const clock = new TestClock();
  const store = new SqliteStore({ path: ':memory:', now: clock.now });
  const messenger = new RecordingMessenger();
  const events = new EventFanOut();
  /** What the sweep handed to the decision runner (which writes to Azure; tested with the simulator elsewhere). */
  const started: Array<{ requestId: string; acting: Acting | undefined }> = [];
  events.add(new ApprovalNotifier(store, messenger as unknown as TeamsMessenger, logger, clock.now));
  const timers = new RequestTimers(
    store,
    events,
    {
      remindAfter: parseDuration('REMIND_AFTER', settings.remind),
      escalateAfter: parseDuration('ESCALATE_AFTER', settings.escalate),
      expireAfter: parseDuration('EXPIRE_AFTER', settings.expire),
    },
    logger,
    clock.now,
    { runner: { start: (requestId, acting) => started.push({ requestId, acting }) }, bot },
  );
  const { request } = await store.requests.insertIfAbsent(newRequest());
  // The card is in one channel, as the watcher's RequestPending would have left it.
  if (withCard) await store.subscriptions.add(subscription('19:approvers@thread.tacv2'));
  await events.publish({ type: 'RequestPending', request, firstSeen: true });
  return { clock, store, messenger, timers, request, started };
}

describe('reminders (REMIND_AFTER)', () => {
  it('remind once per period in the card thread, however often the sweep runs', async () => {
    const { clock, messenger, timers } = await world({ remind: '30s' });
    await timers.sweep();
    clock.advance(29 * SECOND);
    await timers.sweep();
    expect(messenger.replies()).toHaveLength(0);

    clock.advance(1 * SECOND);
    await timers.sweep();
    await timers.sweep();
    clock.advance(15 * SECOND);
    await timers.sweep();
    expect(messenger.replies().map((r) => r.text)).toEqual([
      'Reminder: the connection pe-adf.1111 to pg-sandbox has waited 30 seconds for a decision.',
    ]);

    clock.advance(15 * SECOND); // 60 s: the second period
    await timers.sweep();
    await timers.sweep();
    expect(messenger.replies().map((r) => r.text)).toHaveLength(2);
    expect(messenger.replies()[1]!.text).toContain('has waited 60 seconds');
  });

  it('re-render the card with each reminder, so its age moves on', async () => {
    const { clock, messenger, timers } = await world({ remind: '1h' });
    clock.advance(3600 * SECOND);
    await timers.sweep();
    const updates = messenger.sent.filter((s) => s.kind === 'update');
    expect(updates).toHaveLength(1);
    await timers.sweep();
    expect(messenger.sent.filter((s) => s.kind === 'update')).toHaveLength(1);
  });

  it('after a long outage, send the current period only, not the ones missed', async () => {
    const { clock, messenger, timers } = await world({ remind: '30s' });
    clock.advance(125 * SECOND);
    await timers.sweep();
    expect(messenger.replies()).toHaveLength(1);
    expect(messenger.replies()[0]!.text).toContain('waited 2 minutes');
  });

  /** Riley asked through the bot and has a chat with it. */
  async function askedThroughTheBot(store: SqliteStore, requestId: string) {
    await store.requests.annotate(requestId, { requester: { aadObjectId: 'rrrr', name: 'Riley Requester' } });
    await store.conversations.savePersonalConversation({
      aadObjectId: 'rrrr',
      tenantId: 't',
      reference: reference('a:riley'),
    });
  }

  it('tell the requester in their chat with the bot, once per period', async () => {
    const { clock, store, messenger, timers, request } = await world({ remind: '30s' });
    await askedThroughTheBot(store, request.id);
    clock.advance(30 * SECOND);
    await timers.sweep();
    await timers.sweep();
    const toRequester = messenger.sent.filter((s) => s.conversationId === 'a:riley');
    expect(toRequester).toHaveLength(1);
    expect(toRequester[0]!.text).toContain('still waiting for an approver, 30 seconds after you asked');
    expect(toRequester[0]!.text).toContain('The approvers were reminded.');
  });

  it('tell the requester plainly when no approver has the card anywhere', async () => {
    const { clock, store, messenger, timers, request } = await world({ remind: '1h' }, false);
    await askedThroughTheBot(store, request.id);
    clock.advance(3600 * SECOND);
    await timers.sweep();
    expect(messenger.sent.map((s) => [s.conversationId, s.text])).toEqual([
      [
        'a:riley',
        expect.stringContaining('No Teams conversation watches this server for approval cards yet'),
      ],
    ]);
  });

  it('stop once the request is decided', async () => {
    const { clock, store, messenger, timers, request } = await world({ remind: '30s' });
    await store.requests.updateStatus(request.id, 'pending', 'decided-elsewhere', { decision: 'Approved' });
    clock.advance(60 * SECOND);
    expect(await timers.sweep()).toEqual({ waiting: 0, reminders: 0, escalated: 0, expired: 0 });
    expect(messenger.replies()).toHaveLength(0);
  });

  it('do nothing when REMIND_AFTER is off', async () => {
    const { clock, messenger, timers } = await world({});
    clock.advance(3 * 86_400 * SECOND);
    await timers.sweep();
    expect(timers.enabled).toBe(false);
    expect(messenger.sent.filter((s) => s.kind !== 'post')).toHaveLength(0);
  });
});

describe('escalation (ESCALATE_AFTER)', () => {
  const LEADS = '19:leads@thread.tacv2';

  it('posts the card once in each conversation watching for escalations, and says so in every thread, once', async () => {
    const { clock, store, messenger, timers, request } = await world({ escalate: '60s' });
    await store.subscriptions.add({ ...subscription(LEADS, 'rg-data'), purpose: 'escalation' });
    clock.advance(59 * SECOND);
    await timers.sweep();
    expect(messenger.sent.filter((s) => s.conversationId === LEADS)).toHaveLength(0);

    clock.advance(1 * SECOND);
    await timers.sweep();
    await timers.sweep();
    clock.advance(30 * SECOND);
    await timers.sweep();
    const posts = messenger.sent.filter((s) => s.kind === 'post');
    expect(posts.map((p) => p.conversationId)).toEqual(['19:approvers@thread.tacv2', LEADS]);
    // The escalated copy is the request's own card: listed with the others, so taps and updates reach it.
    expect((await store.cards.listCards(request.id)).map((c) => c.conversationId).sort()).toEqual([
      '19:approvers@thread.tacv2',
      LEADS,
    ]);
    expect(messenger.replies().map((r) => [r.conversationId, r.text])).toEqual([
      [
        '19:approvers@thread.tacv2',
        'Escalated: no decision on pe-adf.1111 to pg-sandbox after 60 seconds. The card was also posted to the conversations watching for escalations.',
      ],
      [LEADS, expect.stringContaining('Escalated: no decision')],
    ]);
  });

  it('says nothing when no conversation watches for escalations of that server', async () => {
    const { clock, store, messenger, timers } = await world({ escalate: '60s' });
    await store.subscriptions.add({ ...subscription(LEADS, 'pg-elsewhere'), purpose: 'escalation' });
    clock.advance(120 * SECOND);
    expect(await timers.sweep()).toMatchObject({ escalated: 1 });
    expect(messenger.sent.filter((s) => s.kind !== 'post')).toHaveLength(0);
    expect(messenger.sent.filter((s) => s.conversationId === LEADS)).toHaveLength(0);
  });
});

describe('expiry (EXPIRE_AFTER)', () => {
  it('claims a rejection as the bot, once, and hands it to the decision runner with the bot identity', async () => {
    const { clock, store, timers, request, started, messenger } = await world({
      remind: '30s',
      expire: '120s',
    });
    for (const seconds of [30, 30, 30, 29]) {
      clock.advance(seconds * SECOND);
      await timers.sweep();
    }
    expect(started).toEqual([]);
    expect(messenger.replies()).toHaveLength(3);

    clock.advance(1 * SECOND);
    expect(await timers.sweep()).toMatchObject({ expired: 1, reminders: 0 });
    await timers.sweep();
    expect(started).toEqual([{ requestId: request.id, acting: bot }]);
    const claimed = await store.requests.get(request.id);
    expect(claimed?.status).toBe('deciding');
    expect(claimed?.decision).toMatchObject({
      decision: 'Rejected',
      by: EXPIRY_ACTOR,
      reason: 'Expired after 120s without a decision',
    });
    // No fourth reminder for a request that is being rejected.
    expect(messenger.replies()).toHaveLength(3);
  });

  it("does not try again after Azure refused the expiry; a person's failed attempt still expires", async () => {
    const { clock, store, timers, request, started } = await world({ expire: '1h' });
    clock.advance(3600 * SECOND);
    await timers.sweep();
    await store.requests.updateStatus(request.id, 'deciding', 'failed', { lastError: 'AuthorizationFailed' });
    clock.advance(3600 * SECOND);
    expect(await timers.sweep()).toMatchObject({ waiting: 1, expired: 0 });
    expect(started).toHaveLength(1);

    const person = { decision: 'Approved' as const, actorId: 'aad-avery', actorName: 'Avery' };
    const { request: other } = await store.requests.insertIfAbsent(newRequest('pe-adf.2222'));
    await store.decisions.claimDecision(other.id, person);
    await store.requests.updateStatus(other.id, 'deciding', 'failed', { lastError: 'throttled' });
    clock.advance(3600 * SECOND);
    await timers.sweep();
    expect(started.map((s) => s.requestId)).toEqual([request.id, other.id]);
  });

  it('loses cleanly to a decision claimed at the same moment', async () => {
    const { clock, store, timers, request, started } = await world({ expire: '2d' });
    await store.decisions.claimDecision(request.id, {
      decision: 'Approved',
      actorId: 'aad-avery',
      actorName: 'Avery',
    });
    clock.advance(3 * 86_400 * SECOND);
    await timers.sweep();
    expect(started).toEqual([]);
    expect((await store.requests.get(request.id))?.decision?.by?.name).toBe('Avery');
  });
});
