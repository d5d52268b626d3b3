import { seededConnection } from '../../helpers/sandbox-azure';
import { cardOfCall, cardText, hasButtons, TeamsAppHarness } from '../../helpers/teams-app-harness';
import { approvalCardsIn, callsIn, channel, fact, factsOf, say } from '../teams/support';
import { part } from '../../helpers/scenario';

/**
 * The "done when" for requests nobody decides, over real HTTP with the sandbox: REMIND_AFTER=30s,
 * ESCALATE_AFTER=60s, EXPIRE_AFTER=120s; one reminder per period, the escalation channel gets the card once, the
 * connection is rejected in (simulated) Azure as expired at 120 s, and nothing fires twice across restarts. No
 * waiting: the bot's clock is moved and the sweep run, as the leader's schedule would.
 */
jest.setTimeout(180_000);

/** The bot's clock: real until the request is seen, then exactly `at` (what the sweep and the cards read). */
let at: number | undefined;
const harness = new TeamsAppHarness(
  { REMIND_AFTER: '30s', ESCALATE_AFTER: '60s', EXPIRE_AFTER: '120s', SANDBOX_LRO_SECONDS: '0.2' },
  undefined,
  undefined,
  { clock: () => new Date(at ?? Date.now()) },
);
const APPROVERS = '19:approvers0c5c4c1b8b7f4b9d9f0d2d8f6c1a0e3b@thread.tacv2';
const LEADS = '19:leads@thread.tacv2';
let requestId: string;
let firstSeen: number;

const textsIn = (key: string, kind: 'reply' | 'update') =>
  callsIn(harness, key)
    .filter((c) => c.kind === kind)
    .map((c) => String(c.body['text'] ?? cardText(cardOfCall(c))));
const remindersIn = (key: string) => textsIn(key, 'reply').filter((t) => t.startsWith('Reminder:'));
const escalationsIn = (key: string) => textsIn(key, 'reply').filter((t) => t.startsWith('Escalated:'));

/** The bot's clock `seconds` after the request was first seen, and one sweep of the leader. */
async function sweepAt(seconds: number) {
  at = firstSeen + seconds * 1000;
  return harness.app.approvals.timers.sweep();
}

beforeAll(async () => {
  await harness.start();
  expect((await harness.post(harness.channelMessage('watch'))).status).toBe(200);
  await harness.app.approvals.watcher.cycle();
  await harness.connector.waitFor(() => approvalCardsIn(harness, APPROVERS).length === 1);
  const request = (await harness.app.store.requests.listOpen())[0]!;
  requestId = request.id;
  firstSeen = request.firstSeenAt.getTime();
});
afterAll(() => harness.stop());

it('a request nobody decides: one scenario, each part building on the one before', async () => {
  await part('watch --escalation is answered with what will come', async () => {
    const leads = channel(harness, LEADS);
    const answer = await say(harness, leads.message('watch --escalation'));
    expect(answer.texts).toEqual([
      expect.stringMatching(
        /^Watching pg-orders.* for escalations: .*requests still undecided after 60s .*posted here/,
      ),
    ]);
    expect(approvalCardsIn(harness, LEADS)).toHaveLength(0);
  });

  await part('gets one reminder per period in the card thread, across a restart', async () => {
    await sweepAt(29);
    expect(remindersIn(APPROVERS)).toEqual([]);
    await sweepAt(30);
    await sweepAt(45);
    expect(remindersIn(APPROVERS)).toEqual(
      [
        'Reminder: the connection pe-adf-contoso-pg-orders.4f2a to pg-orders has waited 30 seconds for a decision.',
      ].map(() =>
        expect.stringMatching(/^Reminder: .* to pg-orders has waited 30 seconds for a decision\.$/),
      ),
    );

    // The reminder re-rendered the card: its age and expiry are as of then, not as of posting.
    const posted = cardOfCall(approvalCardsIn(harness, APPROVERS)[0]!);
    expect([fact(posted, 'Asked'), fact(posted, 'Expires')]).toEqual([
      expect.stringMatching(/^just now /),
      expect.stringMatching(/^in 2 min .*unless someone decides first \(EXPIRE_AFTER 120s\)$/),
    ]);
    const updated = cardOfCall(
      callsIn(harness, APPROVERS)
        .filter((c) => c.kind === 'update')
        .at(-1)!,
    );
    expect([fact(updated, 'Asked'), fact(updated, 'Expires')]).toEqual([
      expect.stringMatching(/^1 min ago /),
      expect.stringMatching(/^in 2 min /),
    ]);

    await harness.restart();
    await sweepAt(50);
    expect(remindersIn(APPROVERS)).toHaveLength(1);
  });

  await part(
    'is escalated at 60 s: the card once in the escalation channel, a card of the request, one note per thread',
    async () => {
      await sweepAt(60);
      await sweepAt(75);
      await harness.app.approvals.watcher.cycle(); // the watcher's own pass posts nothing more there
      expect(remindersIn(APPROVERS)).toHaveLength(2);
      const escalated = approvalCardsIn(harness, LEADS);
      expect(escalated).toHaveLength(1);
      expect(hasButtons(cardOfCall(escalated[0]!))).toBe(true);
      expect(escalationsIn(APPROVERS)).toEqual([expect.stringContaining('after 60 seconds')]);
      expect(escalationsIn(LEADS)).toHaveLength(1);
      // The escalated copy is one of the request's cards: a tap on it passes the decision path's card check, and
      // every update of the request reaches it (checked at expiry below).
      expect((await harness.app.store.cards.listCards(requestId)).map((c) => c.activityId)).toContain(
        escalated[0]!.newId,
      );

      await harness.restart();
      await sweepAt(80);
      expect(approvalCardsIn(harness, LEADS)).toHaveLength(1);
      expect(escalationsIn(APPROVERS)).toHaveLength(1);
    },
  );

  await part(
    'is rejected in Azure as expired at 120 s, every card says so, and nothing fires again',
    async () => {
      await sweepAt(90);
      expect(remindersIn(APPROVERS)).toHaveLength(3);
      // The escalation channel got the card in period 2 (that was its reminder), then period 3's reminder.
      expect(remindersIn(LEADS)).toEqual([expect.stringContaining('has waited 90 seconds')]);
      await sweepAt(119);
      expect(harness.sim.world.getConnection(seededConnection)?.status).toBe('Pending');

      expect(await sweepAt(120)).toMatchObject({ expired: 1, reminders: 0 });
      const rejected = () =>
        textsIn(APPROVERS, 'update').some((t) => t.includes('Rejected by Private Link bot')) &&
        textsIn(LEADS, 'update').some((t) => t.includes('Rejected by Private Link bot'));
      await harness.connector.waitFor(rejected, 20_000);
      const connection = harness.sim.world.getConnection(seededConnection);
      expect(connection?.status).toBe('Rejected');
      expect(connection?.description).toBe(
        'Rejected by Private Link bot via Teams: Expired after 120s without a decision',
      );
      const [audit] = await harness.app.store.audit.list({ requestId, action: 'reject' });
      expect(audit).toMatchObject({
        actor: { name: 'Private Link bot' },
        reason: 'Expired after 120s without a decision',
        writtenAs: 'bot',
      });
      await harness.connector.waitFor(() =>
        textsIn(APPROVERS, 'reply').some((t) => t.includes('Private Link bot rejected the connection')),
      );
      expect(harness.sim.requests.count({ method: 'PUT', path: /privateEndpointConnections\// })).toBe(1);

      await harness.restart();
      for (const seconds of [150, 180, 240, 3600]) await sweepAt(seconds);
      await harness.app.approvals.watcher.cycle();
      await harness.app.approvals.runner.idle();
      expect(remindersIn(APPROVERS)).toHaveLength(3);
      expect(remindersIn(LEADS)).toHaveLength(1);
      expect(escalationsIn(APPROVERS)).toHaveLength(1);
      expect(approvalCardsIn(harness, LEADS)).toHaveLength(1);
      // The simulator's request log started again with the restart: no second write since.
      expect(harness.sim.requests.count({ method: 'PUT', path: /privateEndpointConnections\// })).toBe(0);
      expect(await harness.app.store.audit.list({ requestId, action: 'reject' })).toHaveLength(1);
    },
  );

  await part(
    'watching names the escalation subscriptions, and unwatch --escalation removes them all',
    async () => {
      const leads = channel(harness, LEADS);
      const watching = await say(harness, leads.message('watching'));
      const labels = factsOf(watching.cards[0]).map(([label]) => label);
      expect(labels.length).toBeGreaterThan(0);
      for (const label of labels) expect(label).toMatch(/ \(escalations only\)$/);
      const stopped = await say(harness, leads.message('unwatch --escalation'));
      expect(stopped.texts).toEqual([
        expect.stringMatching(
          /^Stopped watching .*\(escalations only\).* This conversation watches nothing now\.$/,
        ),
      ]);
    },
  );
});
